from django.conf import settings
from django.http import HttpRequest, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from impact.exports import CASE_COLUMNS, REPORT_COLUMNS, case_rows, csv_lines, report_rows


def exports(request: HttpRequest) -> TemplateResponse:
    return TemplateResponse(request, "impact/admin/exports.html", {"page_title": _("Exports")})


def _csv(name: str, lines) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y-%m-%d}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def cases_csv(request: HttpRequest) -> StreamingHttpResponse:
    return _csv("urgent-actions", csv_lines(CASE_COLUMNS, case_rows(settings.SITE_URL)))


def reports_csv(request: HttpRequest) -> StreamingHttpResponse:
    return _csv("letter-reports-per-day", csv_lines(REPORT_COLUMNS, report_rows()))
