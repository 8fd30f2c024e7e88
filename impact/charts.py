"""The impact page's charts, drawn on the server as SVG with matplotlib (its SVG canvas on a Figure
of its own per chart: no pyplot, no shared state, safe in threads). Text stays text in the page's
font; series differ by hatching and light/dark, not by colour alone; each chart carries a title
for screen readers, and the page shows its figures as a table beside it."""

import re
from io import StringIO

import matplotlib
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django_countries import countries
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

# Read when a figure is drawn; set once, the same for every chart (text as <text>, stable ids).
matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "impact", "font.size": 11})

PERCENT_TICKS = [0, 25, 50, 75, 100]
DARK, MID, LIGHT = "#222222", "#777777", "#dddddd"
WIDTH = 7.2  # inches at 72 pt: about 520 CSS pixels, scaled to the column by CSS

_ID = re.compile(r'\bid="([^"]+)"')
_STYLE = re.compile(r'\sstyle="([^"]*)"')


def _as_attributes(match: re.Match) -> str:
    """style="fill: #fff; font: 11px 'DejaVu Sans'" as SVG presentation attributes, the font left to
    the page (only its size kept)."""
    attributes = []
    for declaration in match.group(1).split(";"):
        name, _colon, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if not name or name == "font-family":
            continue
        if name == "font":
            size = re.search(r"([\d.]+px)", value)
            if size:
                attributes.append(f'font-size="{size.group(1)}"')
            continue
        attributes.append(f'{name}="{value}"')
    return (" " + " ".join(attributes)) if attributes else ""


def _svg(figure: Figure, *, name: str, title: str, description: str) -> str:
    """The figure as inline SVG: no XML prologue, ids made unique on the page, the page's font, a
    <title> and <desc> named by aria-labelledby, and sized by CSS."""
    buffer = StringIO()
    FigureCanvasSVG(figure).print_svg(buffer)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = _ID.sub(lambda match: f'id="{name}-{match.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda match: f"url(#{name}-{match.group(1)})", svg)
    svg = re.sub(r'xlink:href="#([^"]+)"', lambda match: f'xlink:href="#{name}-{match.group(1)}"', svg)
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.S)
    svg = _STYLE.sub(_as_attributes, svg)  # the site's CSP allows no style attributes
    svg = re.sub(r'(<svg[^>]*?) width="[^"]*" height="[^"]*"', r"\1", svg, count=1)
    label = f'<title id="{name}-title">{_escape(title)}</title><desc id="{name}-desc">{_escape(description)}</desc>'
    svg = svg.replace(
        "<svg ", f'<svg class="chart__svg" role="img" aria-labelledby="{name}-title {name}-desc" focusable="false" ', 1
    )
    return re.sub(r"(<svg[^>]*>)", r"\1" + label.replace("\\", "\\\\"), svg, count=1)


