"""WIGM against droop's ``wigm-*`` reference reports (droop's output: another counter, not
an official count; see shared/conformance/stv/SOURCES.md). Every stage, every candidate's vote
and the non-transferable votes at the report's precision, and the elected set.

- ``-wigm-prf-fixed-p4-d4``: PRF reference WIGM, 4 places truncated (``wigm.count``).
- ``-wigm-rational-d12``: droop's generic WIGM in exact fractions, shown to 12 places.
- ``-wigm-guarded-p18-g9-d18``: the same in droop's guarded arithmetic (18 + 9 places).
"""

from __future__ import annotations

import pytest
from droopref import elected, end_of_rounds, read_dump, stage_mismatches, with_file_tie_order
from engine_helpers import STV_DATA

from ballots.counting import wigm
from ballots.counting.blt import read_blt
from ballots.counting.model import CountOptions

STV = STV_DATA

ELECTIONS = [("droop_sc", "SC"), ("droop_sc-vm-12", "SC-Vm-12"), ("droop_m135", "M135")]
VARIANTS = [("prf", "wigm-prf-fixed-p4-d4"), ("rational", "wigm-rational-d12"), ("guarded", "wigm-guarded-p18-g9-d18")]
CASES = [
    (folder, blt, variant, suffix)
    for folder, blt in ELECTIONS
    for variant, suffix in VARIANTS
    if (STV / folder / "dump" / f"{blt}-{suffix}.txt").exists() or not STV.is_dir()
]


@pytest.mark.parametrize("folder,blt,variant,suffix", CASES, ids=[f"{c[1]}-{c[2]}" for c in CASES])
def test_every_stage_matches_droop(folder, blt, variant, suffix):
    election = with_file_tie_order(read_blt(STV / folder / f"{blt}.blt"))
    result = wigm.count_with(election, CountOptions(), variant=variant)
    rows = read_dump(STV / folder / "dump" / f"{blt}-{suffix}.txt")
    assert result.quota == rows[0].quota
    assert stage_mismatches(result.stages, end_of_rounds(rows)) == []
    assert set(result.elected) == elected(rows)


def test_plain_count_is_the_prf_variant():
    election = with_file_tie_order(read_blt(STV / "droop_sc" / "SC.blt"))
    result = wigm.count(election, CountOptions())
    assert result.method == "wigm"
    assert result.quota == "18.8001"
    assert result.parameters["variant"] == "prf"
