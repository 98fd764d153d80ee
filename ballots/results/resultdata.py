"""A count's ``Result`` as stored: canonical JSON text, read back into the engine's dataclasses.

The JSON text (the engine's own JSON report) is written once, hashed, and served as it is, so two counts with the same inputs
can be compared (and downloaded) byte for byte. Keys keep the engine's order; no floats.
"""

from __future__ import annotations

import hashlib
import json

from ballots.counting import report
from ballots.counting.model import Result


def result_to_json(result: Result) -> str:
    """The engine's own JSON report: what is stored is exactly what is downloaded."""
    return report.to_json(result)


def _plain(value):
    if isinstance(value, (frozenset, set)):
        return sorted(value)
    raise TypeError(f"cannot store {type(value).__name__} in a result")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def result_flows_to_json(result: Result) -> str:
    """The same report with each stage's flows (``python -m ballots.counting ... --flows``)."""
    return report.to_json(result, flows=True)


# Read back with or without flows: the engine's own reader of its report.
result_from_json = report.from_json


stage_label = report.stage_label


def canonical(data) -> str:
    """Stable JSON text for hashing inputs (sorted keys, no spaces)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain)
