"""Meek against every Meek reference in ``shared/conformance/stv`` (see SOURCES.md). None is
an official count sheet: all are other counters' output.

- droop ``-meek-prf-o6-fixed-p9-d9`` (PRF reference Meek, ``meek.count``), ``-meek-o10-rational
  -d12`` and ``-meek-o9-guarded-p18-g9-d18`` (droop's Meek Parametric): every round's votes,
  quota and the elected set.
- stv-rs ``*.fixed9.log`` transcripts (stv-rs, checked by its authors against droop):
  parametric Meek in fixed 9 places with single defeats (``variant="fixed"``).
- ers97_model/ers97_meek_reference.csv: OpenTally's Meek count of the ERS97 model election,
  totals to 2 places at the stages it lists.
"""

from __future__ import annotations

import csv
from fractions import Fraction
from pathlib import Path

import pytest
from droopref import (
    elected,
    meek_rounds,
    read_dump,
    read_report,
    report_rounds,
    stage_mismatches,
    with_file_tie_order,
)
from engine_helpers import STV_DATA

from ballots.counting import meek
from ballots.counting.blt import read_blt
from ballots.counting.model import CountOptions

STV = STV_DATA


def load(path: Path):
    return with_file_tie_order(read_blt(path))


# -- droop ----------------------------------------------------------------------------------
DROOP = [
    ("droop_sc-vm-12", "SC-Vm-12", "prf", "meek-prf-o6-fixed-p9-d9"),
    ("droop_sc-vm-12", "SC-Vm-12", "rational", "meek-o10-rational-d12"),
    ("droop_sc-vm-12", "SC-Vm-12", "guarded", "meek-o9-guarded-p18-g9-d18"),
    ("droop_sc", "SC", "prf", "meek-prf-o6-fixed-p9-d9"),
    ("droop_sc", "SC", "rational", "meek-o10-rational-d12"),
    ("droop_sc", "SC", "guarded", "meek-o9-guarded-p18-g9-d18"),
    ("droop_m135", "M135", "prf", "meek-prf-o6-fixed-p9-d9"),
    ("droop_m135", "M135", "guarded", "meek-o9-guarded-p18-g9-d18"),
    ("droop_eq1", "eq1", "guarded", "meek-o9-guarded-p18-g9-d18"),  # equal ranks b=c
]


@pytest.mark.parametrize("folder,blt,variant,suffix", DROOP, ids=[f"{d[1]}-{d[2]}" for d in DROOP])
def test_every_round_matches_droop(folder, blt, variant, suffix):
    """droop's output. One stage per droop round: every hopeful or elected candidate's vote
    and the round's quota (it shrinks as ballots exhaust), then the elected set."""
    result = meek.count_with(load(STV / folder / f"{blt}.blt"), CountOptions(), variant)
    rows = read_dump(STV / folder / "dump" / f"{blt}-{suffix}.txt")
    rounds = meek_rounds(rows)
    assert stage_mismatches(result.stages, rounds, exhausted_column=None, meek=True) == []
    assert set(result.elected) == elected(rows)
    if variant == "prf":  # fixed point: droop's residual is our exhausted plus loss, exactly
        for stage, row in zip(result.stages, rounds):
            residual = Fraction(row.extra[2])
            assert Fraction(stage.exhausted) + Fraction(stage.loss) == residual, stage.number


# -- stv-rs ---------------------------------------------------------------------------------
STVRS = [
    ("stvrs_vegetables", "vegetables", "vegetables.fixed9.log"),
    ("stvrs_vegetables", "vegetables", "vegetables.equalize.fixed9.log"),
    ("stvrs_ties", "tie_break_explicit", "tie_break_explicit.fixed9.log"),
    ("stvrs_ties", "tie_break_implicit", "tie_break_implicit.fixed9.log"),
    ("stvrs_equal_preference", "equal_preference", "equal_preference.fixed9.log"),
    ("stvrs_equal_preference", "equal_preference_droop", "equal_preference_droop.fixed9.log"),
    ("stvrs_equal_preference", "equal_preference_droop", "equal_preference_droop.equalize.fixed9.log"),
    pytest.param(
        "stvrs_equal_preference",
        "equal_preference",
        "equal_preference.equalize.fixed9.log",
        marks=pytest.mark.xfail(
            strict=True,
            reason="stv-rs 'equalize' counts equal preferences its own "
            "way (not implemented); we follow droop, which shares them equally",
        ),
    ),
    pytest.param(
        "stvrs_vegetables",
        "vegetables",
        "vegetables.approx.log",
        marks=pytest.mark.xfail(
            strict=True, reason="stv-rs 'approx' is binary floating point, which this engine never uses"
        ),
    ),
]


