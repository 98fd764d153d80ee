"""Differences between two revisions of a statement, for an accessible table: line by line, and
within a changed line word by word, so a one-word edit is not shown as a whole new paragraph.

Pure Python (difflib). Text is returned as-is: templates escape it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

_TOKENS = re.compile(r"\S+\s*|\s+")  # a word with the spaces after it


@dataclass(frozen=True)
class Part:
    text: str
    changed: bool  # removed (on the old side) or added (on the new side)


@dataclass(frozen=True)
class DiffRow:
    change: str  # "same" | "removed" | "added" | "changed"
    old_number: int | None
    old_text: str
    new_number: int | None
    new_text: str
    old_parts: tuple[Part, ...] = field(default=())  # a changed line's words, marked
    new_parts: tuple[Part, ...] = field(default=())


def word_parts(old: str, new: str) -> tuple[tuple[Part, ...], tuple[Part, ...]]:
    """Each side of a changed line as runs of unchanged and changed words (spaces kept)."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    old_parts: list[Part] = []
    new_parts: list[Part] = []
    matcher = difflib.SequenceMatcher(a=[t.strip() for t in a], b=[t.strip() for t in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():  # words compared without the spaces after them
        if i2 > i1:
            old_parts.append(Part("".join(a[i1:i2]), tag != "equal"))
        if j2 > j1:
            new_parts.append(Part("".join(b[j1:j2]), tag != "equal"))
    return _merged(old_parts), _merged(new_parts)


def _merged(parts: list[Part]) -> tuple[Part, ...]:
    out: list[Part] = []
    for part in parts:
        if out and out[-1].changed == part.changed:
            out[-1] = Part(out[-1].text + part.text, part.changed)
        else:
            out.append(part)
    return tuple(out)


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
            old_text = "" if i is None else old_lines[i]
            new_text = "" if j is None else new_lines[j]
            parts = word_parts(old_text, new_text) if change == "changed" else ((), ())
            rows.append(
                DiffRow(change, None if i is None else i + 1, old_text, None if j is None else j + 1, new_text, *parts)
            )
    return rows


def summary(rows: list[DiffRow]) -> dict[str, int]:
    counts = {"added": 0, "removed": 0, "changed": 0}
    for row in rows:
        if row.change in counts:
            counts[row.change] += 1
    return counts
