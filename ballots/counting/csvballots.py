"""CSV ballots, as scrutineers export them: one column per candidate, one row per paper.

    Ann,Bob,Cat          <- row 1: candidate names
    1,2,                 <- a paper: Ann first, Bob second
    ,1,2
    2,1,3

Each cell is a rank number (1 = first preference) or blank. The file has no seat count, so the
caller gives it. Rules, applied to every row:

- blank cells are unmarked; a row with no marks at all is a blank paper (kept, counted invalid);
- a cell that is not a whole number, or is 0, negative, or above the number of candidates, is
  refused;
- two cells with the same rank are refused (a duplicate rank);
- **gaps**: ranks must run 1, 2, 3 ... without a gap. By default a gap ends the paper: with
  marks 1, 2, 4 only the 1 and 2 count, as a hand count would read it (there is no third
  preference, so nothing after it is "next in order"). A paper without a 1 keeps no
  preferences (invalid). With ``gaps="refuse"`` any gap is refused instead;
- a row with more cells than there are columns is refused; a shorter row is padded with blanks.

As for BLT, one grammar read two ways: ``read_csv_bytes`` stops at the first broken row
(``CsvBallotError`` with the 1-based row number, the header being row 1); ``check_csv_bytes``
collects every broken row. Every number is bounded (``limits``); the text is UTF-8 (a byte-order
mark is skipped) unless the caller declares another encoding; names are normalised (runs of
spaces collapsed, ends trimmed) and kept as written. Identical rankings are merged, and the
SHA-256 of the bytes read is kept.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from .blt import ballots_of
from .limits import MAX_BALLOTS, MAX_CANDIDATES, MAX_ERRORS_LISTED, MAX_NAME_CHARS, MAX_NUMBER_DIGITS
from .model import Election, Ranking

MALFORMED, UNKNOWN, TWICE, GAP = "malformed row", "unknown candidate", "duplicate preference", "gap in the ranks"


class CsvBallotError(ValueError):
    def __init__(self, row: int, reason: str, kind: str = MALFORMED) -> None:
        self.row, self.reason, self.kind = row, reason, kind
        super().__init__(f"row {row}: {reason}" if row else reason)


@dataclass
class CsvCheck:
    """What ``check_csv_bytes`` found: the election, or every reason it cannot be read."""

    election: Election | None
    errors: list[CsvBallotError] = field(default_factory=list)  # the first ``max_listed``
    errors_total: int = 0
    sha256: str = ""
    rows: int = 0  # papers (rows after the header that hold any cell)
    ballots_read: int = 0  # papers on the rows that could be read
    broken: dict[str, int] = field(default_factory=dict)  # kind -> papers on broken rows
    rankings: dict = field(default_factory=dict)  # the rows that could be read, merged

    @property
    def ok(self) -> bool:
        return self.election is not None


class _Stop(Exception):
    pass


def read_csv_ballots(path, seats: int, **options) -> Election:
    options.setdefault("title", Path(path).stem)
    return read_csv_bytes(Path(path).read_bytes(), seats, **options)


def read_csv_bytes(data: bytes | str, seats: int, **options) -> Election:
    """Read CSV ballots. ``candidates``, if given, lists the names the columns must come from."""
    return _Reader(data, seats, collect=False, max_listed=1, **options).read().election


def check_csv_bytes(data: bytes | str, seats: int, *, max_listed: int = MAX_ERRORS_LISTED, **options) -> CsvCheck:
    """Read every row, collecting every broken one (never raises ``CsvBallotError``)."""
    return _Reader(data, seats, collect=True, max_listed=max_listed, **options).read()


class _Reader:
    def __init__(
        self,
        data: bytes | str,
        seats: int,
        *,
        collect: bool,
        max_listed: int,
        title: str = "",
        candidates=None,
        gaps: str = "truncate",
        encoding: str = "utf-8",
    ) -> None:
        if gaps not in ("truncate", "refuse"):
            raise ValueError("gaps must be 'truncate' or 'refuse'")
        self.raw = data.encode("utf-8") if isinstance(data, str) else data
        self.seats, self.title, self.allowed, self.gaps, self.encoding = seats, title, candidates, gaps, encoding
        self.collect, self.max_listed = collect, max_listed
        self.check = CsvCheck(election=None, sha256=hashlib.sha256(self.raw).hexdigest())

    def fail(self, row: int, reason: str, kind: str = MALFORMED, fatal: bool = False) -> None:
        error = CsvBallotError(row, reason, kind)
        if not self.collect:
            raise error
        self.check.errors_total += 1
        if len(self.check.errors) < self.max_listed:
            self.check.errors.append(error)
        if fatal:
            raise _Stop

    def read(self) -> CsvCheck:
        with contextlib.suppress(_Stop):
            self._read()
        return self.check

    def _read(self) -> None:
        if self.seats < 1:
            self.fail(0, "the number of seats must be at least 1", fatal=True)
        rows = csv.reader(io.StringIO(self._text(), newline=""))
        try:
            names, written = self._header(next(rows, None))
            rankings: dict[Ranking, int] = {}
            for number, row in enumerate(rows, start=2):
                if not row:
                    continue
                self.check.rows += 1
                try:
                    ranking = row_ranking(number, row, len(names), self.gaps)
                except CsvBallotError as exc:
                    self.check.broken[exc.kind] = self.check.broken.get(exc.kind, 0) + 1
                    self.fail(exc.row, exc.reason, exc.kind)
                    continue
                rankings[ranking] = rankings.get(ranking, 0) + 1
        except csv.Error as exc:
            self.fail(rows.line_num, f"the file cannot be read as CSV ({exc})", fatal=True)
        self.check.rankings = rankings
        self.check.ballots_read = sum(rankings.values())
        if self.check.rows > MAX_BALLOTS:
            self.fail(0, f"the file holds {self.check.rows:,} papers; at most {MAX_BALLOTS:,} are accepted")
        if not self.check.errors_total:
            self.check.election = Election(
                title=self.title,
                candidates=tuple(names),
                seats=self.seats,
                ballots=ballots_of(rankings),
                input_sha256=self.check.sha256,
                written_names=tuple(written),
            )

    def _text(self) -> str:
        encoding = "utf-8-sig" if self.encoding.replace("_", "-").lower() in ("utf-8", "utf8") else self.encoding
        try:
            return self.raw.decode(encoding)
        except UnicodeDecodeError as exc:
            line = self.raw.count(b"\n", 0, exc.start) + 1
            self.fail(
                line,
                f"this line is not {self.encoding} text (byte 0x{self.raw[exc.start]:02x}): save the file as "
                "UTF-8, or read it with its encoding",
                fatal=True,
            )
        except LookupError:
            raise ValueError(f"unknown encoding {self.encoding!r}") from None

    def _header(self, row) -> tuple[list[str], list[str]]:
        if not row or not any(cell.strip() for cell in row):
            self.fail(1, "the first row must name the candidates", fatal=True)
        if len(row) > MAX_CANDIDATES:
            self.fail(
                1, f"the first row names {len(row):,} candidates; at most {MAX_CANDIDATES:,} can stand", fatal=True
            )
        names = [" ".join(cell.split()) for cell in row]
        for i, name in enumerate(names):
            if not name:
                self.fail(1, f"column {i + 1} has no candidate name")
            elif len(name) > MAX_NAME_CHARS:
                self.fail(
                    1, f"column {i + 1}: a name of {len(name):,} characters; at most {MAX_NAME_CHARS} are accepted"
                )
            elif name in names[:i]:
                self.fail(1, f"candidate {name!r} has two columns")
            elif self.allowed is not None and name not in self.allowed:
                self.fail(1, f"unknown column {name!r}: not a candidate in this election")
        if self.check.errors_total:
            raise _Stop  # nothing below the header can be read against broken columns
        return names, [cell for cell in row]


def row_ranking(number: int, row: list[str], ncand: int, gaps: str) -> Ranking:
    """The paper's preferences (``()`` for a blank paper); ``CsvBallotError`` if broken."""
    if len(row) > ncand:
        extra = [c for c in row[ncand:] if c.strip()]
        if extra or len(row) > MAX_CANDIDATES:
            raise CsvBallotError(number, f"{len(row)} cells but only {ncand} candidate columns")
    by_rank: dict[int, int] = {}
    for column, cell in enumerate(row[:ncand]):
        mark = cell.strip()
        if not mark:
            continue
        if not mark.isdigit() or not mark.isascii():
            raise CsvBallotError(number, f"column {column + 1}: {mark[:20]!r} is not a rank number")
        rank = int(mark) if len(mark) <= MAX_NUMBER_DIGITS else ncand + 1
        if not 1 <= rank <= ncand:
            shown = mark if len(mark) <= 12 else mark[:12] + "…"
            raise CsvBallotError(number, f"column {column + 1}: rank {shown} is outside 1-{ncand}", UNKNOWN)
        if rank in by_rank:
            raise CsvBallotError(
                number, f"rank {rank} is given twice (columns {by_rank[rank] + 1} and {column + 1})", TWICE
            )
        by_rank[rank] = column
    ranking = []
    for rank in range(1, len(by_rank) + 1):
        if rank not in by_rank:
            if gaps == "refuse":
                raise CsvBallotError(number, f"rank {rank} is missing but higher ranks are marked", GAP)
            break  # a gap ends the paper
        ranking.append((by_rank[rank],))
    return tuple(ranking)
