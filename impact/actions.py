"""Every write of the impact app: the refresh of the kept figures, what an erasure carries over,
and the scheduling of refreshes."""

import datetime
import time
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import Case, CharField, Count, Exists, F, Min, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Concat, ExtractYear, Substr, TruncMonth
from django.utils import timezone
from wagtail.models import Page

from cases.models import CaseDocumentPage, CaseOutcome, Outcome, UrgentActionPage, open_on, today
from impact.models import (
    ALL_COUNTRIES,
    CaseFigure,
    CaseThemeFigure,
    DocumentFigure,
    ErasedActivity,
    MonthFigure,
    RefreshState,
)
from letters.models import LetterReport
from members.models import User

REFRESH_DELAY = datetime.timedelta(minutes=5)  # letter reports and publications wait this long at most


@dataclass(frozen=True)
class RefreshResult:
    documents: int
    cases: int
    months: int
    seconds: float


def _insert_select(model: type, queryset: QuerySet) -> int:
    """INSERT INTO model's table (columns) SELECT ... : the rows are made in the database in one
    statement. `queryset` is a values() query whose names (in order) are the model's fields."""
    query = queryset.query
    names = [*query.values_select, *query.annotation_select]
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(name).column) for name in names)
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) {sql}", params)
        return cursor.rowcount


def _original_pks() -> QuerySet:
    """Each document once, by its original language version (as impact.exports.original_documents)."""
    return (
        CaseDocumentPage.objects.filter(alias_of__isnull=True)
        .values("translation_key")
        .annotate(first=Min("pk"))
        .values("first")
    )


def _documents() -> QuerySet:
    """Live documents with their case's key and country and the letters reported in all languages."""
    # A follow-up's case is its parent; an urgent action is its own case.
    case = UrgentActionPage.objects.filter(
        Q(path=OuterRef("path")) | Q(path=Substr(OuterRef("path"), 1, (OuterRef("depth") - 1) * Page.steplen))
    )
    reports = LetterReport.objects.filter(document_key=OuterRef("translation_key")).order_by().values("document_key")
    return (
        CaseDocumentPage.objects.live()
        .filter(pk__in=_original_pks())
        .order_by()
        .values(
            document_key=F("translation_key"),
            case_key=Coalesce(Subquery(case.values("translation_key")[:1]), F("translation_key")),
            country=Coalesce(Subquery(case.values("country")[:1]), Value("")),
            letters=Coalesce(Subquery(reports.annotate(total=Sum("letters")).values("total")), 0),
            reports=Coalesce(Subquery(reports.annotate(total=Count("pk")).values("total")), 0),
        )
    )


def _under_case(prefix: str = "") -> Q:
    """Pages whose path starts with the outer case's path (the case and its follow-ups), written as
    a range of paths so that the path index answers it: paths are made of 0-9 and A-Z, all below
    "~", and compared byte by byte (collation "C" on PostgreSQL, BINARY on SQLite). A LIKE on the
    outer row's path is not indexable and made the refresh scan every page for every case."""
    path = OuterRef("path")
    upper = Concat(path, Value("~"), output_field=CharField())
    return Q(**{f"{prefix}path__gte": path, f"{prefix}path__lt": upper})


def _cases(on: datetime.date) -> QuerySet:
    """Each urgent action once: year, country, closed on `on`, its outcomes, letters and reports.
    Open or closed as UrgentActionQuerySet.with_status says: by the newest live document of the case."""
    outcomes = CaseOutcome.objects.filter(_under_case("page__"), page__live=True).order_by()
    documents = DocumentFigure.objects.filter(case_key=OuterRef("translation_key")).order_by().values("case_key")
    # Newest first by an expression (issue_date is never null, so the same order): ordered by the
    # bare column, PostgreSQL walks the whole issue_date index backwards for each case, expecting a
    # match soon, instead of reading the case's one or two documents by path (minutes at 20,000).
    newest = CaseDocumentPage.objects.filter(_under_case(), live=True).order_by(
        Coalesce("issue_date", Value(datetime.date.min)).desc(), "-path"
    )
    return (
        UrgentActionPage.objects.live()
        .filter(pk__in=_original_pks())
        .order_by()
        .annotate(
            current_deadline=Subquery(newest.values("appeal_deadline")[:1]),
            current_closed_date=Subquery(newest.values("closed_date")[:1]),
        )
        .values(
            "country",
            case_key=F("translation_key"),
            year=ExtractYear("issue_date"),
            is_closed=Case(
                When(open_on(on, deadline="current_deadline", closed="current_closed_date"), then=Value(False)),
                default=Value(True),
            ),
            has_positive_outcome=Exists(outcomes.filter(kind__in=Outcome.positive())),
            newest_outcome=Coalesce(Subquery(outcomes.newest_first().values("kind")[:1]), Value("")),
            letters=Coalesce(Subquery(documents.annotate(total=Sum("letters")).values("total")), 0),
            reports=Coalesce(Subquery(documents.annotate(total=Sum("reports")).values("total")), 0),
        )
    )


def _case_themes() -> QuerySet:
    through = UrgentActionPage.themes.through
    return (
        through.objects.filter(urgentactionpage__in=UrgentActionPage.objects.live().filter(pk__in=_original_pks()))
        .order_by()
        .values(case_id=F("urgentactionpage__translation_key"), theme_key=F("theme__translation_key"))
        .distinct()
    )


def _month(value: object) -> datetime.date:
    """A month as the databases give it back from raw SQL: a string (SQLite) or a datetime."""
    if isinstance(value, str):
        return datetime.date.fromisoformat(value[:10])
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


def _report_country() -> Subquery:
    return Subquery(DocumentFigure.objects.filter(document_key=OuterRef("document_key")).values("country")[:1])


