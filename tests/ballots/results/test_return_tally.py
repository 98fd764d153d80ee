"""A scrutineer's return is tallied by the engine: the same votes and seed elect the same people
from the return as from the ballot papers (issue 10)."""

import io

import pytest

from ballots.results import services
from tests.ballots.results.factories import blt


@pytest.fixture
def block_section(section):
    section.counting_method = "block"
    section.min_women = 0
    section.save()
    return section


def test_a_block_vote_return_and_its_papers_elect_the_same_pair_for_every_seed(block_section, rita):
    candidates = list(block_section.candidates.filter(withdrawn=False))
    names = [c.display_name for c in candidates]
    # Two seats; totals 10/10/10/5/5, from 20 papers with two marks each.
    papers = blt(names, ["5 1 2 0", "5 1 3 0", "5 2 3 0", "5 4 5 0"])
    ballot_set = services.ballot_set_load(
        section=block_section, user=rita, fileobj=io.BytesIO(papers), filename="papers.blt"
    )
    ret = services.return_record(
        section=block_section, user=rita, method="block", electorate=30, ballots_issued=25, ballots_returned=20,
        ballots_spoilt=0, ballots_valid=20, votes=dict(zip([c.pk for c in candidates], [10, 10, 10, 5, 5])),
    )  # fmt: skip
    winners = set()
    for seed in range(1, 9):
        from_papers = services.count_request(user=rita, ballot_set=ballot_set, method="block", seed=seed)
        from_return = services.count_request(user=rita, ballot_return=ret, seed=seed)
        from_papers.refresh_from_db()
        from_return.refresh_from_db()
        assert (from_return.status, from_papers.status) == ("done", "done")
        assert from_return.elected == from_papers.elected, seed
        winners.add(tuple(from_return.elected))
    assert len(winners) > 1  # the lot did its work: not the same pair whatever the seed
