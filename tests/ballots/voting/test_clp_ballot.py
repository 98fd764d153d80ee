"""A CLP's nomination ballot end to end: open, vote, close, count with the engine, record nominations."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.utils import timezone

from ballots.counting import CountOptions
from ballots.counting import count as engine_count
from ballots.counting.blt import read_blt_text
from ballots.nominations.models import Nomination, NominationChange
from ballots.voting import services
from ballots.voting.models import BallotPaper, OnlineBallot, Voter
from elections.models import AuditEntry
from elections.refusals import Conflict, Unprocessable


@pytest.fixture
def voted(hackney_ballot, alice, sam, chris, hal, ivy, people, cast):
    """Five of the six vote. Cara and Ann lead; Dan has a strong first-preference vote too."""
    p = people
    cast(hackney_ballot, alice, [p["cara"], p["ann"], p["dan"]])
    cast(hackney_ballot, sam, [p["ann"], p["cara"]])
    cast(hackney_ballot, chris, [p["dan"], p["eli"]])
    cast(hackney_ballot, hal, [p["cara"], p["beth"]])
    cast(hackney_ballot, ivy, [p["ann"], p["dan"], p["cara"]])
    return hackney_ballot


def test_the_electorate_is_the_clps_members_in_good_standing(hackney_ballot, alice, sunita, hal):
    members = set(Voter.objects.filter(ballot=hackney_ballot).values_list("member__user__username", flat=True))
    assert members == {"alice", "sam", "chris", "hal", "ivy", "rita"}
    assert hackney_ballot.electorate_size == 6
    assert AuditEntry.objects.get(action="voting.opened").details["electorate"] == 6


def test_only_the_clps_secretary_or_chair_can_open_it(open_clp_ballot, alice, sunita, rita, chris):
    for user in (alice, sunita, rita):
        with pytest.raises(PermissionDenied) as refused:
            open_clp_ballot(user)
        assert str(refused.value) == "Only the secretary or chair of Hackney can run its ballots."
    assert open_clp_ballot(chris).opened_by == chris
    assert OnlineBallot.objects.count() == 1


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"places": 10}, "places", "Hackney can nominate from 1 to 9 candidates in CLP section."),
        (
            {"method": "av"},
            "method",
            "The alternative vote fills one place: choose STV to nominate more than one candidate.",
        ),
        (
            {"candidate_ids": "two"},
            "candidate_ids",
            "A ballot for 2 places needs at least 3 candidates; only 2 candidates are on it.",
        ),
        (
            {"closes_at": "after-nominations"},
            "closes_at",
            "The ballot must close by the time nominations for CLP section close ({close}), so its result can be recorded.",
        ),
        ({"opens_at": "yesterday"}, "opens_at", "The opening time has passed: leave it blank to open the ballot now."),
    ],
    ids=["too-many-places", "av-for-two", "too-few-candidates", "after-nominations-close", "opening-passed"],
)
def test_it_refuses_a_ballot_the_rules_do_not_allow(
    open_clp_ballot, sam, section, people, now, overrides, field, message
):
    from ballots.nominations.checks import when

    values = dict(overrides)
    if values.get("candidate_ids") == "two":
        values["candidate_ids"] = [people["ann"].pk, people["dan"].pk]
    if values.get("closes_at") == "after-nominations":
        values["closes_at"] = section.nomination_closes + dt.timedelta(minutes=1)
    if values.get("opens_at") == "yesterday":
        values["opens_at"] = now - dt.timedelta(days=1)
    with pytest.raises(Unprocessable) as refused:
        open_clp_ballot(sam, **values)
    assert refused.value.status_code == 422
    assert message.format(close=when(section.nomination_closes)) in refused.value.errors[field]
    assert not OnlineBallot.objects.exists() and not Voter.objects.exists()


def test_a_second_open_ballot_for_the_same_section_is_refused(hackney_ballot, open_clp_ballot, chris):
    with pytest.raises(Unprocessable) as refused:
        open_clp_ballot(chris)
    assert refused.value.errors["__all__"] == [
        "Hackney already has an open ballot for CLP section: close it before opening another."
    ]


def test_no_one_counts_an_open_ballot_not_even_the_secretary(voted, sam):
    with pytest.raises(Conflict) as refused:
        services.online_ballot_count_clp(ballot=voted, user=sam)
    assert refused.value.message.startswith("Votes are counted only after the ballot closes (at ")
    assert refused.value.message.endswith("nobody sees any figures before then.")


def test_closing_seals_every_paper_in_receipt_hash_order(voted, sam, now):
    services.online_ballot_close(ballot=voted, user=sam, now=now + dt.timedelta(minutes=5))
    voted.refresh_from_db()
    assert voted.state == "closed" and voted.closes_at == now + dt.timedelta(minutes=5)
    with default_storage.open(voted.sealed_file.name, "rb") as f:
        election = read_blt_text(f.read())
    assert election.input_sha256 == voted.sealed_sha256
    assert election.candidates == ("Ann Adams", "Beth Brown", "Cara Cole", "Dan Dyer", "Eli Evans", "Fred Ford")
    assert election.total_ballots == 5 and election.seats == 2
    hashes = list(BallotPaper.objects.filter(ballot=voted).values_list("receipt_hash", flat=True))
    assert sorted(hashes) == list(
        BallotPaper.objects.filter(ballot=voted).order_by("receipt_hash").values_list("receipt_hash", flat=True)
    )
    assert len(hashes) == 5


def test_the_count_is_the_engines_on_the_sealed_file_and_becomes_the_nominations(
    voted, sam, chris, people, now, section
):
    services.online_ballot_close(ballot=voted, user=sam, now=now + dt.timedelta(minutes=5))
    counted = services.online_ballot_count_clp(ballot=voted, user=chris)
    # Worked by hand: first preferences Ann 2, Cara 2, Dan 1 (5 valid, quota 5/3 = 1.67 under ERS97):
    # Ann and Cara each reach the quota on first preferences.
    assert {people["ann"].pk, people["cara"].pk} == set(counted.elected_ids)
    with default_storage.open(counted.sealed_file.name, "rb") as f:
        again = engine_count(read_blt_text(f.read()), "ers97", CountOptions(seats=2))
    assert set(again.elected) == {"Ann Adams", "Cara Cole"}

    change = services.online_ballot_record(ballot=counted, user=sam, now=now + dt.timedelta(minutes=6))
    assert change.source == NominationChange.Source.BALLOT and change.online_ballot == counted
    current = Nomination.objects.filter(clp=voted.clp, section=section, status="current")
    assert {n.candidate_id for n in current} == {people["ann"].pk, people["cara"].pk}
    assert {n.method for n in current} == {"stv"}
    assert {n.meeting_date for n in current} == {timezone.localtime(now + dt.timedelta(minutes=5)).date()}
    counted.refresh_from_db()
    assert counted.state == "recorded"


def test_a_fptp_ballot_records_the_votes(open_clp_ballot, sam, alice, chris, hal, people, cast, now):
    ballot = open_clp_ballot(sam, method="fptp", places=1)
    cast(ballot, alice, [people["beth"]])
    cast(ballot, chris, [people["beth"]])
    cast(ballot, hal, [people["eli"]])
    services.online_ballot_close(ballot=ballot, user=sam, now=now + dt.timedelta(minutes=1))
    services.online_ballot_count_clp(ballot=ballot, user=sam)
    services.online_ballot_record(ballot=ballot, user=sam, now=now + dt.timedelta(minutes=2))
    nomination = Nomination.objects.get(clp=ballot.clp, status="current")
    assert (nomination.candidate, nomination.method, nomination.votes) == (people["beth"], "fptp", 2)


def test_recording_follows_every_nomination_rule(voted, sam, now, section):
    services.online_ballot_close(ballot=voted, user=sam, now=now + dt.timedelta(minutes=5))
    services.online_ballot_count_clp(ballot=voted, user=sam)
    after = section.nomination_closes + dt.timedelta(seconds=1)
    with pytest.raises(Unprocessable) as refused:
        services.online_ballot_record(ballot=voted, user=sam, now=after)
    assert refused.value.errors["nominations"][0].startswith("Nominations for CLP section closed at ")
    assert not Nomination.objects.exists()
    voted.refresh_from_db()
    assert voted.state == "counted"


def test_closing_and_recording_are_the_officers_alone(voted, alice, sunita, sam, now):
    for user in (alice, sunita):
        with pytest.raises(PermissionDenied):
            services.online_ballot_close(ballot=voted, user=user, now=now)
    services.online_ballot_close(ballot=voted, user=sam, now=now + dt.timedelta(minutes=1))
    for action in (services.online_ballot_count_clp, services.online_ballot_record):
        with pytest.raises(PermissionDenied):
            action(ballot=voted, user=alice)


def test_a_closed_ballot_cannot_be_closed_again_or_counted_twice(voted, sam, now):
    services.online_ballot_close(ballot=voted, user=sam, now=now + dt.timedelta(minutes=1))
    with pytest.raises(Conflict, match="This ballot was closed at"):
        services.online_ballot_close(ballot=voted, user=sam, now=now + dt.timedelta(minutes=2))
    services.online_ballot_count_clp(ballot=voted, user=sam)
    with pytest.raises(Conflict, match="This ballot was counted at"):
        services.online_ballot_count_clp(ballot=voted, user=sam)
