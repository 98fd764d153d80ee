"""Where each stage's value went (``Stage.flows``): worked by hand, and reconciled with the stage
table on random elections for every STV rule."""

from __future__ import annotations

import json
from fractions import Fraction

from engine_helpers import election
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import elections

from ballots.counting import ers97, meek, report, scottish, wigm
from ballots.counting.model import CountOptions

RULES = {
    "ers97": ers97.count,
    "scottish": scottish.count,
    "wigm": wigm.count,
    "wigm-rational": lambda e, o: wigm.count_with(e, o, variant="rational"),
    "wigm-guarded": lambda e, o: wigm.count_with(e, o, variant="guarded"),
    "meek": meek.count,
    "meek-fixed": lambda e, o: meek.count_with(e, o, "fixed"),
    "meek-guarded": lambda e, o: meek.count_with(e, o, "guarded"),
}
# Exact and guarded figures are shown rounded, so sums of shown figures may be off by a
# rounding per figure; fixed-point figures reconcile exactly.
SHOWN_TO = {
    "wigm-rational": Fraction(1, 10**12),
    "wigm-guarded": Fraction(1, 10**18),
    "meek-guarded": Fraction(1, 10**18),
}


def total(flow) -> Fraction:
    return (
        sum((Fraction(v) for v in flow.to.values()), Fraction(0))
        + Fraction(flow.non_transferable)
        + Fraction(flow.loss)
    )


def unreconciled(result, unit=Fraction(0)) -> list[str]:
    """Every way a stage's flows disagree with the change in its table, beyond ``unit`` per figure."""
    problems = []
    for before, stage in zip(result.stages, result.stages[1:]):
        figures = sum(len(f.to) + 2 for f in stage.flows) + 1
        given_by = {}
        for f in stage.flows:
            given_by[(f.kind, f.source)] = given_by.get((f.kind, f.source), 0) + total(f)
            if any(Fraction(v) < 0 for v in (*f.to.values(), f.non_transferable, f.loss)):
                problems.append(f"stage {stage.number}: a negative flow {f}")
        for name in set(stage.tallies) | set(before.tallies):
            change = Fraction(stage.tallies.get(name, "0")) - Fraction(before.tallies.get(name, "0"))
            moved = sum(Fraction(f.to.get(name, "0")) for f in stage.flows) - given_by.get(("candidate", name), 0)
            if abs(change - moved) > unit * figures:
                problems.append(f"stage {stage.number} {name}: table {change}, flows {moved}")
        for attr, pile in (("exhausted", "non-transferable"), ("loss", "loss")):
            change = Fraction(getattr(stage, attr)) - Fraction(getattr(before, attr))
            field = "non_transferable" if pile == "non-transferable" else "loss"
            moved = sum(Fraction(getattr(f, field)) for f in stage.flows) - given_by.get((pile, pile), 0)
            if abs(change - moved) > unit * figures:
                problems.append(f"stage {stage.number} {attr}: table {change}, flows {moved}")
    return problems


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections(equal_ranks=True), st.sampled_from(sorted(RULES)))
def test_flows_reconcile_with_every_stage_table(case, rule):
    e, options = case
    try:
        result = RULES[rule](e, options)
    except Exception as exc:  # elections no rule can count (no valid paper, too few candidates)
        assert type(exc).__name__ == "CountError"
        return
    assert unreconciled(result, SHOWN_TO.get(rule, Fraction(0))) == []
    assert result.stages[0].flows == ()


# 4 candidates, 2 seats. ERS97 quota 100 / 3 = 33.34 (rounded up).
HAND = election("ABCD", 2, (40, "A B"), (10, "A C"), (20, "B"), (18, "C D"), (12, "D C"))


def test_ers97_surplus_flows_say_where_the_last_batch_went():
    # A's surplus 50 - 33.34 = 16.66 over 50 papers: 0.3332, so 0.33 each (5.2.7, remainder
    # ignored): B 40 x 0.33 = 13.20, C 10 x 0.33 = 3.30, and 16.66 - 16.50 = 0.16 lost.
    s2 = ers97.count(HAND, CountOptions()).stages[1]
    (flow,) = s2.flows
    assert (flow.source, dict(flow.to), flow.non_transferable, flow.loss) == (
        "A",
        {"B": "13.20", "C": "3.30"},
        "0.00",
        "0.16",
    )
    assert s2.transfers == {"A": "-16.66", "B": "13.20", "C": "3.30"}


def test_an_exclusion_flow_is_recorded_for_each_candidate_excluded():
    # Scottish: quota 100 // 3 + 1 = 34; A's surplus 16 goes on at 16/50 = 0.32 per paper;
    # then D (12) is lowest: D's 12 papers go to C; then B (32.8), whose papers end there.
    result = scottish.count(HAND, CountOptions())
    flows = [(f.source, dict(f.to), f.non_transferable) for s in result.stages[2:] for f in s.flows]
    assert flows == [("D", {"C": "12.00000"}, "0.00000"), ("B", {}, "32.80000")]


def test_meek_flows_follow_the_ballots_down_the_ranking():
    # As in test_meek: A elected; next round A keeps 0.666666667 of each of its 6 ballots.
    # The 4 "A" ballots exhaust what A gives up, the 2 "A B" ballots pass it to B.
    shrink = election("ABC", 2, (4, "A"), (2, "A B"), (3, "B"), (3, "C"))
    s3 = meek.count(shrink, CountOptions()).stages[2]
    (flow,) = s3.flows
    assert (flow.source, dict(flow.to), flow.non_transferable, flow.loss) == (
        "A",
        {"B": "0.666666666"},
        "1.333333332",
        "0.000000000",
    )


def test_the_json_report_carries_flows_only_when_asked():
    result = ers97.count(HAND, CountOptions())
    plain = json.loads(report.to_json(result))
    assert "flows" not in plain["stages"][1]
    detailed = json.loads(report.to_json(result, flows=True))
    assert detailed["stages"][1]["flows"] == [
        {
            "source": "A",
            "kind": "candidate",
            "to": {"B": "13.20", "C": "3.30"},
            "non_transferable": "0.00",
            "loss": "0.16",
        }
    ]
    assert report.from_json(report.to_json(result, flows=True)) == result
    assert report.from_json(report.to_json(result)).stages[1].flows == ()


def test_meek_skips_its_flow_walk_when_flows_are_not_wanted_and_nothing_else_changes():
    from ballots.counting.blt import read_blt_text

    election = read_blt_text('4 2\n3 1 2 0\n2 1 3 0\n4 2 0\n3 3 4 0\n1 4 2 0\n0\n"A"\n"B"\n"C"\n"D"\n"T"\n')
    full = meek.count(election, CountOptions())
    bare = meek.count(election, CountOptions(flows=False))
    assert any(s.flows for s in full.stages) and not any(s.flows for s in bare.stages)
    assert report.to_json(bare) == report.to_json(full)
