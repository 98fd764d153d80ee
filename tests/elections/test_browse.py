"""Members browse a section's candidates by slate, region, CLP, ballot status and name."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from elections import extensions, selectors
from elections.models import Statement
from tests import factories
from tests.elections.factories import StatementRevisionFactory

LIST_URL = "/elections/nec-2026/clp-section/"


@pytest.fixture
def field(section, hackney, leeds):
    """Grace (Hackney, Labour to Win), Ben (Leeds, CLGA and Open Labour), Umar (Leeds, no slate)."""
    grace = factories.CandidateFactory(section=section, display_name="Grace Whitfield", slug="grace", home_clp=hackney)
    ben = factories.CandidateFactory(section=section, display_name="Ben Okafor", slug="ben", home_clp=leeds)
    umar = factories.CandidateFactory(section=section, display_name="Umar Siddiqui", slug="umar", home_clp=leeds)
    ltw = factories.SlateFactory(election=section.election, name="Labour to Win", slug="labour-to-win")
    clga = factories.SlateFactory(election=section.election, name="Centre-Left Grassroots Alliance", slug="clga")
    open_labour = factories.SlateFactory(election=section.election, name="Open Labour", slug="open-labour")
    factories.EndorsementFactory(slate=ltw, candidate=grace, position=1)
    factories.EndorsementFactory(slate=clga, candidate=ben, position=1)
    factories.EndorsementFactory(slate=open_labour, candidate=ben, position=1)
    return {"grace": grace, "ben": ben, "umar": umar}


def names(client, **query):
    response = client.get(LIST_URL, query)
    assert response.status_code == 200
    return sorted(c.display_name for c in response.context["candidates"])


@pytest.mark.parametrize(
    "query, expected",
    [
        ({}, ["Ben Okafor", "Grace Whitfield", "Umar Siddiqui"]),
        ({"slate": "labour-to-win"}, ["Grace Whitfield"]),
        ({"slate": "open-labour"}, ["Ben Okafor"]),
        ({"slate": "none"}, ["Umar Siddiqui"]),
        ({"region": "yorkshire"}, ["Ben Okafor", "Umar Siddiqui"]),
        ({"region": "london"}, ["Grace Whitfield"]),
        ({"clp": "hackney"}, ["Grace Whitfield"]),
        ({"q": "okaf"}, ["Ben Okafor"]),
        ({"q": "ben OKAFOR"}, ["Ben Okafor"]),
        ({"q": "nobody-by-this-name"}, []),
        ({"region": "yorkshire", "slate": "none"}, ["Umar Siddiqui"]),
    ],
)
def test_members_filter_candidates(client_for, alice, field, query, expected):
    assert names(client_for(alice), **query) == expected


def test_a_candidate_on_two_slates_is_listed_once(client_for, alice, field):
    assert names(client_for(alice)).count("Ben Okafor") == 1


def test_the_ballot_filter_is_hidden_until_nominations_can_say(client_for, alice, field, monkeypatch):
    monkeypatch.setattr(selectors, "ballot_status_for", lambda section: None)
    response = client_for(alice).get(LIST_URL, {"on_ballot": "yes"})
    assert 'name="on_ballot"' not in response.content.decode()
    assert len(response.context["candidates"]) == 3, "an unusable filter is ignored"


def test_the_ballot_filter_uses_nominations_when_they_exist(client_for, alice, field, monkeypatch):
    status = {field["grace"].pk: True, field["ben"].pk: False, field["umar"].pk: True}
    monkeypatch.setattr(selectors, "ballot_status_for", lambda section: status)
    client = client_for(alice)
    assert 'name="on_ballot"' in client.get(LIST_URL).content.decode()
    assert names(client, on_ballot="yes") == ["Grace Whitfield", "Umar Siddiqui"]
    assert names(client, on_ballot="no") == ["Ben Okafor"]


def test_the_slate_page_lists_its_candidates_in_the_slates_order(client_for, alice, section, field):
    slate = factories.SlateFactory(election=section.election, name="Labour Women for NEC", slug="lw")
    factories.EndorsementFactory(slate=slate, candidate=field["umar"], position=2)
    factories.EndorsementFactory(slate=slate, candidate=field["grace"], position=1)
    html = client_for(alice).get("/elections/nec-2026/slates/lw/").content.decode()
    assert html.index("Grace Whitfield") < html.index("Umar Siddiqui")


def add_candidates(section, slates, count):
    for n in range(count):
        candidate = factories.CandidateFactory(section=section, home_clp=factories.CLPFactory())
        factories.EndorsementFactory(slate=slates[n % 4], candidate=candidate)
        if n % 2:
            for kind in ("ballot", "long-form"):
                revision = StatementRevisionFactory(
                    statement__candidate=candidate, statement__kind=kind, body=f"{kind} statement {n}."
                )
                Statement.objects.filter(pk=revision.statement_id).update(published=revision)


def test_the_list_of_forty_candidates_takes_a_bounded_number_of_queries(client_for, alice, section):
    slates = [factories.SlateFactory(election=section.election) for _ in range(4)]
    add_candidates(section, slates, 40)
    client = client_for(alice)
    client.get(LIST_URL)  # the first visit may create the section's nomination rules
    with CaptureQueriesContext(connection) as forty:
        response = client.get(LIST_URL)
    assert len(response.context["candidates"]) == 40
    assert "ballot statement 39." in response.content.decode()
    # The page's own reads, the nominations status and the navigation: a fixed handful...
    assert len(forty) <= 20, [q["sql"][:120] for q in forty.captured_queries]
    # ...that does not grow with the number of candidates.
    add_candidates(section, slates, 40)
    with CaptureQueriesContext(connection) as eighty:
        response = client.get(LIST_URL)
    assert len(response.context["candidates"]) == 80
    assert len(eighty) == len(forty)


class TestBallotStatusHook:
    """``ballot_status_for`` asks the provider the nominations app registered in
    ``elections.extensions`` when there is one, else says None."""

    def test_it_returns_none_when_no_app_provides_it(self, section, monkeypatch):
        monkeypatch.setattr(extensions, "_ballot_status", [])
        assert selectors.ballot_status_for(section) is None

    def test_it_maps_every_candidate_to_whether_they_qualified(self, section, field, monkeypatch):
        seen = []

        def qualified_candidate_ids(asked):
            seen.append(asked)
            return {field["ben"].pk}

        monkeypatch.setattr(extensions, "_ballot_status", [qualified_candidate_ids])
        assert selectors.ballot_status_for(section) == {
            field["grace"].pk: False,
            field["ben"].pk: True,
            field["umar"].pk: False,
        }
        assert seen == [section]

    def test_the_nominations_app_provides_it(self):
        from ballots.nominations.selectors import qualified_candidate_ids

        assert extensions.ballot_status_provider() is qualified_candidate_ids
