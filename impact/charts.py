"""The impact page's charts, drawn on the server as SVG with pygal (Kozea, the makers of WeasyPrint):
a chart is a few milliseconds of Python, so a filtered page draws its own within its time.

pygal styles its drawing with a <style> element and a script; the site's CSP allows neither, so both
go, and what the stylesheet said is written as SVG presentation attributes (`_dress`). Text stays
text in the page's font; series differ by lightness and hatching, not by colour alone; each chart
carries a title and a description for screen readers, and the page shows its figures as a table
beside it."""

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pygal
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django_countries import countries
from lxml import etree
from pygal.style import Style

PERCENT_TICKS = [0, 25, 50, 75, 100]
DARK, MID, LIGHT, GUIDE = "#222222", "#767676", "#dddddd", "#cccccc"
WIDTH = 520  # pixels of the drawing, scaled to its column by CSS: text keeps about its size
FONT_SIZE = {"label": "12", "legend": "12", "value": "11", "title": "12", "no_data": "15"}
STYLE = Style(
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    value_font_size=11,
    title_font_size=12,
    no_data_font_size=15,
)


@dataclass(frozen=True)
class Paint:
    """How a series is drawn: its fill (a colour or a pattern of the chart's own) and outline."""

    fill: str
    stroke: str = DARK
    hatched: bool = False


SOLID, PALE, HATCHED, HOLLOW = Paint(DARK), Paint(LIGHT), Paint(LIGHT, hatched=True), Paint("#ffffff")


def _count(value: float) -> str:
    return number_format(round(value), 0, force_grouping=True)


def _percent(value: float) -> str:
    return f"{number_format(value, 0)} %"


def _count_ticks(highest: float) -> list[int]:
    """Whole counts from 0 past the highest, at 1, 2 or 5 times a power of ten: no "2.5 cases"."""
    highest = max(math.ceil(highest), 1)
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if highest / step <= 6:
                return list(range(0, step * math.ceil(highest / step) + 1, step))
        magnitude *= 10


def _chart(kind: type, *, height: int, **config: Any) -> pygal.graph.graph.Graph:
    return kind(
        width=WIDTH,
        height=height,
        style=STYLE,
        js=[],
        css=[],
        no_prefix=True,
        disable_xml_declaration=True,
        explicit_size=False,
        truncate_label=-1,
        truncate_legend=-1,
        **{"margin": 8, "spacing": 8, **config},
    )


def _svg(chart: pygal.graph.graph.Graph, *, name: str, title: str, description: str, paints: list[Paint]) -> str:
    """The chart as inline SVG: no stylesheet or script, ids unique on the page, the page's font, a
    <title> and <desc> named by aria-labelledby, and sized by CSS."""
    root = chart.render_tree()
    _dress(root, name=name, paints=paints)
    root.set("id", name)
    root.set("class", "chart__svg")
    root.set("role", "img")
    root.set("aria-labelledby", f"{name}-title {name}-desc")
    root.set("focusable", "false")
    label = etree.Element("title", id=f"{name}-title")
    label.text = str(title)
    about = etree.Element("desc", id=f"{name}-desc")
    about.text = str(description)
    root.insert(0, about)
    root.insert(0, label)
    return etree.tostring(root, encoding="unicode")


def _classes(element: etree._Element) -> set[str]:
    return set((element.get("class") or "").split())


