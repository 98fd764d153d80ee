"""Closing a ballot (sealing and publishing its papers), counting it, and what the result becomes.

A CLP's ballot is counted here with the engine's library API and its result recorded as the CLP's
nominations through the nomination services. A section's ballot is loaded as a ballot set and
counted by the results services, so its result sheet and declaration are the usual ones.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal, InvalidOperation

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from ballots.counting import CountError, CountOptions
from ballots.counting import count as engine_count
from ballots.nominations.checks import Proposal, when
from ballots.nominations.models import MeetingMethod, NominationChange
from ballots.nominations.services import NominationRefused, nomination_set_submit
from ballots.results import resultdata
from ballots.results.models import Count
from ballots.results.services import BallotFileRejected, audit_record, ballot_set_load, count_request
from ballots.voting import permissions, sealing
from ballots.voting.models import BallotPaper, OnlineBallot, RegisterMark
from ballots.voting.services.casting import stream_name
from elections import live
from elections.models import Candidate
from elections.refusals import Conflict, Unprocessable

log = logging.getLogger(__name__)
State = OnlineBallot.State
PAPER_BATCH = 5000
MEETING_METHODS = {"fptp": MeetingMethod.FPTP, "block": MeetingMethod.MULTI_VOTE}  # every other method is STV


def _locked(ballot: OnlineBallot) -> OnlineBallot:
    return (
        OnlineBallot.objects.select_for_update(of=("self",))
        .select_related("section__election", "clp")
        .get(pk=ballot.pk)
    )


def online_ballot_close(*, ballot: OnlineBallot, user, now: dt.datetime | None = None) -> OnlineBallot:
    """Close the ballot and seal its papers into the published list; refused while a section's window runs."""
    permissions.require_run(user, ballot)
    now = now or timezone.now()
    stored = None
    try:
        with transaction.atomic():
            ballot = _locked(ballot)  # waits for every cast in flight (see services.casting)
            _check_can_close(ballot, now)
            if ballot.kind == OnlineBallot.Kind.CLP_NOMINATION and now < ballot.closes_at:
                ballot.closes_at = now  # closed early, at the meeting: this is now its closing time
            papers = list(
                BallotPaper.objects.filter(ballot=ballot)
                .order_by("receipt_hash")
                .values_list("receipt_hash", "preferences")
            )
            _check_box(ballot, len(papers))
            data, sha = sealing.sealed_file(
                title=ballot.title, names=_names(ballot), candidate_ids=ballot.candidate_ids, seats=ballot.places,
                papers=[prefs for _h, prefs in papers],
            )  # fmt: skip
            stored = default_storage.save(f"online-ballots/{ballot.pk}-{sha[:16]}.blt", ContentFile(data))
            ballot.state, ballot.closed_at, ballot.closed_by = State.CLOSED, now, user
            ballot.sealed_file, ballot.sealed_sha256 = stored, sha
            ballot.save(update_fields=["state", "closed_at", "closed_by", "closes_at", "sealed_file", "sealed_sha256"])
            _rewrite_in_published_order(ballot, papers)
            details = {"turnout": ballot.turnout, "electorate": ballot.electorate_size, "sealed_sha256": sha}
            audit_record(actor=user, action="voting.closed", section=ballot.section, obj=ballot, details=details)
            live.publish(stream_name(ballot.pk), "voting.closed", details)
            transaction.on_commit(_vacuum_papers)
    except Exception:
        if stored:
            default_storage.delete(stored)
        raise
    return ballot


def _check_can_close(ballot: OnlineBallot, now: dt.datetime) -> None:
    if ballot.sealed:
        raise Conflict(f"This ballot was closed at {when(ballot.closed_at)}.", code="ballot_closed")
    opens, closes = ballot.window()
    if ballot.kind == OnlineBallot.Kind.SECTION and now < closes:
        raise Conflict(
            f"The ballot for {ballot.section.name} closes at {when(closes)}; it cannot be closed before then.",
            code="ballot_window_running",
        )
    if now < opens:
        raise Conflict(
            f"This ballot opens at {when(opens)}; it cannot be closed before it opens.", code="ballot_not_open"
        )


