"""Transfers per stage and by slate, summed from the engine's record of each stage, reconcile with
the stage table, over random elections.

The expectations are worked independently of ``ballots.analysis``: from each stage's own
``transfers`` column and the cumulative non-transferable and loss rows, and (for slates) from the
engine's per-source records grouped here, summed as exact fractions.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ballots.analysis import flows
from ballots.counting import count
from ballots.counting.model import Ballot, CountError, CountOptions, Election

NAMES = ("Ann", "Bea", "Cat", "Dan", "Ed", "Fay", "Gus")
RULES = ("ers97", "scottish", "meek", "wigm")
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def elections(draw):
    n = draw(st.integers(min_value=3, max_value=len(NAMES)))
    names = NAMES[:n]
    withdrawn = draw(st.sets(st.integers(0, n - 1), max_size=1))
    seats = draw(st.integers(min_value=1, max_value=min(3, n - len(withdrawn) - 1)))
    rankings = st.permutations(range(n)).flatmap(
        lambda order: st.integers(1, n).map(lambda k: tuple((c,) for c in order[:k]))
    )
    ballots = draw(st.lists(st.tuples(st.integers(1, 40), rankings), min_size=1, max_size=14))
    election = Election("prop", names, seats, tuple(Ballot(w, r) for w, r in ballots), withdrawn=frozenset(withdrawn))
    slates = draw(st.lists(st.sampled_from(["", "Left", "Right"]), min_size=n, max_size=n))
    return election, dict(zip(names, slates, strict=True)), draw(st.integers(0, 2**16))


def _count(election, rule, seed):
    try:
        return count(election, rule, CountOptions(seed=seed))
    except CountError:  # e.g. every paper only for a withdrawn candidate: nothing to count
        assume(False)


def _f(text: str | None) -> Fraction:
    return Fraction(text) if text else Fraction(0)


@SETTINGS
@given(elections(), st.sampled_from(RULES))
def test_every_stage_adds_up_and_matches_the_stage_table(case, rule):
    election, _, seed = case
    result = _count(election, rule, seed)
    got = flows.stage_flows(result)
    assert [f.stage for f in got] == [flows.stage_label(s) for s in result.stages[1:]]
    for flow, before, stage in zip(got, result.stages[:-1], result.stages[1:], strict=True):
        # What the candidates passed on is what the others received, plus non-transferable and loss.
        moved = sum((Fraction(v) for v in flow.given.values()), Fraction(0))
        assert moved == sum((Fraction(v) for v in flow.received.values()), Fraction(0)) + Fraction(
            flow.exhausted
        ) + Fraction(flow.loss), (flow.stage, flow.action)
        assert Fraction(flow.exhausted) == _f(stage.exhausted) - _f(before.exhausted)
        assert Fraction(flow.loss) == _f(stage.loss) - _f(before.loss)
        for name, change in stage.transfers.items():
            # The stage's own transfers column, wherever the rule writes one for a candidate
            # it still lists at both stages.
            if name in before.tallies and name in stage.tallies:
                moved = Fraction(flow.received.get(name, 0)) - Fraction(flow.given.get(name, 0))
                assert moved == _f(change), (flow.stage, name)
        # Each candidate's total at this stage is the last one plus what the flow says.
        for name in stage.tallies:
            expected = _f(before.tallies.get(name)) + Fraction(flow.received.get(name, 0))
            assert _f(stage.tallies[name]) == expected - Fraction(flow.given.get(name, 0))


@SETTINGS
@given(elections(), st.sampled_from(RULES))
def test_slate_flows_group_the_engines_record_source_by_source(case, rule):
    election, slates, seed = case
    result = _count(election, rule, seed)
    by_slate = flows.slate_flows(result, slates, order=("Left", "Right"))
    piles = {"non-transferable": flows.EXHAUSTED, "loss": flows.LOSS}
    expected: dict[tuple[str, str], dict[str, Fraction]] = {}  # (stage, source group) -> to -> value
    for stage in result.stages[1:]:
        for f in stage.flows:
            source = (slates[f.source] or flows.INDEPENDENT) if f.kind == "candidate" else piles[f.kind]
            to = expected.setdefault((flows.stage_label(stage), source), {})
            for name, value in [*f.to.items(), (flows.EXHAUSTED, f.non_transferable), (flows.LOSS, f.loss)]:
                key = name if name in (flows.EXHAUSTED, flows.LOSS) else slates[name] or flows.INDEPENDENT
                if Fraction(value):
                    to[key] = to.get(key, Fraction(0)) + Fraction(value)
    expected = {k: v for k, v in expected.items() if v}
    got = {(g.stage, g.source): {k: Fraction(v) for k, v in g.to.items()} for g in by_slate.stages}
    assert got == expected
    for g in by_slate.stages:
        assert Fraction(g.moved) == sum(got[g.stage, g.source].values())
    whole: dict[str, dict[str, Fraction]] = {}
    for (_, source), to in expected.items():
        for key, value in to.items():
            whole.setdefault(source, {}).setdefault(key, Fraction(0))
            whole[source][key] += value
    assert {s: {k: Fraction(v) for k, v in row.items()} for s, row in by_slate.totals.items()} == whole
    # Summed over groups, each stage's slate rows are the stage's own flow.
    for flow in flows.stage_flows(result):
        rows = [g for g in by_slate.stages if g.stage == flow.stage and g.source not in piles.values()]
        assert sum((Fraction(g.moved) for g in rows), Fraction(0)) == Fraction(flow.moved)


def test_a_surplus_within_a_slate_stays_within_it():
    # Worked by hand (ERS97): 121 votes, 2 seats: quota 121 / 3 = 40.333.. -> 40.34 (5.1.6). Ann
    # (Left) has 60, a surplus of 19.66; 40 of her papers go on to Bea (Left), 20 have no next
    # preference. Transfer value 19.66 / 40 = 0.4915 -> 0.49, so Bea gets 40 x 0.49 = 19.60 and
    # the 0.06 neglected is lost (5.2.4; papers with no next preference are not valued then).
    ann_bea = Ballot(40, ((0,), (1,)))
    ann_only = Ballot(20, ((0,),))
    cat = Ballot(35, ((2,),))
    bea = Ballot(26, ((1,),))
    election = Election("hand", ("Ann", "Bea", "Cat"), 2, (ann_bea, ann_only, cat, bea))
    result = count(election, "ers97", CountOptions())
    first = flows.stage_flows(result)[0]
    assert first.given == {"Ann": flows.Decimal("19.66")}
    assert first.received == {"Bea": flows.Decimal("19.60")}
    assert first.exhausted == 0 and first.loss == flows.Decimal("0.06")
    by_slate = flows.slate_flows(result, {"Ann": "Left", "Bea": "Left", "Cat": ""}, order=("Left",))
    assert by_slate.groups == ("Left", flows.INDEPENDENT)
    assert by_slate.stages[0].source == "Left"
    assert by_slate.within("Left") == flows.Decimal("19.60")
    assert by_slate.totals["Left"][flows.LOSS] == flows.Decimal("0.06")
