"""The member's own impact on "My Urgent Actions" (members/templates/members/my_urgent_actions.html
loads it: members does not import impact). That page is private, never in a shared cache."""

from django import template
from django.db.models import Sum
from django.db.models.functions import TruncMonth

from impact.charts import member_letters_chart
from impact.models import CaseFigure, DocumentFigure
from letters.models import LetterReport
from members.models import User

register = template.Library()

MONTHS_SHOWN = 24


def member_impact(member: User) -> dict:
    """Letters the member reported per month, the cases they wrote on, and how many of those have a
    positive outcome now (as of the last refresh of the figures)."""
    reports = LetterReport.objects.for_member(member)
    months = [
        {"month": f"{row['month']:%Y-%m}", "letters": row["letters"]}
        for row in reports.annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(letters=Sum("letters"))
        .order_by("month")
    ][-MONTHS_SHOWN:]
    case_keys = DocumentFigure.objects.filter(document_key__in=reports.values("document_key")).values("case_key")
    cases = CaseFigure.objects.filter(case_key__in=case_keys)
    return {
        "months": months,
        "letters": sum(row["letters"] for row in months),
        "cases": cases.count(),
        "positive": cases.filter(has_positive_outcome=True).count(),
    }


@register.inclusion_tag("impact/_my_impact.html", takes_context=True)
def my_impact(context: template.Context) -> dict:
    member = context["request"].user
    figures = member_impact(member)
    return {**figures, "chart": member_letters_chart(figures["months"]) if figures["months"] else ""}
