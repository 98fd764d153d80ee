"""The nominations API: reads for anyone signed in; writes under the same rules as the pages."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ballots.nominations import services
from ballots.nominations.models import Nomination


def url(section, name="api:nominations_tracker", clp=None):
    return reverse(name, kwargs={"section_id": section.pk, **({"clp_slug": clp.slug} if clp else {})})


def reasons(response) -> list[str]:
    """Every reason a refused set was not recorded (the API's ``errors.non_field_errors``)."""
    return response.json()["errors"]["non_field_errors"]


def post(client, section, clp, candidates, **extra):
    body = {"candidates": [c.pk for c in candidates], "meeting_date": "2026-01-10", "method": "stv", **extra}
    return client.post(url(section, "api:nominations_clp", clp), body, content_type="application/json")


def test_the_tracker_gives_counts_regions_and_qualification(client_for, alice, sam, hackney, section, women, submit):
    submit(sam, hackney, women[:2])
    data = client_for(alice).get(url(section)).json()
    assert data["rules"]["needed"] == 5 and data["clps_nominated"] == 1
    first = {c["name"]: c for c in data["candidates"]}["Woman 0"]
    assert (first["clps"], first["by_region"], first["qualified"]) == (1, {"london": 1}, False)


def test_the_clp_list(client_for, alice, sam, hackney, section, women, submit):
    submit(sam, hackney, women[:1], votes={women[0].pk: 9})
    data = client_for(alice).get(url(section, "api:nominations_clps")).json()
    assert data == [{
        "slug": "hackney", "name": "Hackney", "region": "london", "region_label": "London",
        "candidates": [{"id": women[0].pk, "name": "Woman 0", "votes": 9}],
        "meeting_date": (timezone.localdate() - dt.timedelta(days=1)).isoformat(), "method": "stv",
        "method_label": "Single transferable vote",
    }]  # fmt: skip


def test_reads_need_a_signed_in_user(client, section):
    assert client.get(url(section)).status_code == 403


def test_a_secretary_submits_over_the_api(client_for, sam, hackney, section, women):
    response = post(client_for(sam), section, hackney, women[:2], votes={str(women[0].pk): 12})
    assert response.status_code == 201 and response.json()["action"] == "submitted"
    assert sorted(Nomination.objects.values_list("votes", flat=True), key=str) == [12, None]


def test_every_refusal_comes_back_in_the_422_body(client_for, rita, sam, hackney, section, women, men):
    services.nomination_rules_update(section=section, user=rita, max_per_clp=2, min_women_per_clp=2)
    response = post(client_for(sam), section, hackney, men[:3], meeting_date=None)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("A CLP may nominate at most 2 candidates")
    assert reasons(response) == [
        "A CLP may nominate at most 2 candidates in CLP section; this set has 3.",
        "When a CLP nominates more than one candidate, at least 2 must be women; this set has no women.",
        "Give the date of the meeting that decided the nominations.",
    ]


@pytest.mark.parametrize("who", ["alice", "sunita", "rita", "stella"])
def test_only_the_clps_officers_may_submit_over_the_api(request, client_for, who, hackney, section, women):
    response = post(client_for(request.getfixturevalue(who)), section, hackney, women[:1])
    assert response.status_code == 403
    assert response.json()["detail"] == "Only the secretary or chair of Hackney can record its nominations."


def test_the_api_refuses_after_the_close(client_for, sam, hackney, section, women):
    section.nomination_opens = dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC)
    section.nomination_closes = dt.datetime(2026, 6, 17, 11, tzinfo=dt.UTC)
    section.save()
    response = post(client_for(sam), section, hackney, women[:1])
    assert response.status_code == 422
    assert reasons(response)[0].startswith("Nominations for CLP section closed at 12:00 on 17 June 2026")


@pytest.mark.parametrize(
    "case, extra, expected",
    [
        ("duplicate", {"dup": True}, "listed more than once"),
        ("withdrawn", {"withdrawn": True}, "has withdrawn from the contest"),
        ("unknown", {"unknown": True}, "is not a candidate in CLP section"),
        ("empty", {"empty": True}, "Choose at least one candidate"),
        ("future meeting", {"meeting_date": "2099-01-01"}, "is in the future"),
        ("stray votes", {"stray_votes": True}, "Votes can be given only"),
    ],
)
def test_each_rule_is_refused_over_the_api(client_for, sam, hackney, section, women, case, extra, expected):
    chosen = [women[0]]
    body = {}
    if extra.pop("dup", False):
        chosen = [women[0], women[0]]
    if extra.pop("withdrawn", False):
        women[0].withdrawn = True
        women[0].save()
    if extra.pop("empty", False):
        chosen = []
    if extra.pop("stray_votes", False):
        body["votes"] = {str(women[3].pk): 2}
    if extra.pop("unknown", False):
        response = client_for(sam).post(
            url(section, "api:nominations_clp", hackney),
            {"candidates": [999999], "meeting_date": "2026-01-10", "method": "stv"},
            content_type="application/json",
        )
    else:
        response = post(client_for(sam), section, hackney, chosen, **body, **extra)
    assert response.status_code == 422
    assert any(expected in e for e in reasons(response)), response.json()


