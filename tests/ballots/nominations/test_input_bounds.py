"""Numbers beyond the database's range are refused as 400s naming the field, before they reach a
query (they were 500s: ``pk__in`` overflowed SQLite, and PostgreSQL's bigint)."""

import pytest

from ballots.nominations.models import Nomination
from elections.bounds import ID_MAX, INT_MAX

HUGE = 99999999999999999999  # 20 digits: beyond every integer column


def set_url(section, clp="hackney"):
    return f"/api/nominations/sections/{section.pk}/clps/{clp}/"


def body(women, **extra):
    return {"candidates": [women[0].pk], "meeting_date": "2026-06-01", "method": "stv", **extra}


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"candidates": [HUGE]}, "candidates.0"),
        ({"candidates": [ID_MAX + 1]}, "candidates.0"),
        ({"candidates": [-1]}, "candidates.0"),
        ({"version": HUGE}, "version"),
        ({"version": INT_MAX + 1}, "version"),
        ({"votes": {"__first__": HUGE}}, "votes"),
        ({"votes": {str(HUGE): 3}}, "votes"),
        ({"votes": {"²": 3}}, "votes"),
    ],
)
def test_the_nominations_api_refuses_huge_numbers_naming_the_field(client_for, sam, section, women, extra, field):
    if "votes" in extra and "__first__" in extra["votes"]:
        extra = {"votes": {str(women[0].pk): extra["votes"]["__first__"]}}
    response = client_for(sam).post(set_url(section), body(women, **extra), content_type="application/json")
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert any(name == field or name.startswith(f"{field}.") for name in errors), errors
    assert response.json()["detail"].startswith(field)
    assert not Nomination.objects.exists()


def test_a_member_with_no_office_is_refused_before_the_body_is_read(client_for, alice, section, women):
    response = client_for(alice).post(set_url(section), {"candidates": [HUGE]}, content_type="application/json")
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only the secretary or chair of Hackney can record its nominations.",
        "errors": {},
    }


@pytest.mark.parametrize(("extra", "field"), [({"candidates": [HUGE]}, "candidates.0"), ({"version": HUGE}, "version")])
def test_the_withdrawal_api_refuses_huge_numbers(client_for, sam, section, women, submit, extra, field):
    submit(sam, sam.member.clp, women[:1])
    url = set_url(section) + "withdraw/"
    response = client_for(sam).post(url, {"reason": "Wrong", **extra}, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_huge_votes_on_the_nomination_form_are_refused_beside_the_field(client_for, sam, section, women, today):
    url = f"/ballots/{section.election.slug}/{section.slug}/clps/hackney/nominations/"
    data = {"candidates": [str(women[0].pk)], "meeting_date": str(today), "method": "stv",
            f"votes_{women[0].pk}": str(HUGE), "version": "0"}  # fmt: skip
    response = client_for(sam).post(url, data)
    assert response.status_code == 400
    assert "less than or equal to 2147483647" in response.content.decode()
    assert not Nomination.objects.exists()


def test_a_huge_version_on_the_nomination_form_is_refused(client_for, sam, section, women, today):
    url = f"/ballots/{section.election.slug}/{section.slug}/clps/hackney/nominations/"
    data = {"candidates": [str(women[0].pk)], "meeting_date": str(today), "method": "stv", "version": str(HUGE)}
    response = client_for(sam).post(url, data)
    assert response.status_code == 400
    assert not Nomination.objects.exists()


def test_the_rules_page_refuses_numbers_beyond_the_column(client_for, rita, section):
    url = f"/ballots/{section.election.slug}/{section.slug}/nominations/rules/"
    data = {"max_per_clp": str(HUGE), "min_women_per_clp": "1", "threshold_kind": "clps", "threshold_value": "5",
            "eligibility_months": "12"}  # fmt: skip
    response = client_for(rita).post(url, data)
    assert response.status_code == 400
