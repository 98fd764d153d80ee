"""Casting a ballot: once per member, inside the voting window, with no link from paper to member.

One transaction marks the register (a row whose unique key is the voter, so a second ballot from
the same member fails in the database however the requests race), puts the paper in the box,
adds one to the turnout, and publishes the new turnout after commit. The paper carries only the
preferences and the receipt hash; the register only who and (to the minute) when. Nothing here
logs either.

Lock order, so a cast and the close cannot miss each other: inserting the paper takes a key-share
lock on the ballot row (its foreign key); the turnout update then locks the row for update only
while the ballot is still open. The close locks the same row for update first, so it waits for
every cast in flight, and any cast after it finds the ballot closed and rolls back whole.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ballots.nominations.checks import when
from ballots.voting import choices, receipts
from ballots.voting.models import BallotPaper, OnlineBallot, RegisterMark, Voter
from elections import live
from elections.refusals import Conflict


def stream_name(ballot_id: int) -> str:
    return f"voting-{ballot_id}"


def marking_of(ballot: OnlineBallot) -> str:
    return choices.marking(ballot.method, ballot.ranked)


def cast_refusal(ballot: OnlineBallot, now: dt.datetime, *, at_meeting: bool = False) -> Conflict | None:
    """Why no ballot can be cast in ``ballot`` at ``now`` (None: it can). Checked to the second."""
    opens, closes = ballot.window()
    if ballot.sealed or now >= closes:
        moment = ballot.closed_at if ballot.sealed and ballot.closed_at and ballot.closed_at < closes else closes
        return Conflict(f"This ballot closed at {when(moment)}: no more votes can be cast.", code="ballot_closed")
    if now < opens:
        return Conflict(f"This ballot opens at {when(opens)}; you cannot vote before then.", code="ballot_not_open")
    if not at_meeting and not ballot.online_casting:
        return Conflict(
            f"This ballot is held at the meeting: ask the secretary or chair of {ballot.clp} for your voting code.",
            code="meeting_only",
        )
    return None


def already_voted() -> Conflict:
    return Conflict(
        "You have already voted in this ballot: each member votes once, and your ballot is in the box.",
        code="already_voted",
    )


def voter_by_code(ballot: OnlineBallot, code: str) -> Voter:
    """The voter a meeting code was given to; refuses a code that is not one (403: not theirs)."""
    canonical = receipts.normalise(code)
    voter = None
    if canonical is not None and ballot.meeting_codes:
        digest = receipts.code_hash(ballot.pk, canonical, receipts.MEETING)
        voter = Voter.objects.filter(ballot=ballot, code_hash=digest).first()
    if voter is None:
        raise PermissionDenied("That code is not a voting code for this ballot: check it, or ask for a new one.")
    return voter


def ballot_paper_cast(
    *, ballot: OnlineBallot, voter: Voter, preferences: list[int], at_meeting: bool = False,
    now: dt.datetime | None = None,
) -> str:  # fmt: skip
    """Cast ``voter``'s ballot; returns the receipt code, which is shown once and stored only hashed."""
    now = now or timezone.now()
    if voter.ballot_id != ballot.pk:
        raise PermissionDenied("You are not on the electorate of this ballot.")
    refusal = cast_refusal(ballot, now, at_meeting=at_meeting)
    if refusal:
        raise refusal
    prefs = choices.check_preferences(ballot.candidate_ids, marking_of(ballot), ballot.places, preferences)
    if RegisterMark.objects.filter(voter=voter).exists():
        raise already_voted()
    code = receipts.new_code()
    try:
        with transaction.atomic():
            # Built here from checked values; no full_clean, which would cost a query per field on the hot path.
            RegisterMark.objects.create(
                voter=voter, ballot=ballot, marked_at=now.replace(second=0, microsecond=0), at_meeting=at_meeting
            )
            BallotPaper.objects.create(
                ballot=ballot, preferences=prefs, receipt_hash=receipts.code_hash(ballot.pk, code)
            )
            if not OnlineBallot.objects.filter(pk=ballot.pk, state=OnlineBallot.State.OPEN).update(
                turnout=F("turnout") + 1
            ):
                raise cast_refusal(OnlineBallot.objects.get(pk=ballot.pk), now) or already_voted()
            publish_turnout(ballot.pk)
    except IntegrityError:
        raise already_voted() from None
    return code


def publish_turnout(ballot_id: int) -> None:
    """Send the turnout (never anything about who or how) to the ballot's live pages, after commit."""
    turnout, size = OnlineBallot.objects.values_list("turnout", "electorate_size").get(pk=ballot_id)
    live.publish(stream_name(ballot_id), "voting.turnout", {"turnout": turnout, "electorate": size})
