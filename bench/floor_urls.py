"""The site's addresses, and the floor views the benchmarks measure against (bench/floor_settings.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from urgentactions.urls import urlpatterns as site_urlpatterns


def bare(request: HttpRequest, size: int) -> HttpResponse:
    """`size` bytes of HTML and nothing else: what a page of that size costs the framework alone."""
    return HttpResponse(b"<!DOCTYPE html>" + b"x" * max(size - 15, 0), content_type="text/html; charset=utf-8")


urlpatterns = [
    path("bench/bare/<int:size>/", bare),
    *site_urlpatterns,
]
