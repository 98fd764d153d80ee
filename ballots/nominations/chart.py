"""Geometry for the tracker's horizontal bar chart (inline SVG); static/js/nominations.js mirrors it."""

from __future__ import annotations

LABEL_WIDTH = 190
PLOT_WIDTH = 420
ROW = 26
BAR = 18
TOP = 24


def bar_chart(rows: list[dict], needed: int | None) -> dict:
    """Bars for each candidate's CLP count; ``needed`` draws the threshold line (None: no line)."""
    scale_max = max([r["clps"] for r in rows] + [needed or 0, 1])
    bars = []
    for i, row in enumerate(rows):
        y = TOP + i * ROW
        bars.append({
            "id": row["id"], "name": row["name"], "count": row["clps"], "qualified": row["qualified"],
            "y": y, "text_y": y + BAR - 4,
            "short_by": max(needed - row["clps"], 0) if needed and not row["qualified"] and not row["withdrawn"] else 0, "width": round(PLOT_WIDTH * row["clps"] / scale_max, 1),
        })  # fmt: skip
    threshold_x = LABEL_WIDTH + round(PLOT_WIDTH * needed / scale_max, 1) if needed else None
    return {
        "bars": bars,
        "label_width": LABEL_WIDTH,
        "width": LABEL_WIDTH + PLOT_WIDTH + 130,
        "height": TOP + len(rows) * ROW + 8,
        "threshold_x": threshold_x,
        "needed": needed,
        "bar_height": BAR,
    }
