"""Each role can reach its own pages and is refused, with a reason, everywhere else (HTTP)."""

import pytest
from django.urls import reverse


def office_url(clp):
    return reverse("elections:clp_office", args=[clp.slug])


def test_anonymous_visitors_are_sent_to_sign_in(client, hackney, section):
    # The home page is the exception: it tells visitors what the site is (tests/elections/test_home.py).
    for url in [
        office_url(hackney),
        reverse("elections:election_manage", args=["nec-2026"]),
        section.get_absolute_url(),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_a_secretary_opens_their_own_clp_desk(client_for, sam, hackney):
    response = client_for(sam).get(office_url(hackney))
    assert response.status_code == 200
    assert b"Hackney" in response.content


def test_a_chair_opens_their_own_clp_desk(client_for, chris, hackney):
    assert client_for(chris).get(office_url(hackney)).status_code == 200


def test_a_member_cannot_act_as_a_secretary(client_for, alice, hackney):
    response = client_for(alice).get(office_url(hackney))
    assert response.status_code == 403
    assert b"Only the secretary or chair of Hackney" in response.content


def test_a_secretary_of_one_clp_cannot_act_for_another(client_for, sunita, hackney):
    response = client_for(sunita).get(office_url(hackney))
    assert response.status_code == 403
    assert b"Only the secretary or chair of Hackney" in response.content


def test_a_returning_officer_manages_their_election(client_for, rita, election):
    assert client_for(rita).get(reverse("elections:election_manage", args=[election.slug])).status_code == 200


def test_a_returning_officer_of_another_election_is_refused(client_for, otto, election):
    response = client_for(otto).get(reverse("elections:election_manage", args=[election.slug]))
    assert response.status_code == 403
    assert b"Only the returning officers of NEC 2026 and staff can manage it." in response.content


@pytest.mark.parametrize("who", ["alice", "sam", "nobody"])
def test_others_cannot_manage_an_election(request, client_for, election, who):
    response = client_for(request.getfixturevalue(who)).get(reverse("elections:election_manage", args=[election.slug]))
    assert response.status_code == 403


def test_staff_may_manage_any_election(client_for, stella, election):
    assert client_for(stella).get(reverse("elections:election_manage", args=[election.slug])).status_code == 200


def test_a_member_sees_the_election_and_its_sections(client_for, alice, section):
    response = client_for(alice).get(section.election.get_absolute_url())
    assert response.status_code == 200
    assert section.name.encode() in response.content


def test_the_manage_page_links_every_tool_for_each_section(client_for, rita, section):
    page = client_for(rita).get(reverse("elections:election_manage", args=[section.election.slug])).content.decode()
    base = "/ballots/nec-2026/clp-section/"
    for href in [
        "/elections/nec-2026/clp-section/settings/",
        "/elections/nec-2026/clp-section/statements/lock/",
        base + "nominations/rules/",
        base + "nominations/trail/",
        base + "nominations/import/",
        base + "nominations/affiliates/",
        "/ballots/results/nec-2026/clp-section/",
        "/ballots/results/nec-2026/clp-section/upload/",
    ]:
        assert f'href="{href}"' in page, href
