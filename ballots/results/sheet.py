"""The result sheet: a stored ``Result`` turned into rows, figures and a chart the template draws.

The chart is one small row per candidate (their total at each stage as bars, the quota as a
dashed line, the outcome written beside it), so it needs no colour and no legend: elected
candidates' bars are hatched, others are outlined, and every row is labelled.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ballots.counting.model import Result
from ballots.results.resultdata import stage_label

ROW = 40
HEADROOM = Decimal("1.5")  # the scale runs to 1.5 × the quota; larger totals are cut and marked
LABEL_W = 190
PLOT_W = 520
OUTCOME_W = 170


def _num(text: str | None) -> Decimal:
    try:
        return Decimal(text or "0")
    except InvalidOperation:
        return Decimal(0)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def outcomes(result: Result) -> dict[str, str]:
    out = {name: "Not elected" for name in result.candidates}
    for name in result.withdrawn:
        out[name] = "Withdrawn"
    for stage in result.stages:
        for name in stage.excluded:
            out[name] = f"Excluded at stage {stage_label(stage)}"
    for i, name in enumerate(result.elected, start=1):
        out[name] = f"Elected {ordinal(i)}"
    return out


@dataclass
class Cell:
    total: str
    change: str
    marker: str  # "elected", "excluded" or ""
    stage: str = ""  # e.g. "3" or "4.2": labels the cell when a phone stacks the table


STAGES_PER_TABLE = 6  # so each table fits a 1280 px screen and a printed page


def stage_tables(result: Result) -> list[dict]:
    """The stage-by-stage table, split into blocks of a few stages each."""
    stages = list(result.stages)
    return [
        {"stages": stages[i : i + STAGES_PER_TABLE], "rows": stage_rows(result, stages[i : i + STAGES_PER_TABLE]),
         "last": i + STAGES_PER_TABLE >= len(stages)}
        for i in range(0, len(stages), STAGES_PER_TABLE)
    ]  # fmt: skip


def stage_rows(result: Result, stages=None) -> list[dict]:
    """One row per candidate with a cell per stage."""
    fate = outcomes(result)
    rows = []
    for name in result.candidates:
        cells = []
        for s in stages if stages is not None else result.stages:
            marker = "elected" if name in s.elected else "excluded" if name in s.excluded else ""
            cells.append(Cell(s.tallies.get(name, ""), _signed(s.transfers.get(name, "")), marker, stage_label(s)))
        rows.append({"name": name, "cells": cells, "outcome": fate[name], "elected": name in result.elected})
    return rows


def _signed(change: str) -> str:
    if not change or _num(change) == 0:
        return ""
    return change if change.startswith("-") else f"+{change}"


@dataclass(frozen=True)
class ChartLayout:
    """Where the parts of each row go. ``WIDE`` puts the name left and the outcome right of the
    bars; ``NARROW`` (phones) puts both on a line above the bars, so at a phone's width the
    chart's 12-unit text is drawn at about 12 px rather than shrunk to 5."""

    row: int
    label_w: int
    plot_w: int
    outcome_w: int
    bars_top: int  # space above the bars within a row (the name line when narrow)


WIDE = ChartLayout(row=ROW, label_w=LABEL_W, plot_w=PLOT_W, outcome_w=OUTCOME_W, bars_top=0)
# 340 units wide: drawn 343 px or wider (a 375 px phone), its 12-unit text is at least 12 px.
NARROW = ChartLayout(row=58, label_w=0, plot_w=340, outcome_w=0, bars_top=18)


def chart(result: Result, layout: ChartLayout = WIDE) -> dict:
    """Geometry for the inline SVG: bars per stage per candidate, the quota line, labels."""
    stages = result.stages
    totals = [[_num(s.tallies.get(name)) for s in stages] for name in result.candidates]
    quota = _num(result.quota)
    biggest = max([v for row in totals for v in row] + [Decimal(1)])
    top = min(biggest, quota * HEADROOM) if quota else biggest
    slot = layout.plot_w / max(len(stages), 1)
    bar_w = max(slot * 0.7, 1)
    fate = outcomes(result)
    bar_room = layout.row - layout.bars_top - 8
    quota_h = float(quota / top) * bar_room if quota else None
    left = layout.label_w
    rows = []
    for i, name in enumerate(result.candidates):
        y0, baseline = i * layout.row, i * layout.row + layout.row - 4
        bars = []
        for j, value in enumerate(totals[i]):
            h = float(min(value, top) / top) * bar_room
            bars.append({
                "x": left + j * slot, "y": baseline - h, "w": bar_w, "h": h, "value": str(value),
                "stage": stage_label(stages[j]), "cut": value > top, "mid": left + j * slot + bar_w / 2,
                "cut_y": y0 + layout.bars_top + 12,
            })  # fmt: skip
        rows.append({
            "name": name, "y_text": y0 + (14 if layout.bars_top else layout.row / 2 + 4), "bars": bars,
            "elected": name in result.elected, "outcome": fate[name], "baseline": baseline,
            "quota_y": baseline - quota_h if quota_h else None,
        })  # fmt: skip
    return {
        "rows": rows,
        "width": left + layout.plot_w + layout.outcome_w,
        "height": len(rows) * layout.row + 24,
        "plot_left": left,
        "plot_right": left + layout.plot_w,
        # Wide: the outcome starts right of the bars. Narrow: it ends at the right edge, on the name line.
        "outcome_x": left + layout.plot_w + 8 if layout.outcome_w else left + layout.plot_w,
        "outcome_anchor": "start" if layout.outcome_w else "end",
        "quota_offset": quota_h,  # height of the quota line above each row's baseline
        "axis_y": len(rows) * layout.row + 16,
        "stage_ticks": [
            {"x": left + j * slot + bar_w / 2, "label": str(s.number) if s.substage <= 1 else ""}
            for j, s in enumerate(stages)
        ],
        "top": f"{top:,.2f}",
    }


def facts(count, result: Result) -> dict:
    """Electorate, ballots and turnout as the sheet prints them."""
    source = count.ballot_set or count.ballot_return
    electorate = getattr(source, "electorate", None)
    if count.ballot_return_id:
        returned = source.ballots_returned
        valid, invalid = source.ballots_valid, source.ballots_spoilt
    else:
        returned, valid, invalid = source.ballots_total, source.ballots_valid, source.ballots_invalid
    turnout = f"{returned / electorate:.1%}" if electorate else None
    return {
        "electorate": electorate, "issued": getattr(source, "ballots_issued", None), "returned": returned,
        "valid": valid, "invalid": invalid, "turnout": turnout, "quota": result.quota, "valid_votes": result.valid_votes,
    }  # fmt: skip


def quota_notes(result: Result) -> list[tuple[str, str]]:
    """(stage, note) wherever the rules left a note, e.g. where the gender minimum acted."""
    return [(stage_label(s), note) for s in result.stages for note in s.notes]


def interruption_note(count) -> str:
    """What the sheet says about a count whose worker stopped while it ran ("" if none did)."""
    stops = count.attempts - 1
    if stops <= 0 or count.status == count.Status.FAILED:  # a failed count's error tells the story
        return ""
    times = {1: "once", 2: "twice"}.get(stops, f"{stops} times")
    return (
        f"The worker running this count stopped {times} before it finished; each time the count was queued "
        f"again and run from the start (this is run {count.attempts})."
    )