def _active_members(*, by_country: bool) -> dict[tuple[datetime.date, str], int]:
    """Distinct members with a report created or updated in each month (and on each country's cases):
    a UNION of (member, month[, country]) built by the ORM, counted by month in the database."""
    columns = ["member_id", "month", "report_country"] if by_country else ["member_id", "month"]
    parts = []
    for field in ("created_at", "updated_at"):
        reports = LetterReport.objects.filter(member__isnull=False).order_by()
        reports = reports.annotate(month=TruncMonth(field))
        if by_country:
            reports = reports.annotate(report_country=Coalesce(_report_country(), Value(ALL_COUNTRIES)))
        parts.append(reports.values_list(*columns))
    sql, params = parts[0].union(parts[1]).query.sql_with_params()
    group = "month, report_country" if by_country else "month"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {group}, COUNT(*) FROM ({sql}) active GROUP BY {group}", params)
        rows = cursor.fetchall()
    if by_country:
        return {(_month(month), country): count for month, country, count in rows if country != ALL_COUNTRIES}
    return {(_month(month), ALL_COUNTRIES): count for month, count in rows}


def _month_figures() -> list[MonthFigure]:
    figures: dict[tuple[datetime.date, str], MonthFigure] = {}
    monthly = LetterReport.objects.order_by().annotate(month=TruncMonth("created_at"))
    by_country = (
        monthly.annotate(report_country=_report_country())
        .exclude(report_country__isnull=True)
        .exclude(report_country=ALL_COUNTRIES)
        .values("month", "report_country")
        .annotate(total=Sum("letters"), count=Count("pk"))
    )
    for row in by_country:
        month = _month(row["month"])
        figures[month, row["report_country"]] = MonthFigure(
            month=month, country=row["report_country"], letters=row["total"], reports=row["count"]
        )
    for row in monthly.values("month").annotate(total=Sum("letters"), count=Count("pk")):
        month = _month(row["month"])
        figures[month, ALL_COUNTRIES] = MonthFigure(
            month=month, country=ALL_COUNTRIES, letters=row["total"], reports=row["count"]
        )
    active = _active_members(by_country=True) | _active_members(by_country=False)
    for erased in ErasedActivity.objects.all():
        key = (erased.month, erased.country)
        active[key] = active.get(key, 0) + erased.members
    for (month, country), count in active.items():
        figure = figures.setdefault((month, country), MonthFigure(month=month, country=country))
        figure.members_active = count
    return list(figures.values())


def refresh_impact_figures(*, on: datetime.date | None = None) -> RefreshResult:
    """Compute the kept figures afresh from the rows, in one transaction: readers see the old
    figures or the new, never a half. Running it twice gives the same rows."""
    started = time.monotonic()
    on = on or today()
    with transaction.atomic():
        RefreshState.get()
        state = RefreshState.objects.select_for_update().get(pk=1)  # two refreshes run one after the other
        for model in (CaseThemeFigure, CaseFigure, DocumentFigure, MonthFigure):
            model.objects.all()._raw_delete(model.objects.db)
        documents = _insert_select(DocumentFigure, _documents())
        cases = _insert_select(CaseFigure, _cases(on))
        _insert_select(CaseThemeFigure, _case_themes())
        months = MonthFigure.objects.bulk_create(_month_figures(), batch_size=500)
        state.refreshed_at = timezone.now()
        state.duration_seconds = time.monotonic() - started
        state.save(update_fields=["refreshed_at", "duration_seconds"])
    return RefreshResult(documents=documents, cases=cases, months=len(months), seconds=time.monotonic() - started)


def record_erased_activity(*, member: User) -> None:
    """Before a member is erased: the months they were active in go into ErasedActivity as counts,
    so "members active" stays the same once their reports have lost the person."""
    reports = LetterReport.objects.filter(member=member).annotate(report_country=_report_country())
    months: set[tuple[datetime.date, str]] = set()
    for created, updated, country in reports.values_list("created_at", "updated_at", "report_country"):
        for moment in (created, updated):
            local = timezone.localtime(moment)
            month = datetime.date(local.year, local.month, 1)
            months.add((month, ALL_COUNTRIES))
            if country:
                months.add((month, country))
    for month, country in months:
        _add_erased(month=month, country=country)


def _add_erased(*, month: datetime.date, country: str) -> None:
    """One more erased member in (month, country): an atomic increment, the row made if missing."""
    if ErasedActivity.objects.filter(month=month, country=country).update(members=F("members") + 1):
        return
    try:
        with transaction.atomic():
            ErasedActivity.objects.create(month=month, country=country, members=1)
    except IntegrityError:  # made by a concurrent erasure in between
        ErasedActivity.objects.filter(month=month, country=country).update(members=F("members") + 1)


def claim_refresh(*, now: datetime.datetime | None = None) -> datetime.datetime | None:
    """Mark a refresh due REFRESH_DELAY from now, unless one is due already (a conditional UPDATE: of
    many processes one wins); when it is this call's, the time it is due (impact.tasks enqueues it)."""
    now = now or timezone.now()
    due_at = now + REFRESH_DELAY
    RefreshState.get()
    claimed = RefreshState.objects.filter(Q(due_at__isnull=True) | Q(due_at__lte=now), pk=1).update(due_at=due_at)
    return due_at if claimed else None


def changed_since_refresh() -> bool:
    """Whether letter reports or outcomes changed, or a document was published, since the last refresh."""
    refreshed_at = RefreshState.get().refreshed_at
    if refreshed_at is None:
        return True
    return (
        LetterReport.objects.filter(updated_at__gt=refreshed_at).exists()
        or CaseDocumentPage.objects.filter(last_published_at__gt=refreshed_at).exists()
    )
