"""Result sheets: text (as returning officers read them), JSON, CSV.

Every figure is printed exactly as the rule wrote it; nothing here does arithmetic on a vote
except subtracting strings for the "Total" row, which is done with exact fractions.
Output depends only on the Result, so the same count always gives byte-identical reports.
"""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction

from .model import Flow, Result, Stage, TieBreak

STAGES_PER_BLOCK = 6


def stage_label(stage: Stage) -> str:
    return f"{stage.number}.{stage.substage}" if stage.substage else str(stage.number)


# -- JSON --------------------------------------------------------------------------------------------
def to_dict(result: Result, *, flows: bool = False) -> dict:
    """The JSON shape, with a fixed field order. ``flows`` adds each stage's ``flows`` (where
    the stage's transferred value went); without it the report is exactly as it has always
    been, byte for byte, so stored results keep their hashes."""
    return {
        "method": result.method,
        "title": result.title,
        "seats": result.seats,
        "candidates": list(result.candidates),
        "withdrawn": list(result.withdrawn),
        "valid_votes": result.valid_votes,
        "quota": result.quota,
        "elected": list(result.elected),
        "stages": [_stage_dict(s, flows) for s in result.stages],
        "tiebreaks": [
            {
                "stage": t.stage,
                "purpose": t.purpose,
                "candidates": list(t.candidates),
                "method": t.method,
                "chosen": t.chosen,
                "explanation": t.explanation,
            }
            for t in result.tiebreaks
        ],
        "seed": result.seed,
        "input_sha256": result.input_sha256,
        "parameters": dict(result.parameters),
        "engine_version": result.engine_version,
    }


def _stage_dict(s: Stage, flows: bool) -> dict:
    out = {
        "number": s.number,
        "substage": s.substage,
        "action": s.action,
        "tallies": dict(s.tallies),
        "exhausted": s.exhausted,
        "loss": s.loss,
        "elected": list(s.elected),
        "excluded": list(s.excluded),
        "transfers": dict(s.transfers),
        "quota": s.quota,
        "notes": list(s.notes),
    }
    if flows:
        out["flows"] = [
            {
                "source": f.source,
                "kind": f.kind,
                "to": dict(f.to),
                "non_transferable": f.non_transferable,
                "loss": f.loss,
            }
            for f in s.flows
        ]
    return out


def to_json(result: Result, *, flows: bool = False) -> str:
    return json.dumps(to_dict(result, flows=flows), sort_keys=False, indent=2, ensure_ascii=False) + "\n"


def from_json(text: str) -> Result:
    """A ``Result`` read back from ``to_json`` (with or without flows)."""
    data = json.loads(text)
    stages = tuple(
        Stage(
            **{
                **s,
                "elected": tuple(s["elected"]),
                "excluded": tuple(s["excluded"]),
                "notes": tuple(s["notes"]),
                "flows": tuple(Flow(**f) for f in s.get("flows", ())),
            }
        )
        for s in data.pop("stages")
    )
    tiebreaks = tuple(TieBreak(**{**t, "candidates": tuple(t["candidates"])}) for t in data.pop("tiebreaks"))
    for key in ("candidates", "withdrawn", "elected"):
        data[key] = tuple(data[key])
    return Result(**data, stages=stages, tiebreaks=tiebreaks)


# -- CSV ---------------------------------------------------------------------------------------------
def to_csv(result: Result) -> str:
    """One column per stage: candidates' totals, then non-transferable, loss, and who moved."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["candidate"] + [f"stage {stage_label(s)}" for s in result.stages])
    w.writerow(["action"] + [s.action for s in result.stages])
    for name in result.candidates:
        w.writerow([name] + [s.tallies.get(name, "") for s in result.stages])
    w.writerow(["non-transferable"] + [s.exhausted for s in result.stages])
    w.writerow(["loss"] + [s.loss for s in result.stages])
    w.writerow(["elected"] + ["; ".join(s.elected) for s in result.stages])
    w.writerow(["excluded"] + ["; ".join(s.excluded) for s in result.stages])
    return out.getvalue()


# -- text --------------------------------------------------------------------------------------------
def to_text(result: Result) -> str:
    lines = _heading(result)
    stages = list(result.stages)
    for start in range(0, len(stages), STAGES_PER_BLOCK):
        lines.append("")
        lines.extend(_table(result, stages, start, stages[start : start + STAGES_PER_BLOCK]))
    lines.append("")
    lines.append("Stages")
    for s in stages:
        lines.append(f"  {stage_label(s):>6}  {s.action}")
        if s.quota and s.quota != result.quota:
            lines.append(f"          quota now {s.quota}")
        for note in s.notes:
            lines.append(f"          note: {note}")
    if result.tiebreaks:
        lines.append("")
        lines.append(f"Ties (seed {result.seed})")
        for t in result.tiebreaks:
            lines.append(
                f"  stage {t.stage}, {t.purpose}: {', '.join(t.candidates)} -> {t.chosen} [{t.method}] {t.explanation}"
            )
    lines.append("")
    lines.append("Elected, in order: " + (", ".join(result.elected) or "nobody"))
    return "\n".join(lines) + "\n"


def _heading(result: Result) -> list[str]:
    lines = [
        result.title or "(untitled election)",
        f"Method: {result.method}   Places: {result.seats}   Valid votes: {result.valid_votes}",
    ]
    if result.quota:
        lines.append(f"Quota: {result.quota}")
    for key, value in result.parameters.items():
        lines.append(f"{key.replace('_', ' ').capitalize()}: {value}")
    if result.withdrawn:
        lines.append("Withdrawn: " + ", ".join(result.withdrawn))
    lines.append(f"Seed: {result.seed}   Input SHA-256: {result.input_sha256 or '(in memory)'}")
    lines.append(f"Engine version: {result.engine_version}")
    return lines


def _table(result: Result, all_stages, start: int, block) -> list[str]:
    """Candidates x stages: for each stage the change and the total, then E/X markers."""
    header = ["Candidate"]
    for s in block:
        header += [f"{stage_label(s)} +/-", f"{stage_label(s)} total"]
    rows = [header]
    for name in result.candidates:
        row = [name]
        for s in block:
            mark = " E" if name in s.elected else (" X" if name in s.excluded else "")
            row += [s.transfers.get(name, ""), s.tallies.get(name, "") + mark]
        rows.append(row)
    previous = all_stages[start - 1] if start else None
    for label, attr in (("Non-transferable", "exhausted"), ("Loss (rounding)", "loss")):
        row = [label]
        before = getattr(previous, attr) if previous else "0"
        for s in block:
            now = getattr(s, attr)
            row += [_difference(now, before), now]
            before = now
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    return [
        "  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(r)).rstrip()
        for r in rows
    ]


def _difference(now: str, before: str) -> str:
    diff = Fraction(now) - Fraction(before)
    if not diff:
        return ""
    places = len(now.split(".")[1]) if "." in now else 0
    scaled = diff * 10**places
    whole, part = divmod(abs(scaled.numerator // scaled.denominator), 10**places)
    sign = "-" if diff < 0 else ""
    return f"{sign}{whole}.{part:0{places}d}" if places else f"{sign}{whole}"


def render(result: Result, fmt: str, *, flows: bool = False) -> str:
    if fmt == "json":
        return to_json(result, flows=flows)
    if fmt == "csv":
        return to_csv(result)
    if fmt == "text":
        return to_text(result)
    raise ValueError(f"unknown format {fmt!r}: choose text, json or csv")
