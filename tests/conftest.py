"""Shared fixtures: a small cast of named people and places.

Alice is a member of Hackney. Sam is Hackney's secretary; Chris is its chair. Sunita is the
secretary of Leeds Central. Rita is returning officer for NEC 2026; Otto is returning officer for
another election. Stella is staff. Nobody (a signed-in user with no membership) has no role.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests import factories

SERVICE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server", "channel_layer"}
ROOT = Path(__file__).resolve().parents[1]
IMMEDIATE = {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default", "counts"]}


def pytest_collection_modifyitems(config, items):
    """Mark every test that touches the database or the channel layer as 'services', so CI can
    run exactly those again against PostgreSQL and Redis."""
    for item in items:
        uses = set(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("django_db") or uses & SERVICE_FIXTURES or item.get_closest_marker("redis"):
            item.add_marker(pytest.mark.services)


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and "postgresql" not in _db_engine():
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://… (CI does)")
    if item.get_closest_marker("redis") and not os.environ.get("REDIS_URL"):
        pytest.skip("needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0 (CI does)")
    if item.get_closest_marker("browser") and not shutil.which("chromium"):
        if os.environ.get("CI"):
            pytest.fail("CI must run the browser tests: install Debian's chromium package (.ci/run does)")
        pytest.skip("needs Debian's chromium package at /usr/bin/chromium (apt-get install chromium)")


@pytest.fixture(autouse=True, scope="session")
def media_outside_the_checkout(tmp_path_factory):
    """Photos written by tests (the demo draws one per candidate) go to a temporary folder."""
    from django.conf import settings

    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """Test users' passwords need no real hashing cost (the real hashers stay in production).
    The one place this is set: every test area relies on it."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def tasks_run_in_the_caller():
    """Background tasks (counts) run in the caller in tests, so no worker is needed; a test of the
    real queue sets ``settings.TASKS`` itself (and starts a worker)."""
    from django.test.utils import override_settings

    override = override_settings(TASKS={"default": IMMEDIATE, "inline": IMMEDIATE})
    override.enable()
    yield
    override.disable()


@pytest.fixture(autouse=True, scope="session")
def flush_outlives_a_deadlock():
    """Tests with live Daphne processes (two-process hustings, the live reveal) leave those
    processes writing (presence heartbeats every second) while a transactional test empties the
    database between tests; PostgreSQL may then choose the flush's TRUNCATE as a deadlock's
    victim. The flush is one transaction, rolled back whole, so it is simply tried again."""
    from django.db.backends.base.operations import BaseDatabaseOperations
    from django.db.utils import OperationalError

    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        for attempt in range(5):
            try:
                return original(self, sql_list)
            except OperationalError as exc:
                if "deadlock detected" not in str(exc) or attempt == 4:
                    raise

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    BaseDatabaseOperations.execute_sql_flush = original


@pytest.fixture(scope="session")
def password():
    """The password of every user the factories make (demo servers use elections.demo.DEMO_PASSWORD)."""
    return factories.TEST_PASSWORD


@pytest.fixture(scope="session")
def free_port():
    """``free_port()`` -> a port nothing listens on, for servers a test starts (tests/servers.py)."""
    from tests.servers import free_port as find

    return find


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Close connections after each unit of work in tests, so worker threads used by async tests
    leave no session open when the PostgreSQL test database is dropped."""
    from django.conf import settings

    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """On PostgreSQL, end sessions that worker threads (background counts, race tests, async
    consumers) left open, so the test database can be dropped at the end."""
    yield
    with django_db_blocker.unblock():
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    # not autovacuum workers (only a superuser may end those; they leave on their own)
                    " AND backend_type = 'client backend' AND usename = current_user"
                )


def _db_engine() -> str:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"]


@pytest.fixture
def hackney(db):
    return factories.CLPFactory(name="Hackney", slug="hackney")


@pytest.fixture
def leeds(db):
    return factories.CLPFactory(name="Leeds Central", slug="leeds-central", region="yorkshire")


@pytest.fixture
def alice(hackney):
    return factories.MemberFactory(user__username="alice", clp=hackney).user


@pytest.fixture
def sam(hackney):
    user = factories.MemberFactory(user__username="sam", clp=hackney).user
    factories.CLPOfficerFactory(user=user, clp=hackney, office="secretary")
    return user


@pytest.fixture
def chris(hackney):
    user = factories.MemberFactory(user__username="chris", clp=hackney).user
    factories.CLPOfficerFactory(user=user, clp=hackney, office="chair")
    return user


@pytest.fixture
def sunita(leeds):
    user = factories.MemberFactory(user__username="sunita", clp=leeds).user
    factories.CLPOfficerFactory(user=user, clp=leeds, office="secretary")
    return user


@pytest.fixture
def election(db):
    return factories.ElectionFactory(name="NEC 2026", slug="nec-2026")


@pytest.fixture
def section(election):
    return factories.SectionFactory(election=election, slug="clp-section")


@pytest.fixture
def rita(election, hackney):
    user = factories.MemberFactory(user__username="rita", clp=hackney).user
    election.returning_officers.add(user)
    return user


@pytest.fixture
def otto(db, hackney):
    other = factories.ElectionFactory(name="Youth rep 2026", slug="youth-2026")
    user = factories.MemberFactory(user__username="otto", clp=hackney).user
    other.returning_officers.add(user)
    return user


@pytest.fixture
def stella(db):
    return factories.UserFactory(username="stella", is_staff=True, is_superuser=True)


@pytest.fixture
def nobody(db):
    return factories.UserFactory(username="nobody")


@pytest.fixture
def sign_in(client):
    """``sign_in(username, password)`` through the real sign-in page (and so its throttle);
    True when it let them in. ``client_for`` is quicker where the sign-in is not the point."""
    from django.urls import reverse

    def post(username, password):
        client.logout()
        response = client.post(reverse("login"), {"username": username, "password": password})
        return response.status_code == 302

    return post


@pytest.fixture
def client_for(client):
    """``client_for(user)`` -> the test client signed in as that user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
