"""Racing requests on PostgreSQL, in real concurrent transactions (one connection per thread).

Each test holds every request at a barrier just after it has passed the application's own
"already voted?" read, so only the database can keep the outcome right.
"""

import datetime as dt
import threading

import pytest
from django.core.files.storage import default_storage

from ballots.counting.blt import read_blt_text
from ballots.voting import receipts, services
from ballots.voting.models import BallotPaper, OnlineBallot, RegisterMark
from elections.refusals import Conflict
from tests import factories
from tests.concurrency import race


@pytest.fixture
def held_at_the_write(monkeypatch):
    """hold(n): the next n casts each wait, after their checks and before writing, until all n are there."""

    def hold(n):
        barrier = threading.Barrier(n)
        real = receipts.new_code

        def waiting():
            barrier.wait(timeout=20)
            return real()

        monkeypatch.setattr(receipts, "new_code", waiting)

    return hold


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_casts_by_one_member_leave_one_ballot(hackney_ballot, alice, people, voter_of, held_at_the_write):
    voter = voter_of(hackney_ballot, alice)
    held_at_the_write(6)
    choices = [people[name].pk for name in ("ann", "beth", "cara", "dan", "eli", "fred")]

    def cast(choice):
        return lambda: services.ballot_paper_cast(ballot=hackney_ballot, voter=voter, preferences=[choice])

    outcomes = race(*[cast(c) for c in choices])
    codes = [o for o in outcomes if isinstance(o, str)]
    refused = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(codes) == 1 and len(refused) == 5, outcomes
    assert {r.code for r in refused} == {"already_voted"}
    assert BallotPaper.objects.filter(ballot=hackney_ballot).count() == 1
    assert RegisterMark.objects.filter(voter=voter).count() == 1
    assert OnlineBallot.objects.get(pk=hackney_ballot.pk).turnout == 1
    assert BallotPaper.objects.get().receipt_hash == receipts.code_hash(hackney_ballot.pk, codes[0])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_casts_by_different_members_are_all_counted(open_clp_ballot, sam, hackney, people, held_at_the_write):
    members = [factories.MemberFactory(clp=hackney).user for _ in range(8)]
    ballot = open_clp_ballot(sam)
    held_at_the_write(8)
    voters = [ballot.voters.get(member=m.member) for m in members]
    outcomes = race(
        *[
            lambda v=v: services.ballot_paper_cast(ballot=ballot, voter=v, preferences=[people["ann"].pk])
            for v in voters
        ]
    )
    assert all(isinstance(o, str) for o in outcomes), outcomes
    assert OnlineBallot.objects.get(pk=ballot.pk).turnout == 8 == BallotPaper.objects.filter(ballot=ballot).count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_close_racing_casts_seals_exactly_the_ballots_it_accepted(open_clp_ballot, sam, hackney, people, now):
    members = [factories.MemberFactory(clp=hackney).user for _ in range(10)]
    ballot = open_clp_ballot(sam)
    voters = [ballot.voters.get(member=m.member) for m in members]
    at = now + dt.timedelta(minutes=1)
    calls = [
        lambda v=v: services.ballot_paper_cast(ballot=ballot, voter=v, preferences=[people["cara"].pk], now=at)
        for v in voters
    ]
    calls.insert(5, lambda: services.online_ballot_close(ballot=ballot, user=sam, now=at))
    outcomes = race(*calls)
    closed = outcomes.pop(5)
    assert isinstance(closed, OnlineBallot), closed
    accepted = [o for o in outcomes if isinstance(o, str)]
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert all(isinstance(r, Conflict) and r.code == "ballot_closed" for r in refused), refused
    closed.refresh_from_db()
    with default_storage.open(closed.sealed_file.name, "rb") as f:
        sealed = read_blt_text(f.read())
    assert sealed.total_ballots == len(accepted) == closed.turnout
    assert BallotPaper.objects.filter(ballot=ballot).count() == len(accepted)
    assert RegisterMark.objects.filter(ballot=ballot).count() == len(accepted)
    hashes = {receipts.code_hash(ballot.pk, code) for code in accepted}
    assert hashes == set(BallotPaper.objects.filter(ballot=ballot).values_list("receipt_hash", flat=True))
