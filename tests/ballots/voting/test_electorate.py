"""Who may vote: the database filter and the reasons given to one member always agree."""

import datetime as dt

import pytest
from django.urls import reverse

from ballots.voting import electorate, services
from ballots.voting.models import ElectorateRules, OnlineBallot
from elections.refusals import Conflict
from tests import factories

FREEZE = dt.date(2026, 6, 24)  # the section factory's freeze date


@pytest.fixture
def members(hackney, leeds):
    """A mix: in and out of good standing, joined before and after the freeze, young and not, self-identified or not."""
    spec = [
        ("plain", hackney, {}),
        ("lapsed", hackney, {"in_good_standing": False}),
        ("late", hackney, {"joined_on": FREEZE + dt.timedelta(days=1)}),
        ("on-the-day", hackney, {"joined_on": FREEZE}),
        ("leeds", leeds, {}),
        ("young", hackney, {"date_of_birth": dt.date(2001, 3, 2)}),
        ("just-27", hackney, {"date_of_birth": dt.date(1999, 6, 24)}),
        ("a-day-under-27", leeds, {"date_of_birth": dt.date(1999, 6, 25)}),
        ("disabled", leeds, {"self_identified_disabled_on": dt.date(2025, 1, 1)}),
        ("disabled-late", hackney, {"self_identified_disabled_on": FREEZE + dt.timedelta(days=1)}),
        ("bame", hackney, {"self_identified_bame_on": FREEZE}),
    ]
    return {name: factories.MemberFactory(user__username=name, clp=clp, **extra) for name, clp, extra in spec}


RULES = [
    ("clp", None),
    ("everyone", {}),
    ("london", {"region": "london"}),
    ("youth", {"group": "youth", "age_under": 27}),
    ("disabled", {"group": "disabled"}),
    ("bame", {"group": "bame"}),
    ("young-in-yorkshire", {"group": "youth", "region": "yorkshire"}),
]
EXPECTED = {
    "clp": {"plain", "on-the-day", "young", "just-27", "disabled-late", "bame"},
    "everyone": {
        "plain",
        "on-the-day",
        "leeds",
        "young",
        "just-27",
        "a-day-under-27",
        "disabled",
        "disabled-late",
        "bame",
    },
    "london": {"plain", "on-the-day", "young", "just-27", "disabled-late", "bame"},
    "youth": {"young", "a-day-under-27"},
    "disabled": {"disabled"},
    "bame": {"bame"},
    "young-in-yorkshire": {"a-day-under-27"},
}


@pytest.mark.parametrize("name, rules", RULES, ids=[r[0] for r in RULES])
def test_the_filter_and_the_reasons_agree(section, hackney, members, name, rules):
    if rules is None:
        e = electorate.Electorate(section=section, clp=hackney)
    else:
        e = electorate.Electorate(section=section, rules=ElectorateRules(section=section, **rules))
    drawn = set(
        electorate.members(e).filter(pk__in=[m.pk for m in members.values()]).values_list("user__username", flat=True)
    )
    assert drawn == EXPECTED[name]
    for username, member in members.items():
        assert (not electorate.reasons(e, member)) == (username in drawn), (username, electorate.reasons(e, member))


def test_each_reason_in_the_members_words(section, hackney, members):
    e = electorate.Electorate(section=section, clp=hackney)
    assert electorate.reasons(e, members["lapsed"]) == ["Your membership is not in good standing."]
    assert electorate.reasons(e, members["late"]) == [
        "You joined on 25 June 2026, after the freeze date (24 June 2026): only members who joined by then can vote."
    ]
    assert electorate.reasons(e, members["leeds"]) == [
        "This ballot is for members of Hackney; your membership is with Leeds Central."
    ]
    youth = electorate.Electorate(
        section=section, rules=ElectorateRules(section=section, group="youth", region="london")
    )
    assert electorate.reasons(youth, members["just-27"]) == [
        "This ballot is for members under 27 on 24 June 2026; you were 27 or older then."
    ]
    assert electorate.reasons(youth, members["plain"]) == [
        "This ballot is for members under 27 on 24 June 2026; your membership record has no date of birth."
    ]
    assert electorate.reasons(youth, members["a-day-under-27"]) == [
        "This ballot is for members in London; your CLP, Leeds Central, is in Yorkshire and the Humber."
    ]
    disabled = electorate.Electorate(section=section, rules=ElectorateRules(section=section, group="disabled"))
    assert electorate.reasons(disabled, members["disabled-late"], person="Dee Late") == [
        "This ballot is for members who self-identified as disabled by 24 June 2026; Dee Late's membership record shows no such self-identification by then."
    ]


def test_a_member_left_off_at_the_opening_is_told_who_can_add_them(client_for, hackney_ballot, hackney):
    late = factories.MemberFactory(user__username="latecomer", clp=hackney).user
    page = client_for(late).get(reverse("voting:ballot", args=[hackney_ballot.pk])).content.decode()
    assert "You were not on the electorate when it was drawn up at" in page
    assert "ask the secretary or chair of Hackney to add you." in page


def test_the_rules_page_is_the_returning_officers_and_closes_when_the_ballot_opens(
    client_for, section, rita, sam, people, now
):
    page = reverse("voting:electorate_rules", args=[section.election.slug, section.slug])
    assert client_for(sam).get(page).status_code == 403
    client = client_for(rita)
    saved = client.post(page, {"group": "youth", "region": "", "age_under": "26", "on_date": ""})
    assert saved.status_code == 302
    assert (section.electorate_rules.group, section.electorate_rules.age_under) == ("youth", 26)
    bad = client.post(page, {"group": "youth", "region": "", "age_under": "3", "on_date": ""})
    assert bad.status_code == 422
    OnlineBallot.objects.create(  # as if opened: the service path is tested in test_section_ballot
        kind="section", section=section, title="t", method="ers97", places=1, opened_by=rita, candidate_ids=[]
    )
    refused = client.post(page, {"group": "everyone", "region": "", "age_under": "27", "on_date": ""})
    assert refused.status_code == 409
    assert "its rules cannot change now." in refused.content.decode()
    with pytest.raises(Conflict):
        services.electorate_rules_update(section=section, user=rita, group="everyone")