def _check_box(ballot: OnlineBallot, papers: int) -> None:
    marks = RegisterMark.objects.filter(ballot=ballot).count()
    if not papers == marks == ballot.turnout:
        raise Conflict(
            f"The ballot box does not add up ({papers} papers, {marks} members marked as having voted, turnout "
            f"{ballot.turnout}), so nothing was sealed. Tell the platform's administrators.",
            code="ballot_box_mismatch",
        )


def _names(ballot: OnlineBallot) -> list[str]:
    found = Candidate.objects.in_bulk(ballot.candidate_ids)
    return [found[cid].display_name for cid in ballot.candidate_ids]


def _rewrite_in_published_order(ballot: OnlineBallot, papers: list[tuple[str, list[int]]]) -> None:
    """Write the papers again, in receipt-hash order, with fresh ids, in this transaction.

    While voting ran, each paper sat where and when it was inserted: its place in the table and
    its transaction id (PostgreSQL's xmin) matched the register row written with it. Rewritten,
    every paper has the close's transaction id and is placed in receipt-hash (random) order.
    On PostgreSQL one statement does it inside the database (130,000 papers in seconds); elsewhere
    (SQLite, for development) the same through the ORM.
    """
    if connection.vendor == "postgresql":
        table = BallotPaper._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH old AS (DELETE FROM {table} WHERE ballot_id = %s RETURNING ballot_id, preferences, receipt_hash) "
                f"INSERT INTO {table} (id, ballot_id, preferences, receipt_hash) "
                "SELECT gen_random_uuid(), ballot_id, preferences, receipt_hash FROM old ORDER BY receipt_hash",
                [ballot.pk],
            )
        return
    BallotPaper.objects.filter(ballot=ballot).delete()
    BallotPaper.objects.bulk_create(
        [BallotPaper(ballot=ballot, receipt_hash=h, preferences=p) for h, p in papers], batch_size=PAPER_BATCH
    )


def _vacuum_papers() -> None:
    """Reclaim the old paper rows at once rather than whenever autovacuum comes (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {BallotPaper._meta.db_table}")
    except Exception as exc:  # the close has committed; a failed vacuum is for the operators, not the voter
        log.warning("VACUUM of ballot papers after a close failed: %s", exc)


def _require_counted_after_close(ballot: OnlineBallot) -> None:
    if ballot.state == State.OPEN:
        _opens, closes = ballot.window()
        raise Conflict(
            f"Votes are counted only after the ballot closes (at {when(closes)}): nobody sees any figures before then.",
            code="ballot_open",
        )


def online_ballot_count_clp(*, ballot: OnlineBallot, user, now: dt.datetime | None = None) -> OnlineBallot:
    """Count a closed CLP ballot with the engine, on exactly the sealed file."""
    permissions.require_run(user, ballot)
    with transaction.atomic():
        ballot = _locked(ballot)
        _require_counted_after_close(ballot)
        if ballot.state != State.CLOSED:
            raise Conflict(f"This ballot was counted at {when(ballot.counted_at)}.", code="ballot_counted")
        with default_storage.open(ballot.sealed_file.name, "rb") as f:
            election = sealing.read_sealed(f.read(), ballot.sealed_sha256)
        women = Candidate.objects.filter(pk__in=ballot.candidate_ids, gender="woman").values_list(
            "display_name", flat=True
        )
        options = CountOptions(
            seats=ballot.places, min_women=ballot.min_women, women=frozenset(women), seed=ballot.seed
        )
        try:
            result = engine_count(election, ballot.method, options)
        except CountError as exc:
            raise Conflict(f"The votes could not be counted: {exc}.", code="count_failed") from None
        text = resultdata.result_to_json(result)
        by_name = dict(zip(election.candidates, ballot.candidate_ids))
        ballot.result_json, ballot.result_sha256 = text, resultdata.sha256_text(text)
        ballot.elected_ids = [by_name[name] for name in result.elected]
        ballot.state, ballot.counted_at = State.COUNTED, now or timezone.now()
        ballot.save(update_fields=["result_json", "result_sha256", "elected_ids", "state", "counted_at"])
        details = {"elected": ballot.elected_ids, "result_sha256": ballot.result_sha256, "input": ballot.sealed_sha256}
        audit_record(actor=user, action="voting.counted", section=ballot.section, obj=ballot, details=details)
        live.publish(stream_name(ballot.pk), "voting.counted", {"result_sha256": ballot.result_sha256})
    return ballot


def online_ballot_count_section(*, ballot: OnlineBallot, user, inline: bool = False) -> Count:
    """Load a closed section ballot's sealed file as a ballot set and count it by the results services."""
    permissions.require_run(user, ballot)
    _require_counted_after_close(ballot)
    if ballot.ballot_set_id is None:
        with default_storage.open(ballot.sealed_file.name, "rb") as f:
            try:
                ballot_set = ballot_set_load(
                    section=ballot.section, user=user, fileobj=f, filename=f"online-ballot-{ballot.pk}.blt",
                    mapping="name", electorate=ballot.electorate_size,
                )  # fmt: skip
            except BallotFileRejected as exc:
                raise Conflict(
                    f"The sealed ballot file was not accepted as a ballot set: {exc}", code="load_failed"
                ) from None
        if ballot_set.sha256 != ballot.sealed_sha256:  # the results services hash what they store
            raise Conflict("The ballot set's SHA-256 differs from the sealed file's.", code="load_mismatch")
        with transaction.atomic():
            ballot = _locked(ballot)
            ballot.ballot_set, ballot.state, ballot.counted_at = ballot_set, State.COUNTED, timezone.now()
            ballot.save(update_fields=["ballot_set", "state", "counted_at"])
            audit_record(
                actor=user,
                action="voting.loaded",
                section=ballot.section,
                obj=ballot,
                details={"ballot_set": ballot_set.pk},
            )
    first = ballot.ballot_set.counts.order_by("id").first()
    return first or count_request(user=user, ballot_set=ballot.ballot_set, seed=ballot.seed, inline=inline)