def _dress(root: etree._Element, *, name: str, paints: list[Paint]) -> None:
    """What pygal's stylesheet said, as attributes; its script, style, tooltips and comments gone."""
    for element in list(root.iter(etree.Comment, "script", "style", "title", "desc")):
        element.getparent().remove(element)
    for element in list(root.iter("g")):
        if {"tooltip-overlay", "overlay"} & _classes(element):
            element.getparent().remove(element)
    for element in root.iter():
        element.attrib.pop("id", None)  # pygal's ids repeat from chart to chart
    defs = root.find("defs")
    for index, paint in enumerate(paints):
        if paint.hatched:
            pattern = etree.SubElement(
                defs, "pattern", id=f"{name}-hatch-{index}", width="6", height="6", patternUnits="userSpaceOnUse"
            )
            etree.SubElement(pattern, "rect", width="6", height="6", fill=paint.fill)
            etree.SubElement(pattern, "path", d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2", stroke=DARK)
    graph = root.find("g")
    kind = _classes(graph)
    _dress_tree(graph, {"horizontal": "horizontal" in kind}, name=name, paints=paints)


def _fill_of(paints: list[Paint], index: int, name: str) -> tuple[str, str]:
    paint = paints[index % len(paints)]
    return (f"url(#{name}-hatch-{index})" if paint.hatched else paint.fill), paint.stroke


def _dress_tree(element: etree._Element, context: dict, *, name: str, paints: list[Paint]) -> None:
    classes = _classes(element)
    context = dict(context)
    if "axis" in classes:
        context["axis"] = "x" if "x" in classes else "y"
        context["always_show"] = "always_show" in classes
    if "legends" in classes:
        context["legend"] = True
    if "text-overlay" in classes:
        context["values"] = True
    series = [c for c in classes if c.startswith("serie-")]
    if series:
        context["series"] = int(series[0].removeprefix("serie-"))
    tag = etree.QName(element).localname
    if tag == "rect" and "background" in classes:
        element.set("fill", "none")
    elif tag == "path" and "line" in classes and context.get("axis"):
        hidden_axis = "y" if context["horizontal"] else "x"
        if "guide" in classes and context["axis"] == hidden_axis and not context.get("always_show"):
            element.getparent().remove(element)
            return
        element.set("fill", "none")
        element.set("stroke", GUIDE if "guide" in classes else DARK)
    elif tag == "text":
        element.set("fill", DARK)
        if "no_data" in classes:
            element.set("font-size", FONT_SIZE["no_data"])
            element.set("text-anchor", "middle")
        elif "title" in classes:
            element.set("font-size", FONT_SIZE["title"])
            element.set("text-anchor", "middle")
        elif context.get("legend"):
            element.set("font-size", FONT_SIZE["legend"])
        elif context.get("values"):
            element.set("font-size", FONT_SIZE["value"])
            if context["horizontal"]:  # after the bar's end, not across it
                element.set("text-anchor", "start")
                element.set("x", str(float(element.get("x")) + 4))
            else:  # above the bar, not across its top
                element.set("y", str(float(element.get("y")) - 4))
        elif context.get("axis") == "x":
            element.set("font-size", FONT_SIZE["label"])
            if element.get("transform"):  # turned: it hangs from its place under the axis
                element.set("text-anchor", "end" if "backwards" in classes else "start")
            else:
                element.set("text-anchor", "middle")
        elif context.get("axis") == "y":
            element.set("font-size", FONT_SIZE["label"])
            element.set("text-anchor", "end")
    elif tag == "rect" and context.get("legend"):
        colour = next((c for c in classes if c.startswith("color-")), None)
        if colour:
            fill, stroke = _fill_of(paints, int(colour.removeprefix("color-")), name)
            element.set("fill", fill)
            element.set("stroke", stroke)
    elif "series" in context and tag == "rect":
        fill, stroke = _fill_of(paints, context["series"], name)
        element.set("fill", fill)
        element.set("stroke", stroke)
        element.set("stroke-width", "1")
    for child in list(element):
        _dress_tree(child, context, name=name, paints=paints)


def _empty(name: str, title: str) -> str:
    chart = _chart(
        pygal.Bar,
        height=70,
        show_legend=False,
        show_x_labels=False,
        show_y_labels=False,
        show_y_guides=False,
        no_data_text=_("No figures yet."),
    )
    return _svg(chart, name=name, title=title, description=_("No figures yet."), paints=[PALE])


def _labels_every(labels: list[str], most: int) -> dict:
    """At most `most` labels under the bars (every n-th: all of them are in the table), turned when
    they would not fit side by side."""
    step = max(1, -(-len(labels) // most))
    shown = labels[::step]
    config: dict = {"x_label_rotation": 45 if len(shown) * (6.5 * max(map(len, shown)) + 10) > WIDTH - 80 else 0}
    if step > 1:
        config.update(x_labels_major=shown, show_minor_x_labels=False)
    return config


def cases_by_year(figures: dict) -> str:
    title = _("Cases and outcomes by year")
    rows = figures["by_year"]
    if not rows:
        return _empty("cases-by-year", title)
    chart = _count_bars(
        pygal.StackedBar,
        [str(row["year"]) for row in rows],
        top=max(row["cases"] for row in rows),
        height=260,
        most=20,
        y_title=_("Cases issued"),
        legend_at_bottom=True,
    )
    chart.add(_("Closed, positive outcome"), [row["positive"] for row in rows])
    chart.add(_("Closed, no positive outcome"), [row["closed"] - row["positive"] for row in rows])
    chart.add(_("Open"), [row["cases"] - row["closed"] for row in rows])
    description = "; ".join(
        _("%(year)s: %(cases)s cases, %(closed)s closed, %(positive)s with a positive outcome")
        % {"year": row["year"], "cases": row["cases"], "closed": row["closed"], "positive": row["positive"]}
        for row in rows
    )
    return _svg(chart, name="cases-by-year", title=title, description=description, paints=[SOLID, HATCHED, HOLLOW])


def success_by_year(figures: dict) -> str:
    title = _("Success rate by year")
    rows = [row for row in figures["by_year"] if row["success_rate"] is not None]
    if not rows:
        return _empty("success-by-year", title)
    years = [str(row["year"]) for row in rows]
    chart = _chart(
        pygal.Bar,
        height=210,
        show_legend=False,
        print_values=len(rows) <= 12,
        print_values_position="top",
        range=(0, 100),
        y_labels=PERCENT_TICKS,
        y_title=_("Success rate (%)"),
        value_formatter=_percent,
        **_labels_every(years, 20),
    )
    chart.x_labels = years
    chart.add(title, [row["success_rate"] for row in rows])
    description = "; ".join(f"{row['year']}: {number_format(row['success_rate'], 1)} %" for row in rows)
    return _svg(chart, name="success-by-year", title=title, description=description, paints=[PALE])


def success_by_country(figures: dict) -> str:
    title = _("Success rate by country")
    rows = [row for row in figures["by_country"] if row["success_rate"] is not None]
    if not rows:
        return _empty("success-by-country", title)
    names = [str(countries.name(row["country"])) or row["country"] for row in rows]
    chart = _chart(
        pygal.HorizontalBar,
        height=70 + 24 * len(rows),
        show_legend=False,
        print_values=True,
        print_values_position="top",
        range=(0, 100),
        y_labels=PERCENT_TICKS,
        x_title=_("Closed cases with a positive outcome (%)"),
        value_formatter=_percent,
        margin_right=110,  # room for "100 % (12/12)" after the longest bar
    )
    chart.x_labels = list(reversed(names))
    chart.add(
        title,
        [
            {
                "value": row["success_rate"],
                "formatter": lambda rate, row=row: f"{_percent(rate)} ({row['positive']}/{row['closed']})",
            }
            for row in reversed(rows)
        ],
    )
    description = "; ".join(
        f"{name}: {number_format(row['success_rate'], 1)} %" for name, row in zip(names, rows, strict=True)
    )
    return _svg(chart, name="success-by-country", title=title, description=description, paints=[PALE])


def _count_bars(
    kind: type, x_labels: list[str], *, top: int, height: int, most: int, y_title: str, **config: Any
) -> pygal.graph.graph.Graph:
    """Bars of counts (cases, letters) over `x_labels`, at most `most` of them shown, up to `top`."""
    chart = _chart(
        kind,
        height=height,
        y_title=y_title,
        y_labels=_count_ticks(top),
        value_formatter=_count,
        **_labels_every(x_labels, most),
        **config,
    )
    chart.x_labels = x_labels
    return chart


def _monthly(rows: list[dict], *, height: int, labels: Callable[[dict], str], most: int) -> pygal.Bar:
    top = max(row["letters"] for row in rows)
    chart = _count_bars(
        pygal.Bar,
        [labels(row) for row in rows],
        top=top,
        height=height,
        most=most,
        y_title=_("Letters"),
        show_legend=False,
    )
    chart.add(_("Letters"), [row["letters"] for row in rows])
    return chart


def letters_per_month(figures: dict) -> str:
    title = _("Letters reported per month")
    rows = figures["letters_per_month"][-36:]
    if not rows:
        return _empty("letters-per-month", title)
    chart = _monthly(rows, height=220, labels=lambda row: row["month"], most=12)
    description = "; ".join(f"{row['month']}: {row['letters']}" for row in rows)
    return _svg(chart, name="letters-per-month", title=title, description=description, paints=[PALE])


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
    chart = _monthly(months, height=180, labels=lambda row: row["month"], most=12)
    description = "; ".join(f"{row['month']}: {row['letters']}" for row in months)
    return _svg(chart, name="my-letters", title=title, description=description, paints=[PALE])


def daily_letters_chart(days: list[dict]) -> str:
    """Letters reported each day (the staff statistics)."""
    title = _("Letters per day")
    if not days:
        return _empty("letters-per-day", title)
    chart = _monthly(days, height=220, labels=lambda row: f"{row['day']:%d.%m.}", most=10)
    description = "; ".join(f"{row['day']:%Y-%m-%d}: {row['letters']}" for row in days if row["letters"])
    return _svg(
        chart, name="letters-per-day", title=title, description=description or _("No letters reported."), paints=[PALE]
    )
