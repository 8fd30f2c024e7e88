import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.db import IntegrityError, transaction

from members.models import User

PASSWORD = "write-for-rights-2026"


@pytest.fixture
def member(db) -> User:
    return User.objects.create_user("amina.karimova@example.org", PASSWORD)


def test_create_user_stores_the_address_in_lower_case(db):
    user = User.objects.create_user("Amina.Karimova@Example.ORG", PASSWORD)

    assert user.email == "amina.karimova@example.org"
    assert user.check_password(PASSWORD)


def test_create_user_requires_an_address(db):
    with pytest.raises(ValueError):
        User.objects.create_user("", PASSWORD)


def test_member_logs_in_with_the_address_in_any_case(member):
    assert authenticate(username="amina.karimova@example.org", password=PASSWORD) == member
    assert authenticate(username="AMINA.Karimova@Example.org", password=PASSWORD) == member
    assert authenticate(username="AMINA.Karimova@Example.org", password="wrong") is None


def test_login_form_accepts_the_address_in_another_case(client, member):
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)

    response = client.post("/de/accounts/login/", {"login": "Amina.Karimova@EXAMPLE.org", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_two_users_cannot_share_an_address_differing_only_in_case(member):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="Amina.Karimova@Example.org")


def test_create_user_refuses_an_address_already_taken_in_another_case(member):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("AMINA.KARIMOVA@example.org", PASSWORD)


def test_superuser_is_staff_and_superuser(db):
    admin = User.objects.create_superuser("Admin@Example.org", PASSWORD)

    assert admin.is_staff and admin.is_superuser
    assert admin.email == "admin@example.org"
    assert str(admin) == "admin@example.org"
