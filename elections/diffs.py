"""Line-by-line differences between two revisions of a statement, for an accessible table.

Pure Python (difflib). Text is returned as-is: templates escape it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class DiffRow:
    change: str  # "same" | "removed" | "added" | "changed"
    old_number: int | None
    old_text: str
    new_number: int | None
    new_text: str


def diff_rows(old: str, new: str) -> list[DiffRow]:
    """Rows pairing old and new lines; a replaced block pairs its lines one by one."""
    old_lines, new_lines = (old or "").splitlines(), (new or "").splitlines()
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [
                DiffRow("same", i + 1, old_lines[i], j + 1, new_lines[j]) for i, j in zip(range(i1, i2), range(j1, j2))
            ]
            continue
        olds, news = list(range(i1, i2)), list(range(j1, j2))
        for k in range(max(len(olds), len(news))):
            i = olds[k] if k < len(olds) else None
            j = news[k] if k < len(news) else None
            change = "changed" if i is not None and j is not None else ("removed" if j is None else "added")
            rows.append(
                DiffRow(
                    change,
                    None if i is None else i + 1,
                    "" if i is None else old_lines[i],
                    None if j is None else j + 1,
                    "" if j is None else new_lines[j],
                )
            )
    return rows


def summary(rows: list[DiffRow]) -> dict[str, int]:
    counts = {"added": 0, "removed": 0, "changed": 0}
    for row in rows:
        if row.change in counts:
            counts[row.change] += 1
    return counts
