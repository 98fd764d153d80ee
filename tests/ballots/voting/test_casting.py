"""Casting through the service: one ballot per member, inside the window to the second."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from ballots.voting import receipts, services
from ballots.voting.models import BallotPaper, OnlineBallot, RegisterMark
from elections.models import LiveEvent
from elections.refusals import Conflict, Unprocessable


def test_a_cast_puts_one_paper_in_the_box_and_marks_the_register(hackney_ballot, alice, people, cast, voter_of):
    code = cast(hackney_ballot, alice, [people["cara"], people["ann"]])
    paper = BallotPaper.objects.get(ballot=hackney_ballot)
    assert paper.preferences == [people["cara"].pk, people["ann"].pk]
    assert paper.receipt_hash == receipts.code_hash(hackney_ballot.pk, code)
    assert RegisterMark.objects.get(voter=voter_of(hackney_ballot, alice)).marked_at.second == 0
    hackney_ballot.refresh_from_db()
    assert hackney_ballot.turnout == 1


def test_it_publishes_the_turnout_and_nothing_else(hackney_ballot, alice, people, cast):
    cast(hackney_ballot, alice, [people["ann"]])
    event = LiveEvent.objects.get(stream=f"voting-{hackney_ballot.pk}")
    assert event.type == "voting.turnout"
    assert event.payload == {"turnout": 1, "electorate": 6}


def test_it_refuses_a_second_vote(hackney_ballot, alice, people, cast):
    cast(hackney_ballot, alice, [people["ann"]])
    with pytest.raises(Conflict) as refused:
        cast(hackney_ballot, alice, [people["dan"]])
    assert refused.value.status_code == 409
    assert refused.value.message == (
        "You have already voted in this ballot: each member votes once, and your ballot is in the box."
    )
    assert BallotPaper.objects.filter(ballot=hackney_ballot).count() == 1


def test_the_database_refuses_a_second_mark_even_without_the_check(hackney_ballot, alice, people, cast, monkeypatch):
    cast(hackney_ballot, alice, [people["ann"]])
    # As if two requests had both passed the "already voted?" read before either wrote.
    monkeypatch.setattr(RegisterMark.objects, "filter", lambda **kw: RegisterMark.objects.none())
    with pytest.raises(Conflict, match="already voted"):
        cast(hackney_ballot, alice, [people["dan"]])
    assert BallotPaper.objects.filter(ballot=hackney_ballot).count() == 1


@pytest.mark.parametrize(
    "offset, allowed",
    [(dt.timedelta(seconds=-1), True), (dt.timedelta(0), False), (dt.timedelta(seconds=1), False)],
    ids=["a-second-before-the-close", "at-the-close", "a-second-after"],
)
def test_the_close_is_enforced_to_the_second(hackney_ballot, alice, people, cast, offset, allowed):
    at = hackney_ballot.closes_at + offset
    if allowed:
        cast(hackney_ballot, alice, [people["ann"]], at=at)
        return
    with pytest.raises(Conflict, match="This ballot closed at") as refused:
        cast(hackney_ballot, alice, [people["ann"]], at=at)
    assert refused.value.code == "ballot_closed"
    assert not BallotPaper.objects.exists()


def test_it_refuses_a_vote_before_the_opening_to_the_second(open_clp_ballot, sam, alice, people, cast, now):
    ballot = open_clp_ballot(sam, opens_at=now + dt.timedelta(minutes=30))
    with pytest.raises(Conflict, match="This ballot opens at") as refused:
        cast(ballot, alice, [people["ann"]], at=ballot.opens_at - dt.timedelta(seconds=1))
    assert refused.value.code == "ballot_not_open"
    cast(ballot, alice, [people["ann"]], at=ballot.opens_at)
    assert BallotPaper.objects.filter(ballot=ballot).count() == 1


def test_it_refuses_a_vote_in_a_ballot_already_closed(hackney_ballot, sam, alice, people, cast, now):
    services.online_ballot_close(ballot=hackney_ballot, user=sam, now=now + dt.timedelta(minutes=1))
    hackney_ballot.refresh_from_db()
    with pytest.raises(Conflict, match="This ballot closed at"):
        cast(hackney_ballot, alice, [people["ann"]], at=now + dt.timedelta(minutes=2))


def test_a_meeting_ballot_refuses_online_votes(open_clp_ballot, sam, alice, people, cast):
    ballot = open_clp_ballot(sam, mode=OnlineBallot.Mode.MEETING)
    with pytest.raises(Conflict) as refused:
        cast(ballot, alice, [people["ann"]])
    assert (
        refused.value.message
        == "This ballot is held at the meeting: ask the secretary or chair of Hackney for your voting code."
    )


def test_a_meeting_code_casts_once(open_clp_ballot, sam, alice, people, now):
    ballot = open_clp_ballot(sam, mode=OnlineBallot.Mode.MEETING)
    code = services.voter_code_issue(ballot=ballot, member=alice.member, user=sam, now=now)
    voter = services.voter_by_code(ballot, code.lower().replace("-", " "))  # as typed in a hurry
    assert voter.member == alice.member
    services.ballot_paper_cast(ballot=ballot, voter=voter, preferences=[people["ann"].pk], at_meeting=True, now=now)
    assert RegisterMark.objects.get(voter=voter).at_meeting
    with pytest.raises(Conflict, match="already voted"):
        services.ballot_paper_cast(ballot=ballot, voter=voter, preferences=[people["ann"].pk], at_meeting=True, now=now)


def test_a_wrong_meeting_code_is_refused(open_clp_ballot, sam, now):
    ballot = open_clp_ballot(sam, mode=OnlineBallot.Mode.BOTH)
    with pytest.raises(PermissionDenied, match="That code is not a voting code for this ballot"):
        services.voter_by_code(ballot, receipts.new_code())
    with pytest.raises(PermissionDenied):
        services.voter_by_code(ballot, "not a code at all")


def test_a_voter_of_another_ballot_is_refused(hackney_ballot, open_clp_ballot, sunita, leeds, people, now):
    other = open_clp_ballot(sunita, clp=leeds)
    voter = other.voters.get(member=sunita.member)
    with pytest.raises(PermissionDenied):
        services.ballot_paper_cast(ballot=hackney_ballot, voter=voter, preferences=[people["ann"].pk], now=now)


@pytest.mark.parametrize(
    "chosen, message",
    [
        (lambda p: [p["ann"].pk, p["ann"].pk], "Each candidate can be chosen only once."),
        (lambda p: [999999], "Choose only candidates on this ballot."),
    ],
    ids=["twice", "unknown"],
)
def test_the_service_checks_the_preferences_itself(hackney_ballot, alice, people, voter_of, now, chosen, message):
    with pytest.raises(Unprocessable) as refused:
        services.ballot_paper_cast(
            ballot=hackney_ballot, voter=voter_of(hackney_ballot, alice), preferences=chosen(people), now=now
        )
    assert refused.value.message == message
    assert refused.value.status_code == 422
    assert not RegisterMark.objects.exists()


def test_a_blank_ballot_can_be_cast(hackney_ballot, alice, cast):
    cast(hackney_ballot, alice, [])
    assert BallotPaper.objects.get().preferences == []


def test_block_preferences_are_stored_in_id_order(open_clp_ballot, sam, alice, people, cast):
    ballot = open_clp_ballot(sam, method="block", places=3)
    cast(ballot, alice, [people["fred"], people["ann"], people["dan"]])
    assert BallotPaper.objects.get().preferences == sorted([people["fred"].pk, people["ann"].pk, people["dan"].pk])


def test_a_code_for_a_member_not_on_the_electorate_or_who_has_voted_is_refused(
    open_clp_ballot, sam, alice, sunita, people, now
):
    ballot = open_clp_ballot(sam, mode=OnlineBallot.Mode.BOTH)
    with pytest.raises(
        Unprocessable, match="is not on the electorate of this ballot: add them first if the rules admit them."
    ):
        services.voter_code_issue(ballot=ballot, member=sunita.member, user=sam, now=now)
    services.ballot_paper_cast(
        ballot=ballot, voter=ballot.voters.get(member=alice.member), preferences=[people["ann"].pk], now=now
    )
    with pytest.raises(Conflict, match="has already voted in this ballot."):
        services.voter_code_issue(ballot=ballot, member=alice.member, user=sam, now=now)
    with pytest.raises(PermissionDenied):
        services.voter_code_issue(ballot=ballot, member=alice.member, user=alice, now=now)


def test_a_ballot_nobody_may_vote_in_is_not_opened(open_clp_ballot, chris, hackney, people):
    from elections.models import Member

    Member.objects.filter(clp=hackney).update(in_good_standing=False)
    with pytest.raises(Unprocessable) as refused:
        open_clp_ballot(chris)
    assert refused.value.message == "No member meets the rules to vote in this ballot, so it was not opened."
    assert not OnlineBallot.objects.exists()
