"""ERS97 on the ERS model election ballots (11 candidates, 6 places, 753 papers).

SOURCES.md: no ERS97-rules result sheet exists for these reconstructed ballots (the reference
there is a Meek count), so only invariants are checked, never the engine's own figures.
"""

import pytest
from engine_helpers import STV_DATA, conserved

from ballots.counting import ers97
from ballots.counting.blt import read_blt
from ballots.counting.model import CountOptions

MODEL = STV_DATA / "ers97_model" / "ers97.blt"


@pytest.fixture(scope="module")
def result():
    return ers97.count(read_blt(MODEL, missing_zero="accept"), CountOptions())


def test_it_elects_six(result):
    assert len(result.elected) == 6 == len(set(result.elected))


def test_the_quota_is_753_over_7_rounded_up(result):
    # 753 / 7 = 107.5714... -> 107.57 with the remainder ignored, + 0.01 = 107.58
    assert result.quota == "107.58" and result.valid_votes == "753.00"


def test_value_is_conserved_at_every_stage(result):
    assert conserved(result)


def test_nobody_elected_is_excluded(result):
    excluded = {n for s in result.stages for n in s.excluded}
    assert not excluded & set(result.elected)


def test_smith_is_elected_at_the_first_stage(result):
    # 134 first preferences exceed the quota of 107.58.
    assert result.stages[0].elected == ("Smith",)


def test_a_gender_minimum_on_the_model_election_is_met_and_noted(result):
    # Say the four lowest-placed at stage 1 are the women and at least 3 must be elected.
    women = frozenset({"Wright", "Glazier", "Monk", "Abbot"})
    r = ers97.count(read_blt(MODEL, missing_zero="accept"), CountOptions(min_women=3, women=women))
    assert len(r.elected) == 6 and len(set(r.elected) & women) >= 3
    assert conserved(r)
    assert any("Gender quota" in n for s in r.stages for n in s.notes)
    assert not {n for s in r.stages for n in s.excluded} & set(r.elected)