def test_the_eligibility_rule_over_the_api(client_for, sam, hackney, section):
    from tests.factories import CandidateFactory, MemberFactory

    newcomer = CandidateFactory(
        section=section, display_name="Newcomer", user=MemberFactory(joined_on=dt.date.today()).user
    )
    response = post(client_for(sam), section, hackney, [newcomer])
    assert "will not have 12 months' continuous membership" in reasons(response)[0]


def test_a_correction_over_the_api_needs_a_reason_and_a_fresh_version(client_for, sam, chris, hackney, section, women):
    client = client_for(sam)
    post(client, section, hackney, women[:1])
    version = client.get(url(section, "api:nominations_clp", hackney)).json()["version"]
    no_reason = post(client, section, hackney, women[1:2], version=version)
    assert no_reason.status_code == 422 and "give a reason" in reasons(no_reason)[0]
    assert post(client, section, hackney, women[1:2], version=version, reason="typo").status_code == 201
    stale = post(client, section, hackney, women[2:3], version=version, reason="again")
    assert stale.status_code == 409  # someone changed the set since the version was read
    assert "after you opened this form" in reasons(stale)[0]


def test_a_withdrawal_over_the_api(client_for, sam, sunita, hackney, section, women):
    post(client_for(sam), section, hackney, women[:2])
    withdraw = url(section, "api:nominations_withdraw", hackney)
    no_reason = client_for(sam).post(withdraw, {"candidates": [women[0].pk]}, content_type="application/json")
    assert no_reason.status_code == 422
    assert no_reason.json() == {
        "detail": "Give a reason for the withdrawal.",
        "errors": {"non_field_errors": ["Give a reason for the withdrawal."]},
    }
    other = client_for(sunita).post(withdraw, {"reason": "x"}, content_type="application/json")
    assert other.status_code == 403
    done = client_for(sam).post(
        withdraw, {"candidates": [women[0].pk], "reason": "Asked to"}, content_type="application/json"
    )
    assert done.status_code == 201 and done.json()["action"] == "withdrawn"
    assert Nomination.objects.filter(status="current").count() == 1


def test_a_malformed_body_is_a_400_naming_the_field(client_for, sam, hackney, section):
    response = client_for(sam).post(
        url(section, "api:nominations_clp", hackney), {"candidates": "all"}, content_type="application/json"
    )
    assert response.status_code == 400 and list(response.json()["errors"]) == ["candidates"]


def test_the_endpoints_are_in_the_schema(client_for, alice):
    schema = client_for(alice).get("/api/schema/").content.decode()
    for path in [
        "/api/nominations/sections/{section_id}/",
        "/api/nominations/sections/{section_id}/clps/{clp_slug}/withdraw/",
    ]:
        assert path in schema


def test_the_api_refuses_before_the_window_opens(client_for, sam, hackney, section, women):
    section.nomination_opens = section.nomination_closes - dt.timedelta(days=1)
    section.save()
    response = post(client_for(sam), section, hackney, women[:1])
    assert response.status_code == 422 and reasons(response)[0].startswith("Nominations for CLP section open at")


def test_the_api_refuses_a_withdrawal_after_the_close(client_for, sam, hackney, section, women, submit):
    submit(sam, hackney, women[:1])
    section.nomination_closes = section.nomination_opens + dt.timedelta(seconds=1)
    section.ballot_opens = section.nomination_closes
    section.save()
    withdraw = url(section, "api:nominations_withdraw", hackney)
    response = client_for(sam).post(withdraw, {"reason": "late"}, content_type="application/json")
    assert response.status_code == 422 and "closed at" in reasons(response)[0]


def test_the_api_refuses_an_empty_withdrawal_list(client_for, sam, hackney, section, women, submit):
    submit(sam, hackney, women[:1])
    withdraw = url(section, "api:nominations_withdraw", hackney)
    response = client_for(sam).post(withdraw, {"candidates": [], "reason": "x"}, content_type="application/json")
    assert response.status_code == 422
    assert reasons(response) == ["Hackney has no current nomination for that candidate to withdraw."]


def test_the_api_refuses_a_candidate_not_in_good_standing(client_for, sam, hackney, section):
    from tests.factories import CandidateFactory, MemberFactory

    lapsed = CandidateFactory(section=section, display_name="Lapsed", user=MemberFactory(in_good_standing=False).user)
    assert reasons(post(client_for(sam), section, hackney, [lapsed])) == ["Lapsed is not a member in good standing."]
