from collections.abc import Callable

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLResolver, include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from impact import views

PERMISSION = "impact.download_exports"


class ExportsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(PERMISSION)


def _staff(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    return permission_required(PERMISSION, raise_exception=True)(view)


@hooks.register("register_admin_urls")
def register_export_urls() -> list[URLResolver]:
    urls = [
        path("", _staff(views.exports), name="impact_exports"),
        path("statistics/", _staff(views.statistics), name="impact_statistics"),
        path("urgent-actions.csv", _staff(views.cases_csv), name="impact_cases_csv"),
        path("letter-reports.csv", _staff(views.reports_csv), name="impact_reports_csv"),
    ]
    return [path("exports/", include(urls))]


@hooks.register("register_admin_menu_item")
def register_exports_menu_item() -> MenuItem:
    return ExportsMenuItem(_("Exports"), reverse("impact_exports"), icon_name="download", order=260)


@hooks.register("register_admin_menu_item")
def register_statistics_menu_item() -> MenuItem:
    return ExportsMenuItem(_("Statistics"), reverse("impact_statistics"), icon_name="table", order=259)
