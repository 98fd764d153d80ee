"""The demo's online ballots: one recorded as a CLP's nominations, one declared, one open; loading
it again changes nothing."""

from django.core.management import call_command

from ballots.nominations.models import Nomination
from ballots.voting.models import BallotPaper, OnlineBallot


def test_the_demo_ballots_end_in_nominations_a_declaration_and_an_open_vote(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo")
    clp_ballot = OnlineBallot.objects.get(kind="clp")
    assert clp_ballot.state == "recorded" and clp_ballot.nomination_change.source == "ballot"
    recorded = Nomination.objects.filter(added_by=clp_ballot.nomination_change, status="current")
    assert sorted(recorded.values_list("candidate_id", flat=True)) == sorted(clp_ballot.elected_ids)
    youth = OnlineBallot.objects.get(section__slug="youth-rep")
    count = youth.ballot_set.counts.get()
    assert count.is_declared and count.input_sha256 == youth.sealed_sha256
    treasurer = OnlineBallot.objects.get(section__slug="treasurer")
    assert treasurer.state == "open" and 0 < treasurer.turnout < treasurer.electorate_size
    assert treasurer.voters.filter(member__user__username="member", mark__isnull=True).exists()
    before = (OnlineBallot.objects.count(), BallotPaper.objects.count(), Nomination.objects.count())
    call_command("load_demo")
    assert (OnlineBallot.objects.count(), BallotPaper.objects.count(), Nomination.objects.count()) == before