@pytest.mark.parametrize("folder,blt,log", STVRS)
def test_every_round_matches_stv_rs(folder, blt, log):
    """stv-rs's transcript (another counter). Votes at every round, then the elected set.
    vegetables has withdrawn candidates; the ties files a [tie] order and none."""
    result = meek.count_with(load(STV / folder / f"{blt}.blt"), CountOptions(), "fixed")
    actions = read_report(STV / folder / log)
    assert stage_mismatches(result.stages, report_rounds(actions), exhausted_column=None) == []
    final = {n for n, s in actions[-1].states.items() if s == "E"}
    assert set(result.elected) == final


# -- OpenTally's ERS97 model election ------------------------------------------------------
# OpenTally numbers a stage for each exclusion and for each distribution of surpluses; we
# number one stage per decision taken on converged votes. Their stage -> ours, for the
# "Surpluses distributed" stages (converged votes before the next exclusion):
ERS97_STAGES = {"1": 1, "2": 3, "4": 5, "6": 6, "9": 8}


def ers97_reference():
    with open(STV / "ers97_model" / "ers97_meek_reference.csv", newline="") as f:
        rows = list(csv.reader(f))
    stages = rows[0][1::2]
    table = {row[0]: row[1::2] for row in rows[2:]}
    return stages, table


def two_places(text: str) -> Fraction:
    q = Fraction(text) * 100
    return Fraction((q.numerator * 2 + q.denominator) // (2 * q.denominator), 100)


def ers97_count():
    # The file closes 7 of its 51 ballot lines with 0 (SOURCES.md): read as its authors meant.
    return meek.count(read_blt(STV / "ers97_model" / "ers97.blt", missing_zero="accept"), CountOptions())


@pytest.mark.parametrize("theirs,ours", ERS97_STAGES.items())
def test_ers97_model_totals_match_opentally_to_two_places(theirs, ours):
    """OpenTally's output (another counter). Each candidate's total and the quota, rounded
    to 2 places, agree exactly; the exhausted votes agree within 0.01 (OpenTally's own
    arithmetic differs in the third place: 41.9553... here, shown by it as 41.95)."""
    stages, table = ers97_reference()
    col = stages.index(theirs)
    stage = ers97_count().stages[ours - 1]
    for name, values in table.items():
        if name in ("Exhausted", "Quota") or values[col] == "0":
            continue
        assert two_places(stage.tallies[name]) == Fraction(values[col]), name
    assert two_places(stage.quota) == Fraction(table["Quota"][col])
    assert abs(Fraction(stage.exhausted) - Fraction(table["Exhausted"][col])) <= Fraction(1, 100)


def test_ers97_model_elects_opentallys_six_with_a_shrinking_quota():
    result = ers97_count()
    assert set(result.elected) == {"Smith", "Carpenter", "Duke", "Prince", "Freeman", "Vicar"}
    quotas = [Fraction(s.quota) for s in result.stages]
    assert quotas == sorted(quotas, reverse=True) and quotas[-1] < quotas[0]


@pytest.mark.xfail(
    strict=True,
    reason="OpenTally keeps iterating after the last seat is "
    "filled (final quota 73.00); PRF/droop Meek stop when it is filled "
    "(quota 74.48), so the final stage's totals differ",
)
def test_ers97_model_final_stage_matches_opentally():
    stages, table = ers97_reference()
    col = stages.index("11")
    final = ers97_count().stages[-1]
    assert two_places(final.quota) == Fraction(table["Quota"][col])
