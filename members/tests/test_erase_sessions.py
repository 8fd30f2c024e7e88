"""Issue 14, finding 9: deleting an account ends every session of the member, in the database and
in the cache."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import translation

from members.tests.test_accounts import EMAIL, PASSWORD, log_in, logged_in_id, url

pytestmark = pytest.mark.django_db


def test_deleting_the_account_ends_the_members_other_sessions(make_member):
    member = make_member(EMAIL, password=PASSWORD)
    phone, laptop = Client(), Client()
    log_in(phone, EMAIL)
    log_in(laptop, EMAIL)
    keys = [client.cookies[settings.SESSION_COOKIE_NAME].value for client in (phone, laptop)]
    assert logged_in_id(phone) == logged_in_id(laptop) == str(member.pk)

    with translation.override("de"):
        delete = reverse("delete_account")
    assert laptop.post(delete, {"confirm": "on"}).status_code == 302

    assert not Session.objects.filter(session_key__in=keys).exists()
    cache = caches[settings.SESSION_CACHE_ALIAS]
    assert [key for key in keys if cache.get(f"django.contrib.sessions.cached_db{key}") is not None] == []
    assert phone.get(url("my_urgent_actions")).status_code == 302  # sent to log in
