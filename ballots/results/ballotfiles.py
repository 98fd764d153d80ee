"""Reading and checking a ballot file before anything is stored.

The engine's reader (``ballots.counting.blt``) decides whether a file can be counted: it stops
at the first broken line. When it refuses a file we scan the whole file once more, here, so the
returning officer sees every broken line by number, not one per attempt. Neither pass holds the
file in memory: both read it in chunks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from ballots.counting import csvballots
from ballots.counting.blt import BltError, read_blt_stream
from ballots.counting.model import Election

MAX_LISTED = 200  # broken lines listed one by one; the rest are counted
CHUNK = 1 << 20


@dataclass
class LoadReport:
    """What the returning officer reads after an upload, accepted or not."""

    filename: str
    size_bytes: int = 0
    sha256: str = ""
    format: str = "blt"
    title: str = ""
    seats_in_file: int = 0
    ballots_total: int = 0
    ballots_valid: int = 0
    ballots_invalid: int = 0
    distinct_rankings: int = 0
    invalid_reasons: dict[str, int] = field(default_factory=dict)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    problems_total: int = 0
    errors: list[str] = field(default_factory=list)  # whole-file reasons for refusal
    warnings: list[str] = field(default_factory=list)
    candidates: list[tuple[str, int | None, str]] = field(default_factory=list)  # file name, id, platform name
    mapping: str = "name"

    @property
    def accepted(self) -> bool:
        return not self.errors and not self.problems_total

    def add_problem(self, line: int, reason: str, weight: int = 0, kind: str = "") -> None:
        self.problems_total += 1
        if len(self.problems) < MAX_LISTED:
            self.problems.append((line, reason))
        if kind:
            self.invalid_reasons[kind] = self.invalid_reasons.get(kind, 0) + weight
            self.ballots_invalid += weight

    def as_dict(self) -> dict:
        return {
            "filename": self.filename,
            "accepted": self.accepted,
            "size_bytes": self.size_bytes,
            "sha256": self.sha256,
            "format": self.format,
            "title": self.title,
            "seats_in_file": self.seats_in_file,
            "ballots_total": self.ballots_total,
            "ballots_valid": self.ballots_valid,
            "ballots_invalid": self.ballots_invalid,
            "distinct_rankings": self.distinct_rankings,
            "invalid_reasons": self.invalid_reasons,
            "problems": [{"line": line, "reason": reason} for line, reason in self.problems],
            "problems_total": self.problems_total,
            "problems_not_listed": self.problems_total - len(self.problems),
            "errors": self.errors,
            "warnings": self.warnings,
            "mapping": self.mapping,
            "candidates": [{"in_file": f, "candidate_id": i, "candidate": n} for f, i, n in self.candidates],
        }


class ProgressReader:
    """A file wrapper that reports how many bytes have been read (for progress bars)."""

    def __init__(self, f: BinaryIO, callback: Callable[[int], None] | None) -> None:
        self.f, self.callback, self.done = f, callback, 0

    def read(self, n: int = -1) -> bytes:
        data = self.f.read(n)
        self.done += len(data)
        if self.callback:
            self.callback(self.done)
        return data

    # The engine's reader seeks back to find a broken line's number.
    def seekable(self) -> bool:
        return bool(getattr(self.f, "seekable", lambda: False)())

    def seek(self, *args) -> int:
        return self.f.seek(*args)

    def __iter__(self):
        return iter(self.f)


def read_election(f: BinaryIO, report: LoadReport, progress=None) -> Election | None:
    """The file as an ``Election``, or None with every reason in ``report``."""
    f.seek(0)
    try:
        election = read_blt_stream(ProgressReader(f, progress))
    except BltError as exc:
        f.seek(0)
        scan_all_lines(f, report)
        if exc.line and not any(line == exc.line for line, _ in report.problems):
            report.add_problem(exc.line, exc.reason)
        elif not exc.line and not report.problems_total:
            report.errors.append(exc.reason[:1].upper() + exc.reason[1:] + ".")
        return None
    except UnicodeDecodeError:
        report.errors.append("The file is not UTF-8 text.")
        return None
    summarise(election, report)
    return election


def summarise(election: Election, report: LoadReport) -> None:
    """Counts for an accepted file. Papers with no clear first preference are invalid (ERS97 6.9)."""
    report.sha256 = election.input_sha256
    report.title = election.title
    report.seats_in_file = election.seats
    report.distinct_rankings = len(election.ballots)
    invalid: dict[str, int] = {}
    total = 0
    for b in election.ballots:
        total += b.weight
        if not b.ranking:
            invalid["no preferences marked"] = invalid.get("no preferences marked", 0) + b.weight
        elif len(b.ranking[0]) > 1:
            invalid["equal first preferences"] = invalid.get("equal first preferences", 0) + b.weight
    report.ballots_total = total
    report.invalid_reasons = invalid
    report.ballots_invalid = sum(invalid.values())
    report.ballots_valid = total - report.ballots_invalid


def _lines(f: BinaryIO) -> Iterator[tuple[int, bytes]]:
    pending, lineno = b"", 0
    while chunk := f.read(CHUNK):
        data = pending + chunk
        parts = data.split(b"\n")
        pending = parts.pop()
        for part in parts:
            lineno += 1
            yield lineno, part.rstrip(b"\r")
    if pending:
        yield lineno + 1, pending.rstrip(b"\r")


def scan_all_lines(f: BinaryIO, report: LoadReport) -> None:
    """Every broken line of a BLT file, with the number of ballots it holds where that is known."""
    lines = _lines(f)
    ncand, nicks = _scan_header(lines, report)
    if not ncand:
        return
    closed = False
    for lineno, raw in lines:
        text = raw.split(b"#", 1)[0].strip()
        if not text:
            continue
        if text == b"0":
            closed = True
            break
        weight, problem = _check_ballot(text, ncand, nicks)
        report.ballots_total += weight
        if problem:
            report.add_problem(lineno, problem[1], weight, problem[0])
        else:
            report.ballots_valid += weight
    if not closed:
        report.errors.append("The ballots are not closed by a line holding only 0.")
        return
    names = sum(1 for _lineno, raw in lines if raw.strip() and not raw.strip().startswith(b"#"))
    if names < ncand:
        report.errors.append(f"{names} names (with the title) given for {ncand} candidates.")


def _scan_header(lines, report: LoadReport) -> tuple[int, dict[bytes, int]]:
    nicks: dict[bytes, int] = {}
    for lineno, raw in lines:
        text = raw.split(b"#", 1)[0].strip()
        if not text:
            continue
        toks = text.split()
        if len(toks) != 2 or not all(t.isdigit() for t in toks) or int(toks[0]) < 1 or int(toks[1]) < 1:
            report.add_problem(lineno, "the first line must give the number of candidates and of seats")
            return 0, nicks
        ncand = int(toks[0])
        report.seats_in_file = int(toks[1])
        break
    else:
        report.errors.append("The file is empty.")
        return 0, nicks
    for lineno, raw in lines:
        text = raw.split(b"#", 1)[0].strip()
        if text.startswith(b"[nick"):
            names = text[1:-1].split()[1:]
            nicks = {n: i for i, n in enumerate(names)}
        elif text and not text.startswith((b"[", b"-")):
            weight, problem = _check_ballot(text, ncand, nicks)
            report.ballots_total += weight
            if problem:
                report.add_problem(lineno, problem[1], weight, problem[0])
            else:
                report.ballots_valid += weight
            return ncand, nicks
    return ncand, nicks


def _check_ballot(text: bytes, ncand: int, nicks: dict[bytes, int]) -> tuple[int, tuple[str, str] | None]:
    """(weight, (kind, reason) or None) for one ballot line."""
    toks = text.split()
    if toks[0].startswith(b"("):
        toks = toks[1:]
        if not toks:
            return 0, ("malformed line", "a ballot id with no weight or preferences")
    if not toks[0].isdigit() or int(toks[0]) <= 0:
        return 0, (
            "malformed line",
            f"ballot weight {toks[0].decode(errors='replace')!r} is not a positive whole number",
        )
    weight = int(toks[0])
    prefs = toks[1:]
    if prefs and prefs[-1] == b"0":
        prefs = prefs[:-1]
    seen: set[int] = set()
    for tok in prefs:
        for part in tok.split(b"="):
            c = nicks.get(part)
            if c is None:
                if not part.isdigit():
                    return weight, ("unknown candidate", f"unknown candidate {part.decode(errors='replace')!r}")
                number = int(part)
                if number == 0:
                    return weight, ("preference after the closing 0", "preference after the closing 0")
                if number > ncand:
                    return weight, ("unknown candidate", f"unknown candidate {number} (candidates are 1-{ncand})")
                c = number - 1
            if c in seen:
                return weight, ("duplicate preference", f"candidate {c + 1} appears twice on one ballot")
            seen.add(c)
    return weight, None


def read_csv_election(data: bytes, seats: int, report: LoadReport) -> Election | None:
    """A CSV of rankings as an ``Election``, or None with every broken row in ``report``."""
    try:
        election = csvballots.read_csv_bytes(data, seats, title=report.filename)
    except csvballots.CsvBallotError as exc:
        scan_all_rows(data, report)
        if exc.row and not any(line == exc.row for line, _ in report.problems):
            report.add_problem(exc.row, exc.reason)
        elif not exc.row and not report.problems_total:
            report.errors.append(exc.reason[:1].upper() + exc.reason[1:] + ".")
        return None
    summarise(election, report)
    return election


def scan_all_rows(data: bytes, report: LoadReport) -> None:
    """Every broken row of a CSV file, judged by the engine's own rule for one row."""
    import csv
    import io

    try:
        rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    except UnicodeDecodeError:
        return
    header = next(rows, None)
    if not header:
        return
    ncand = len(header)
    for number, row in enumerate(rows, start=2):
        if not row:
            continue
        report.ballots_total += 1
        try:
            csvballots.row_ranking(number, row, ncand, "truncate")
        except csvballots.CsvBallotError as exc:
            kind = (
                "duplicate preference"
                if "twice" in exc.reason
                else "unknown candidate"
                if "outside" in exc.reason
                else "malformed row"
            )
            report.add_problem(number, f"row {number}: {exc.reason}", 1, kind)
        else:
            report.ballots_valid += 1
