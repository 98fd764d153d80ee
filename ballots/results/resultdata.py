"""A count's ``Result`` as stored: canonical JSON text, read back into the engine's dataclasses.

The JSON text is written once, hashed, and served as it is, so two counts with the same inputs
can be compared (and downloaded) byte for byte. Keys keep the engine's order; no floats.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import asdict

from ballots.counting.model import Result, Stage, TieBreak


def result_to_json(result: Result) -> str:
    data = asdict(result)
    return json.dumps(data, ensure_ascii=False, indent=1, default=_plain) + "\n"


def _plain(value):
    if isinstance(value, (frozenset, set)):
        return sorted(value)
    raise TypeError(f"cannot store {type(value).__name__} in a result")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def result_from_json(text: str) -> Result:
    data = json.loads(text)
    stages = tuple(
        Stage(**{**s, "elected": tuple(s["elected"]), "excluded": tuple(s["excluded"]), "notes": tuple(s["notes"])})
        for s in data.pop("stages")
    )
    tiebreaks = tuple(TieBreak(**{**t, "candidates": tuple(t["candidates"])}) for t in data.pop("tiebreaks"))
    for key in ("candidates", "withdrawn", "elected"):
        data[key] = tuple(data[key])
    return Result(**data, stages=stages, tiebreaks=tiebreaks)


def result_csv(result: Result) -> str:
    """One row per candidate, a column per stage (transfer and total), then the totals rows."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    labels = [f"Stage {_stage_label(s)}" for s in result.stages]
    w.writerow(["Candidate"] + [x for label in labels for x in (f"{label} transfer", f"{label} total")] + ["Result"])
    for name in result.candidates:
        row = [name]
        for s in result.stages:
            row += [s.transfers.get(name, ""), s.tallies.get(name, "")]
        row.append(_fate(result, name))
        w.writerow(row)
    w.writerow(["Non-transferable"] + [x for s in result.stages for x in ("", s.exhausted)] + [""])
    w.writerow(["Loss by fractions"] + [x for s in result.stages for x in ("", s.loss)] + [""])
    w.writerow([])
    w.writerow(["Method", result.method])
    w.writerow(["Seats", result.seats])
    w.writerow(["Valid votes", result.valid_votes])
    w.writerow(["Quota", result.quota])
    w.writerow(["Seed", result.seed])
    w.writerow(["Input SHA-256", result.input_sha256])
    w.writerow(["Engine version", result.engine_version])
    for i, name in enumerate(result.elected, start=1):
        w.writerow([f"Elected {i}", name])
    return out.getvalue()


def result_text(result: Result) -> str:
    """A plain-text report, used when the engine's own report writer is not installed."""
    lines = [result.title or "Result", f"Method: {result.method}", f"Seats: {result.seats}"]
    lines += [f"Valid votes: {result.valid_votes}", f"Quota: {result.quota}", f"Seed: {result.seed}"]
    for key, value in result.parameters.items():
        lines.append(f"{key}: {value}")
    lines.append("")
    for s in result.stages:
        lines.append(f"Stage {_stage_label(s)}: {s.action}")
        for name in result.candidates:
            if name in s.tallies:
                change = s.transfers.get(name, "")
                lines.append(f"  {name:<30} {change:>12} {s.tallies[name]:>12}")
        lines.append(f"  {'Non-transferable':<30} {'':>12} {s.exhausted:>12}")
        for name in s.elected:
            lines.append(f"  Elected: {name}")
        for name in s.excluded:
            lines.append(f"  Excluded: {name}")
        lines += [f"  Note: {n}" for n in s.notes]
    for t in result.tiebreaks:
        lines.append(f"Tie at stage {t.stage} ({t.purpose}) between {', '.join(t.candidates)}: {t.method}; {t.chosen}")
    lines.append("")
    lines.append("Elected in order: " + "; ".join(result.elected))
    lines.append(f"Input SHA-256: {result.input_sha256}  Engine: {result.engine_version}")
    return "\n".join(lines) + "\n"


def _stage_label(stage: Stage) -> str:
    return f"{stage.number}.{stage.substage}" if getattr(stage, "substage", 0) else str(stage.number)


def stage_label(stage: Stage) -> str:
    return _stage_label(stage)


def _fate(result: Result, name: str) -> str:
    if name in result.elected:
        return f"Elected ({result.elected.index(name) + 1})"
    if name in result.withdrawn:
        return "Withdrawn"
    return "Not elected"


def canonical(data) -> str:
    """Stable JSON text for hashing inputs (sorted keys, no spaces)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain)
