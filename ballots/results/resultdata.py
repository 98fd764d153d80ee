"""A count's ``Result`` as stored: canonical JSON text, read back into the engine's dataclasses.

The JSON text (the engine's own JSON report) is written once, hashed, and served as it is, so two counts with the same inputs
can be compared (and downloaded) byte for byte. Keys keep the engine's order; no floats.
"""

from __future__ import annotations

import hashlib
import json

from ballots.counting import report
from ballots.counting.model import Result, Stage, TieBreak


def result_to_json(result: Result) -> str:
    """The engine's own JSON report: what is stored is exactly what is downloaded."""
    return report.to_json(result)


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


stage_label = report.stage_label


def canonical(data) -> str:
    """Stable JSON text for hashing inputs (sorted keys, no spaces)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain)
