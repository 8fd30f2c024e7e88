"""Outages as a test can make them: the database's or Redis's connections refused."""

import pytest
from django.conf import settings
from django.db import connection
from wagtail.models import Collection, Page

from pages.actions import ensure_locales

REDIS_DOWN = "redis://127.0.0.1:1/15"  # nothing listens on port 1: refused at once


@pytest.fixture
def database_down(django_db_blocker):
    """The database as a stopped server looks: every new connection is refused (PostgreSQL: a
    port nobody listens on; SQLite: a file that cannot be opened)."""
    with django_db_blocker.unblock():
        connection.close()
        saved = dict(connection.settings_dict)
        if connection.vendor == "postgresql":
            connection.settings_dict["PORT"] = 1
        else:
            connection.settings_dict["NAME"] = "/nonexistent/outage/test.sqlite3"
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict.update(saved)


@pytest.fixture
def redis_down(settings):
    stop_redis(settings)


def stop_redis(settings) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_DOWN,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@pytest.fixture
def wagtail_roots(transactional_db) -> None:
    """A transactional test starts from a flushed database, without the tree roots Wagtail's
    migrations made: put them back before the site is built (list it before site_tree)."""
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=ensure_locales()[settings.LANGUAGE_CODE]))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
