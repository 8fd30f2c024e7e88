from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cases import search_views
from members import views as members_views
from pages import views as pages_views
from urgentactions import health
from urgentactions.api import api

# The staff door: Wagtail's own login and password reset lead to allauth's (rate limits, verified
# addresses, two factors); they come first, so Wagtail's views under the same addresses never answer.
staff_door = [
    path("admin/login/", members_views.to_account_login, name="staff_door_login"),
    path("admin/password_reset/", members_views.to_password_reset, name="staff_door_password_reset"),
    path("admin/password_reset/<path:rest>", members_views.to_password_reset, name="staff_door_password_reset"),
]

urlpatterns = [
    *staff_door,
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", api.urls),
    path("sitemap.xml", pages_views.sitemap_index, name="sitemap_index"),
    path("sitemap-<str:section>.xml", pages_views.sitemap, name="sitemap"),
    path("robots.txt", pages_views.robots_txt, name="robots_txt"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("members/", include("members.urls")),
    path("letters/", include("letters.urls")),
    path("alerts/", include("notifications.urls")),
    path("feeds/", include("cases.urls")),
    path("search/", search_views.search, name="search"),
    path("impact/", include("impact.urls")),
    path(
        "site-message/<str:key>/dismiss/",
        pages_views.dismiss_site_message,
        name="dismiss_site_message",
    ),
    path(
        "_util/login/", members_views.to_account_login, name="staff_door_page_login"
    ),  # Wagtail's login for private pages
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

# Issue 14: the API answers its errors in JSON, also where no operation is reached.
handler404 = "urgentactions.api.not_found"
handler500 = "urgentactions.api.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
