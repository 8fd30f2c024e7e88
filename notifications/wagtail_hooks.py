from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import URLResolver, include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from notifications import views

PERMISSION = "notifications.send_alerts"


class AlertsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(PERMISSION)


def _staff(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Staff views: the admin checks login and admin access; alerts need their own permission."""
    from django.contrib.auth.decorators import permission_required

    return permission_required(PERMISSION, raise_exception=True)(view)


@hooks.register("register_admin_urls")
def register_alerts_urls() -> list[URLResolver]:
    urls = [
        path("", _staff(views.alerts_index), name="notifications_alerts"),
        path("<id:event_id>/", _staff(views.alert_detail), name="notifications_alert"),
        path("<id:event_id>/progress/", _staff(views.alert_progress), name="notifications_alert_progress"),
        path("<id:event_id>/hold/", _staff(views.alert_hold), name="notifications_alert_hold"),
        path("<id:event_id>/release/", _staff(views.alert_release), name="notifications_alert_release"),
        path("<id:event_id>/test/", _staff(views.alert_send_test), name="notifications_alert_test"),
        path("<id:event_id>/preview/<str:language>/", _staff(views.alert_preview), name="notifications_alert_preview"),
        path(
            "<id:event_id>/preview/<str:language>/email.html",
            _staff(views.alert_preview_html),
            name="notifications_alert_preview_html",
        ),
    ]
    return [path("alerts/", include(urls))]


@hooks.register("register_admin_menu_item")
def register_alerts_menu_item() -> MenuItem:
    return AlertsMenuItem(_("Alerts"), reverse("notifications_alerts"), icon_name="mail", order=250)
