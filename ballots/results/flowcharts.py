"""Geometry for the analysis pictures: labelled bar lists the templates draw as inline SVG.

Every bar is named in words on the line above it and its figure is written at the line's right
end, so nothing depends on colour (the hatching only repeats what the words say: hatched bars
are votes given up, or votes that stayed on their own slate). The drawing is 340 units wide, so
at a 390 px phone its 12-unit text is drawn at about 12 px; on a wide screen the page caps its
width and puts the table beside it.
"""

from __future__ import annotations

from decimal import Decimal

from ballots.analysis import flows
from ballots.templatetags.result_sheet import thousands

WIDTH = 340
ROW = 34  # a name line and a bar
BAR_H = 11
HEADING = 22


def _bars(items, scale: Decimal, top: float) -> tuple[list[dict], float]:
    """``items``: (label, figure text, value, hatched). Returns the rows and the y after them."""
    rows, y = [], top
    for label, figure, value, hatched in items:
        w = float(abs(value) / scale) * WIDTH if scale else 0.0
        rows.append({"label": label, "figure": figure, "y_text": y + 12, "y_bar": y + 16, "w": max(w, 0.5),
                     "hatched": hatched})  # fmt: skip
        y += ROW
    return rows, y


def stage_chart(flow: flows.StageFlow, places: int) -> dict:
    """One stage: who gave votes up (hatched) and where they went, largest first."""
    fmt = lambda v: thousands(flows.fmt(v, places))  # noqa: E731
    gave = [(f"{name} gave up", "−" + fmt(v), v, True) for name, v in flow.given.items()]
    went = [(name, "+" + fmt(v), v, False) for name, v in sorted(flow.received.items(), key=lambda kv: -kv[1])]
    for label, value in ((flows.EXHAUSTED, flow.exhausted), (flows.LOSS, flow.loss)):
        if value:
            went.append((label, fmt(value), value, False))
    scale = max([abs(v) for *_, v, _h in gave + went] + [Decimal(0)])
    groups = []
    y = 0.0
    for heading, items in (("Given up", gave), ("Received", went)):
        if not items:
            continue
        rows, end = _bars(items, scale, y + HEADING)
        groups.append({"heading": heading, "y": y + 15, "rows": rows})
        y = end + 6
    return {"groups": groups, "width": WIDTH, "height": y, "stage": flow.stage}


def slate_chart(a) -> dict:
    """The whole count by slate: for each group that passed votes on, where they went, as shares
    of what that group passed on (own slate hatched)."""
    from ballots.results.explain import NOT_SLATES, _dest_label, _ordered_totals, _share

    groups, y = [], 0.0
    for source, row in _ordered_totals(a):
        moved = sum(row.values(), Decimal(0))
        items = [
            (f"to {_dest_label(source, dest)}", f"{thousands(flows.fmt(v, a.places))} ({_share(v, moved)})", v,
             dest == source and source not in NOT_SLATES)
            for dest, v in row.items()
        ]  # fmt: skip
        rows, end = _bars(items, moved, y + HEADING)
        heading = f"From {source}: {thousands(flows.fmt(moved, a.places))} passed on"
        groups.append({"heading": heading, "y": y + 15, "rows": rows})
        y = end + 10
    return {"groups": groups, "width": WIDTH, "height": y}


def reveal_chart(state: dict) -> dict:
    """The live page's picture: each candidate's total at the latest stage shown (elected
    hatched), on a scale that fits the quota and the largest total, so it grows as stages come."""
    if not state["stages"]:
        return {"groups": [], "width": WIDTH, "height": 0}
    latest = state["stages"][-1]
    elected = set(state["elected"])
    values = {n: Decimal(latest["tallies"].get(n) or "0") for n in state["candidates"]}
    scale = max([*values.values(), Decimal(state["quota"] or "0"), Decimal(1)])
    items = [
        (f"{name}{' (elected)' if name in elected else ''}", thousands(latest["tallies"].get(name) or "0"), v,
         name in elected)
        for name, v in values.items()
    ]  # fmt: skip
    rows, end = _bars(items, scale, HEADING)
    return {"groups": [{"heading": f"Totals at stage {latest['label']}", "y": 15, "rows": rows}], "width": WIDTH,
            "height": end + 6}  # fmt: skip