def _escape(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _figure(height: float) -> tuple[Figure, object]:
    figure = Figure(figsize=(WIDTH, height), layout="constrained")
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no "2.5 cases"
    return figure, axes


def _empty(name: str, title: str) -> str:
    figure, axes = _figure(1.2)
    axes.set_axis_off()
    axes.text(0.5, 0.5, _("No figures yet."), ha="center", va="center")
    return _svg(figure, name=name, title=title, description=_("No figures yet."))


def cases_by_year(figures: dict) -> str:
    title = _("Cases and outcomes by year")
    rows = figures["by_year"]
    if not rows:
        return _empty("cases-by-year", title)
    years = [str(row["year"]) for row in rows]
    positive = [row["positive"] for row in rows]
    other_closed = [row["closed"] - row["positive"] for row in rows]
    still_open = [row["cases"] - row["closed"] for row in rows]
    figure, axes = _figure(3.4)
    positions = list(range(len(years)))
    axes.bar(positions, positive, color=DARK, edgecolor=DARK, label=_("Closed, positive outcome"))
    axes.bar(
        positions,
        other_closed,
        bottom=positive,
        color=LIGHT,
        edgecolor=DARK,
        hatch="//",
        label=_("Closed, no positive outcome"),
    )
    bottom = [a + b for a, b in zip(positive, other_closed, strict=True)]
    axes.bar(positions, still_open, bottom=bottom, color="white", edgecolor=DARK, label=_("Open"))
    for index, row in enumerate(rows):
        axes.annotate(str(row["cases"]), (index, row["cases"]), ha="center", va="bottom", fontsize=9)
    axes.set_ylabel(_("Cases issued"))
    axes.legend(loc="upper left", frameon=False, fontsize=9)
    axes.set_xticks(positions, years, rotation=45 if len(years) > 10 else 0)
    description = "; ".join(
        _("%(year)s: %(cases)s cases, %(closed)s closed, %(positive)s with a positive outcome")
        % {"year": row["year"], "cases": row["cases"], "closed": row["closed"], "positive": row["positive"]}
        for row in rows
    )
    return _svg(figure, name="cases-by-year", title=title, description=description)


def success_by_year(figures: dict) -> str:
    title = _("Success rate by year")
    rows = [row for row in figures["by_year"] if row["success_rate"] is not None]
    if not rows:
        return _empty("success-by-year", title)
    years = [str(row["year"]) for row in rows]
    rates = [row["success_rate"] for row in rows]
    figure, axes = _figure(2.8)
    positions = list(range(len(years)))
    axes.plot(positions, rates, color=DARK, marker="o")
    for index, rate in enumerate(rates):
        axes.annotate(
            f"{number_format(rate, 0)} %",
            (index, rate),
            textcoords="offset points",
            xytext=(0, 6),
            ha="center",
            fontsize=9,
        )
    axes.set_ylim(0, 110)
    axes.set_yticks(PERCENT_TICKS)
    axes.set_ylabel(_("Success rate (%)"))
    axes.set_xticks(positions, years, rotation=45 if len(years) > 10 else 0)
    description = "; ".join(f"{row['year']}: {number_format(row['success_rate'], 1)} %" for row in rows)
    return _svg(figure, name="success-by-year", title=title, description=description)


def success_by_country(figures: dict) -> str:
    title = _("Success rate by country")
    rows = [row for row in figures["by_country"] if row["success_rate"] is not None]
    if not rows:
        return _empty("success-by-country", title)
    rows = list(reversed(rows))
    names = [str(countries.name(row["country"])) or row["country"] for row in rows]
    rates = [row["success_rate"] for row in rows]
    figure, axes = _figure(0.8 + 0.32 * len(rows))
    axes.barh(range(len(names)), rates, color=MID, edgecolor=DARK)
    axes.set_yticks(range(len(names)), names)
    for index, row in enumerate(rows):
        axes.annotate(
            f"{number_format(row['success_rate'], 0)} % ({row['positive']}/{row['closed']})",
            (row["success_rate"], index),
            textcoords="offset points",
            xytext=(4, 0),
            va="center",
            fontsize=9,
        )
    axes.set_xlim(0, 130)
    axes.set_xticks(PERCENT_TICKS)
    axes.set_xlabel(_("Closed cases with a positive outcome (%)"))
    description = "; ".join(f"{name}: {number_format(rate, 1)} %" for name, rate in zip(names, rates, strict=True))
    return _svg(figure, name="success-by-country", title=title, description=description)


def letters_per_month(figures: dict) -> str:
    title = _("Letters reported per month")
    rows = figures["letters_per_month"][-36:]
    if not rows:
        return _empty("letters-per-month", title)
    months = [row["month"] for row in rows]
    figure, axes = _figure(2.8)
    axes.bar(range(len(months)), [row["letters"] for row in rows], color=MID, edgecolor=DARK)
    step = max(1, len(months) // 12)
    axes.set_xticks(range(0, len(months), step), months[::step], rotation=45, ha="right")
    axes.set_ylabel(_("Letters"))
    description = "; ".join(f"{row['month']}: {row['letters']}" for row in rows)
    return _svg(figure, name="letters-per-month", title=title, description=description)


def draw_charts(figures: dict) -> dict[str, str]:
    """Every chart of the impact page, in the active language."""
    return {
        "cases_by_year": cases_by_year(figures),
        "success_by_year": success_by_year(figures),
        "success_by_country": success_by_country(figures),
        "letters_per_month": letters_per_month(figures),
    }


def member_letters_chart(months: list[dict]) -> str:
    """A member's own letters per month (the "My Urgent Actions" page; never cached publicly)."""
    title = _("My letters per month")
    if not months:
        return _empty("my-letters", title)
    figure, axes = _figure(2.2)
    labels = [row["month"] for row in months]
    axes.bar(range(len(labels)), [row["letters"] for row in months], color=MID, edgecolor=DARK)
    step = max(1, len(labels) // 12)
    axes.set_xticks(range(0, len(labels), step), labels[::step], rotation=45, ha="right")
    description = "; ".join(f"{row['month']}: {row['letters']}" for row in months)
    return _svg(figure, name="my-letters", title=title, description=description)


def daily_letters_chart(days: list[dict]) -> str:
    """Letters reported each day (the staff statistics)."""
    title = _("Letters per day")
    figure, axes = _figure(2.6)
    axes.bar(range(len(days)), [row["letters"] for row in days], color=MID, edgecolor=DARK, linewidth=0.3)
    step = max(1, len(days) // 9)
    axes.set_xticks(range(0, len(days), step), [f"{row['day']:%d.%m.}" for row in days[::step]])
    axes.set_ylabel(_("Letters"))
    description = "; ".join(f"{row['day']:%Y-%m-%d}: {row['letters']}" for row in days if row["letters"])
    return _svg(figure, name="letters-per-day", title=title, description=description or _("No letters reported."))