def online_ballot_record(
    *, ballot: OnlineBallot, user, reason: str = "", now: dt.datetime | None = None
) -> NominationChange:
    """Record a counted CLP ballot's result as the CLP's nominations, under every nomination rule."""
    permissions.require_run(user, ballot)
    now = now or timezone.now()
    with transaction.atomic():
        ballot = _locked(ballot)
        _require_counted_after_close(ballot)
        if ballot.state == State.CLOSED:
            raise Conflict("Count the votes before recording the nominations.", code="ballot_not_counted")
        if ballot.state == State.RECORDED:
            raise Conflict(
                f"This ballot's result was recorded as {ballot.clp}'s nominations at {when(ballot.nomination_change.made_at)}.",
                code="ballot_recorded",
            )
        try:
            change = nomination_set_submit(
                section=ballot.section, clp=ballot.clp, user=user, proposal=_proposal(ballot), reason=reason,
                source=NominationChange.Source.BALLOT, now=now,
            )  # fmt: skip
        except NominationRefused as exc:
            raise Unprocessable(
                " ".join(exc.messages), errors={"nominations": exc.messages}, code="nomination_refused"
            ) from None
        ballot.nomination_change, ballot.state = change, State.RECORDED
        ballot.save(update_fields=["nomination_change", "state"])
        audit_record(
            actor=user,
            action="voting.recorded",
            section=ballot.section,
            obj=ballot,
            details={"nomination_change": change.pk},
        )
    return change


def _proposal(ballot: OnlineBallot) -> Proposal:
    found = Candidate.objects.select_related("user__member").in_bulk(ballot.elected_ids)
    method = MEETING_METHODS.get(ballot.method, MeetingMethod.STV)
    votes = {}
    if ballot.method in MEETING_METHODS:  # a plain vote count; an STV stage total is not "votes at the meeting"
        result = resultdata.result_from_json(ballot.result_json)
        first = result.stages[0].tallies
        for cid in ballot.elected_ids:
            votes[cid] = _whole(first.get(found[cid].display_name))
    return Proposal(
        candidates=[found[cid] for cid in ballot.elected_ids],
        meeting_date=timezone.localtime(ballot.closes_at).date(),
        method=method,
        votes=votes,
    )


def _whole(text: str | None) -> int | None:
    try:
        value = Decimal(text or "")
    except InvalidOperation:
        return None
    return int(value) if value == value.to_integral_value() else None
