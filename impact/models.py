"""Impact figures: tables kept from the rows (letter reports, case outcomes, cases) by
impact.actions.refresh_impact_figures, so that the public impact page and the API read a few
hundred rows, not a million letter reports. Figures only, never a member."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

ALL_COUNTRIES = ""  # MonthFigure/ErasedActivity rows for the whole network (cases without a country too)


class Export(models.Model):
    """No table: it carries the permission to download the staff exports."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("download_exports", _("Can download the exports of cases and letters"))]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class DocumentFigure(models.Model):
    """Each live document once (all its languages), with its case and the letters reported on it."""

    document_key = models.UUIDField(unique=True)
    case_key = models.UUIDField(db_index=True)
    country = models.CharField(max_length=2, blank=True)
    letters = models.PositiveIntegerField(default=0)
    reports = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.document_key}: {self.letters} letters"


class CaseFigureQuerySet(models.QuerySet["CaseFigure"]):
    def matching(self, *, year: int | None = None, country: str = "") -> "CaseFigureQuerySet":
        figures = self
        if year:
            figures = figures.filter(year=year)
        if country:
            figures = figures.filter(country=country)
        return figures


class CaseFigure(models.Model):
    """One urgent action with all its documents and languages, as of the last refresh."""

    case_key = models.UUIDField(unique=True)
    year = models.PositiveSmallIntegerField(db_index=True, help_text="year of the urgent action's issue date")
    country = models.CharField(max_length=2, blank=True, db_index=True)
    is_closed = models.BooleanField(default=False)
    has_positive_outcome = models.BooleanField(default=False)
    newest_outcome = models.CharField(max_length=30, blank=True)
    letters = models.PositiveIntegerField(default=0)
    reports = models.PositiveIntegerField(default=0)

    objects = CaseFigureQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.case_key} ({self.year})"


class CaseThemeFigure(models.Model):
    """A theme of a case (by the theme's translation key, named in the reader's language)."""

    case = models.ForeignKey(CaseFigure, to_field="case_key", on_delete=models.CASCADE, related_name="themes")
    theme_key = models.UUIDField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "theme_key"], name="impact_case_theme_once")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.theme_key}"


class MonthFigure(models.Model):
    """Letters reported in a month (by the report's first day) on the cases of one country, or of the
    whole network (country ALL_COUNTRIES), and the members active: those with a report created or
    updated that month, erased members included (ErasedActivity)."""

    month = models.DateField(help_text="its first day")
    country = models.CharField(max_length=2, blank=True)
    letters = models.PositiveIntegerField(default=0)
    reports = models.PositiveIntegerField(default=0)
    members_active = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["month"]
        constraints = [models.UniqueConstraint(fields=["month", "country"], name="impact_month_country_once")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.country or '*'}: {self.letters}"


class ErasedActivity(models.Model):
    """How many erased members were active in a month (on a country's cases, or at all): they stay
    counted among the members active once their reports have lost the person. Counts only."""

    month = models.DateField()
    country = models.CharField(max_length=2, blank=True)
    members = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "country"], name="impact_erased_month_country_once")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.country or '*'}: {self.members}"


class RefreshState(models.Model):
    """One row: when the figures were last refreshed, and until when a refresh is already due (so
    letter reports and publications enqueue at most one refresh per few minutes)."""

    refreshed_at = models.DateTimeField(null=True, blank=True)
    duration_seconds = models.FloatField(default=0)
    due_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"refreshed at {self.refreshed_at}"

    @classmethod
    def get(cls) -> "RefreshState":
        state, _created = cls.objects.get_or_create(pk=1)
        return state


def first_of_month(day: datetime.date | datetime.datetime) -> datetime.date:
    return datetime.date(day.year, day.month, 1)
