"""The fixed-window rate limit of the busiest requests (pages.http.within_rate_limit)."""

import secrets

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from redis.connection import AbstractConnection

from pages.http import within_rate_limit

REDIS = "redis://127.0.0.1:6379/15"  # as urgentactions/tests/test_health.py


@pytest.fixture(params=["locmem", "redis"])
def shared_cache(request, settings):
    """The development cache, and Redis as production has it (under a key prefix of this test's)."""
    if request.param == "redis":
        backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS}
        settings.CACHES = {"default": backend | {"KEY_PREFIX": f"test-{secrets.token_hex(4)}"}}
    else:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    yield caches["default"]
    if request.param == "locmem":  # Redis's keys expire with their window; others use the database too
        caches["default"].clear()


def test_calls_within_the_limit_pass_and_the_next_one_is_refused(shared_cache):
    answers = [within_rate_limit("letters", 7, limit=3) for _ in range(4)]

    assert answers == [True, True, True, False]


def test_each_member_has_a_window_of_their_own(shared_cache):
    within_rate_limit("letters", 7, limit=1)

    assert within_rate_limit("letters", 8, limit=1)
    assert not within_rate_limit("letters", 7, limit=1)


def test_the_window_ends_with_its_time(shared_cache, monkeypatch):
    now = 6_000_000.0
    monkeypatch.setattr("pages.http.time.time", lambda: now)
    assert within_rate_limit("letters", 7, limit=1)
    assert not within_rate_limit("letters", 7, limit=1)

    now += 60

    assert within_rate_limit("letters", 7, limit=1)


def test_the_count_is_kept_where_the_cache_reads_it_and_expires_with_the_window(shared_cache, monkeypatch):
    monkeypatch.setattr("pages.http.time.time", lambda: 6_000_000.0)
    within_rate_limit("letters", 7, limit=5)
    within_rate_limit("letters", 7, limit=5)

    assert shared_cache.get("rate:letters:7:100000") == 2
    if isinstance(shared_cache, RedisCache):
        key = shared_cache.make_and_validate_key("rate:letters:7:100000")
        assert 0 < shared_cache._cache.get_client(key).ttl(key) <= 60


def test_a_call_on_redis_is_one_round_trip(settings, monkeypatch):
    """Letter reports pass here on every request: one exchange with Redis, also for a member's
    second report in a window (Django's add and incr would take three)."""
    backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS}
    settings.CACHES = {"default": backend | {"KEY_PREFIX": f"test-{secrets.token_hex(4)}"}}
    within_rate_limit("warm-up", 7, limit=5)  # the connection's own greeting is not counted
    sent = []
    send = AbstractConnection.send_packed_command

    def counted(connection, *args, **kwargs):
        sent.append(args)
        return send(connection, *args, **kwargs)

    monkeypatch.setattr(AbstractConnection, "send_packed_command", counted)

    within_rate_limit("letters", 7, limit=5)
    within_rate_limit("letters", 7, limit=5)

    assert len(sent) == 2
