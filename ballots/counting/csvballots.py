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

Errors are ``CsvBallotError`` with the 1-based row number (the header is row 1) and a reason.
Identical rankings are merged, and the SHA-256 of the bytes read is kept, as for BLT.
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

from .model import Ballot, Election, Ranking


class CsvBallotError(ValueError):
    def __init__(self, row: int, reason: str) -> None:
        self.row = row
        self.reason = reason
        super().__init__(f"row {row}: {reason}" if row else reason)


def read_csv_ballots(path, seats: int, *, title: str = "", candidates=None, gaps: str = "truncate") -> Election:
    data = Path(path).read_bytes()
    return read_csv_bytes(data, seats, title=title or Path(path).stem, candidates=candidates, gaps=gaps)


def read_csv_bytes(
    data: bytes | str, seats: int, *, title: str = "", candidates=None, gaps: str = "truncate"
) -> Election:
    """Read CSV ballots. ``candidates``, if given, lists the names the columns must come from."""
    if gaps not in ("truncate", "refuse"):
        raise ValueError("gaps must be 'truncate' or 'refuse'")
    if seats < 1:
        raise CsvBallotError(0, "the number of seats must be at least 1")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvBallotError(0, f"the file is not UTF-8 text ({exc.reason})") from None
    rows = csv.reader(io.StringIO(text, newline=""))
    names = _header(next(rows, None), candidates)
    rankings: dict[Ranking, int] = {}
    for number, row in enumerate(rows, start=2):
        ranking = row_ranking(number, row, len(names), gaps)
        if ranking is not None:
            rankings[ranking] = rankings.get(ranking, 0) + 1
    return Election(
        title=title,
        candidates=tuple(names),
        seats=seats,
        ballots=tuple(Ballot(w, r) for r, w in rankings.items()),
        input_sha256=hashlib.sha256(raw).hexdigest(),
    )


def _header(row, candidates) -> list[str]:
    if not row or not any(cell.strip() for cell in row):
        raise CsvBallotError(1, "the first row must name the candidates")
    names = [cell.strip() for cell in row]
    for i, name in enumerate(names):
        if not name:
            raise CsvBallotError(1, f"column {i + 1} has no candidate name")
        if name in names[:i]:
            raise CsvBallotError(1, f"candidate {name!r} has two columns")
        if candidates is not None and name not in candidates:
            raise CsvBallotError(1, f"unknown column {name!r}: not a candidate in this election")
    return names


def row_ranking(number: int, row: list[str], ncand: int, gaps: str) -> Ranking | None:
    """The paper's preferences, or None for a row that is entirely empty (no cells)."""
    if not row:
        return None
    if len(row) > ncand:
        extra = [c for c in row[ncand:] if c.strip()]
        if extra:
            raise CsvBallotError(number, f"{len(row)} cells but only {ncand} candidate columns")
    by_rank: dict[int, int] = {}
    for column, cell in enumerate(row[:ncand]):
        mark = cell.strip()
        if not mark:
            continue
        if not mark.isdigit() or not mark.isascii():
            raise CsvBallotError(number, f"column {column + 1}: {mark!r} is not a rank number")
        rank = int(mark)
        if not 1 <= rank <= ncand:
            raise CsvBallotError(number, f"column {column + 1}: rank {rank} is outside 1-{ncand}")
        if rank in by_rank:
            raise CsvBallotError(number, f"rank {rank} is given twice (columns {by_rank[rank] + 1} and {column + 1})")
        by_rank[rank] = column
    ranking = []
    for rank in range(1, len(by_rank) + 1):
        if rank not in by_rank:
            if gaps == "refuse":
                raise CsvBallotError(number, f"rank {rank} is missing but higher ranks are marked")
            break  # a gap ends the paper
        ranking.append((by_rank[rank],))
    return tuple(ranking)
