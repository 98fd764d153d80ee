"""The OpenAPI schema (/api/schema/) says what the server does: schemathesis generates requests
from it for every operation and checks each response against it (no 500s; every status, body and
content type as documented), for a bounded number of examples so it is quick enough for CI."""

import io
import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from ballots.results import services as results
from elections import services as statements
from tests import factories
from tests.ballots.results.factories import blt, small_section

application = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)

CSRF = "h" * 32  # any 32-character token works when the cookie and the header agree


KNOWN = {}  # what exists in the current test's database, for path parameters to name it


@pytest.fixture
def field(election, section, rita, hackney, settings, tmp_path):
    """A returning officer (who may do most things) in an election with candidates, a slate, statements,
    a loaded ballot set and a count, so generated requests reach real things, not only 404s."""
    settings.MEDIA_ROOT = tmp_path / "media"
    slate = factories.SlateFactory(election=election)
    candidates = [factories.CandidateFactory(section=section, home_clp=hackney) for _ in range(3)]
    for n, candidate in enumerate(candidates):
        factories.EndorsementFactory(slate=slate, candidate=candidate, position=n + 1)
        statements.statement_save(candidate=candidate, kind="ballot", body="Vote for me.", user=rita, publish=True)
    counted = small_section(election)
    names = sorted(counted.candidates.values_list("display_name", flat=True), key=str.casefold)
    data = blt(names, ["3 1 2 0", "4 2 1 3 0", "2 3 0", "5 4 2 0", "1 5 4 3 0"])
    ballot_set = results.ballot_set_load(section=counted, user=rita, fileobj=io.BytesIO(data), filename="t.blt")
    count = results.count_request(user=rita, ballot_set=ballot_set, seed=1)
    KNOWN.update(
        ids=[c.pk for c in candidates] + [slate.pk, section.pk, counted.pk, ballot_set.pk, count.pk],
        section_id=[section.pk, counted.pk],
        candidate_id=[c.pk for c in candidates],
        kind=["ballot", "long-form"],
        clp_slug=["hackney"],
    )
    yield rita
    KNOWN.clear()


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Half the time, name something that exists (else almost every request is a 404)."""
    if not path_parameters:
        return st.just(path_parameters)
    choices = {}
    for name, value in path_parameters.items():
        known = KNOWN.get(name) or KNOWN.get("ids")
        # Only a value of the documented shape is swapped: a deliberately invalid one (schemathesis's
        # negative cases) must stay invalid.
        valid = (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, str) and re.fullmatch(r"[-a-zA-Z0-9_]+", value) and name in KNOWN
        )
        choices[name] = st.one_of(st.just(value), st.sampled_from(known)) if known and valid else st.just(value)
    return st.fixed_dictionaries(choices)


SESSION = {}  # the signed-in session of the current test


@schema.auth(refresh_interval=None)
class SignedIn:
    """The returning officer's session (schemathesis leaves it off to check anonymous refusals)."""

    def get(self, case, context):
        return SESSION.get("key")

    def set(self, case, data, context):
        if data is None:  # collecting the tests: nobody signed in yet
            return
        case.cookies = {**(case.cookies or {}), "sessionid": data, "csrftoken": CSRF}
        case.headers = {**(case.headers or {}), "X-CSRFToken": CSRF}


@pytest.fixture
def signed_in(client, field):
    client.force_login(field)
    SESSION["key"] = client.cookies["sessionid"].value
    yield
    SESSION.clear()


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The real WSGI handler closes database connections around each request; inside a test's
    transaction that would end it (on PostgreSQL), and what followed would be committed for good.
    Django's own test client stops this the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
# derandomize: the same examples every run, so CI is reproducible (explore more by hand with a seed).
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None, derandomize=True)
def test_every_operation_answers_as_the_schema_says(case, signed_in):
    case.call_and_validate()
