"""Scottish STV against every Scottish reference in ``shared/conformance/stv`` (see SOURCES.md).

- glasgow2007_linn/linn07_stages.json: the OFFICIAL Glasgow City Council stage report (eSTV).
- edinburgh2017_ward*/expected_winners.txt: OFFICIAL winners (no stages published with them).
- every ``*-scotland-fixed-p5-d5.txt``: droop's output (another counter), rounds as stages.
"""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

import pytest
from droopref import (
    drop_idle_rounds,
    elected,
    end_of_rounds,
    read_dump,
    stage_mismatches,
    with_file_tie_order,
)
from engine_helpers import STV_DATA

from ballots.counting import scottish
from ballots.counting.blt import read_blt
from ballots.counting.model import CountOptions

STV = STV_DATA


def count(blt: Path):
    return scottish.count(with_file_tie_order(read_blt(blt)), CountOptions())


# -- the official Linn 2007 stage report ----------------------------------------------------
def linn():
    folder = STV / "glasgow2007_linn"
    official = json.loads((folder / "linn07_stages.json").read_text())
    return official, count(folder / "Linn-2007.blt")


def test_linn_quota_valid_votes_and_winners_match_the_official_report():
    """OFFICIAL: Glasgow City Council's eSTV report for Linn ward, 2007."""
    official, result = linn()
    assert result.quota == official["quota"] == "1914.00000"
    assert result.valid_votes == "9567.00000"
    winners = {n for s in official["stages"] for n in s["elected"]}
    assert set(result.elected) == winners
    assert len(result.stages) == len(official["stages"])


def test_linn_every_stage_matches_the_official_report_to_five_places():
    """OFFICIAL. The official "non-transferable" column holds both papers with no further
    preference and the fractions lost to truncation; we show those apart (exhausted, loss),
    so their sum is compared."""
    official, result = linn()
    for ours, theirs in zip(result.stages, official["stages"]):
        shown = {n: v for n, v in theirs["votes"].items() if v is not None}
        assert dict(ours.tallies) == shown, f"stage {ours.number}"
        assert Fraction(ours.exhausted) + Fraction(ours.loss) == Fraction(theirs["non_transferable"]), (
            f"stage {ours.number}"
        )
        assert set(ours.elected) == set(theirs["elected"]), f"stage {ours.number}"
        assert list(ours.excluded) == theirs["excluded"], f"stage {ours.number}"
        if theirs["surplus"]:
            assert ours.action.startswith(f"Surplus of {theirs['surplus']} ")


# -- official Edinburgh 2017 winners --------------------------------------------------------
@pytest.mark.parametrize("ward", ["ward3", "ward10", "ward13", "ward15"])
def test_edinburgh_2017_winners_match_the_official_result(ward):
    """OFFICIAL winners (City of Edinburgh Council 2017, via STVPoll's test data)."""
    folder = STV / f"edinburgh2017_{ward}"
    expected = {
        line.strip()
        for line in (folder / "expected_winners.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    result = scottish.count(read_blt(folder / f"edinburgh_2017_{ward}.blt"), CountOptions())
    # The ballot file names carry the party, "Ian PERRY (Lab)"; the winners list does not.
    assert {re.sub(r" \([^)]*\)$", "", n) for n in result.elected} == expected


# -- droop's reports ------------------------------------------------------------------------
DROOP = [
    ("glasgow2007_linn", "Linn-2007", "Linn-2007-scotland-fixed-p5-d5.txt"),
    ("glasgow2007_anderston-city", "Anderston-City-2007", "Anderston-City-2007-scotland-fixed-p5-d5.txt"),
    ("glasgow2007_pollokshields", "Pollokshields-2007", "Pollokshields-2007-scotland-fixed-p5-d5.txt"),
    ("glasgow2007_springburn", "Springburn-2007", "Springburn-2007-scotland-fixed-p5-d5.txt"),
    ("droop_weak-defeat", "weak-defeat", "dump/weak-defeat-scotland-fixed-p5-d5.txt"),
    ("droop_weak-surplus", "weak-surplus", "dump/weak-surplus-scotland-fixed-p5-d5.txt"),
    ("droop_sc", "SC", "dump/SC-scotland-fixed-p5-d5.txt"),
    ("droop_sc-vm-12", "SC-Vm-12", "dump/SC-Vm-12-scotland-fixed-p5-d5.txt"),
    ("droop_m135", "M135", "dump/M135-scotland-fixed-p5-d5.txt"),
]


@pytest.mark.parametrize("folder,blt,dump", DROOP, ids=[d[1] for d in DROOP])
def test_every_stage_matches_droop(folder, blt, dump):
    """droop's output (another counter, not an official sheet). Every candidate's vote and
    the non-transferable votes at every stage, to 5 places, and the elected set.

    weak-surplus and SC-Vm-12 have candidates exactly on the quota: droop spends a round
    "transferring" each zero surplus; the Order has no such stage (48(1) "exceeds"), so those
    idle rounds are left out of the comparison (every figure in them is unchanged)."""
    rows = drop_idle_rounds(read_dump(STV / folder / dump))
    result = count(STV / folder / f"{blt}.blt")
    assert stage_mismatches(result.stages, end_of_rounds(rows)) == []
    assert set(result.elected) == elected(rows)


def test_weak_defeat_tie_is_broken_on_the_most_recent_unequal_stage():
    """droop's weak-defeat case: B and C tie for exclusion; B had fewer at stage 1."""
    result = count(STV / "droop_weak-defeat" / "weak-defeat.blt")
    (tie,) = result.tiebreaks
    assert (tie.candidates, tie.chosen, tie.method) == (("B", "C"), "B", "earlier stages (backwards)")
