"""Sign-in is throttled (django-axes): per account and per address, with a clear message on the
sign-in page. Before, 50 wrong passwords in a row were accepted and then the right one worked."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.factories import UserFactory


@pytest.fixture
def attempt(client, password):
    """attempt(username, password=None, address="10.0.0.1", path=login) -> the response."""

    def post(username, guess=None, address="10.0.0.1", path=None):
        client.logout()
        data = {"username": username, "password": guess if guess is not None else password}
        return client.post(path or reverse("login"), data, REMOTE_ADDR=address)

    return post


def signed_in(response) -> bool:
    return response.status_code == 302


def test_fifty_wrong_passwords_then_the_right_one_is_refused(alice, attempt, settings):
    assert settings.AXES_FAILURE_LIMIT == 10  # the default
    for _ in range(50):
        assert attempt("alice", "wrong").status_code in (200, 429)
    response = attempt("alice")
    assert response.status_code == 429 and not signed_in(response)
    page = response.content.decode()
    assert "Too many failed sign-ins for this account or from your network" in page
    assert "sign-in is paused for 15 minutes" in page
    assert 'name="username"' in page  # still the sign-in page, the reason beside the form


def test_a_few_mistakes_do_not_stop_the_right_password(alice, attempt):
    for _ in range(9):
        attempt("alice", "wrong")
    assert signed_in(attempt("alice"))


def test_an_account_is_paused_whatever_address_the_guesses_come_from(alice, attempt):
    for n in range(10):
        attempt("alice", "wrong", address=f"10.0.1.{n}")
    assert attempt("alice", address="10.0.9.9").status_code == 429


def test_an_address_is_paused_whatever_accounts_it_tries(db, attempt):
    people = [UserFactory(username=f"member{n}") for n in range(11)]
    for person in people[:10]:
        attempt(person.username, "wrong", address="10.0.2.2")
    assert attempt(people[10].username, address="10.0.2.2").status_code == 429
    assert signed_in(attempt(people[10].username, address="10.0.3.3"))  # the same person elsewhere


def test_sign_in_works_again_after_the_pause(alice, attempt, settings):
    for _ in range(10):
        attempt("alice", "wrong")
    assert attempt("alice").status_code == 429
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - settings.AXES_COOLOFF_TIME)
    assert signed_in(attempt("alice"))


def test_the_admin_sign_in_is_throttled_too(stella, attempt):
    for _ in range(10):
        attempt("stella", "wrong", path=reverse("admin:login"))
    assert attempt("stella", path=reverse("admin:login")).status_code == 429
