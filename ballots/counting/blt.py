"""BLT ballot files (OpenSTV, OpaVote, eSTV, droop): read and write.

Layout::

    # comments (any line starting with #)
    4 2                      candidates, seats
    [nick a b c d]           optional droop options: [nick ...], [tie ...], [withdrawn ...]
    -3                       optional withdrawn candidates (negative numbers)
    5 1 2 3 0                weight, preferences, closing 0 (the 0 may be missing)
    (b17) 1 a=b c 0          optional ballot id in brackets; nicknames; '=' equal ranks
    0                        end of ballots
    "Alice"                  one name per line: quoted (a second quoted string, e.g. the
    Bob SMITH (Lab)          party, is ignored) or unquoted
    "Title"                  title (may lack the final newline); later lines are ignored

Speed and memory: the file is read in chunks and hashed as it goes; ballot lines are counted
by their exact bytes, so a line repeated 10,000 times is tokenised once, and identical rankings
are merged. Memory grows with the number of distinct lines, not with the number of ballots.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from typing import BinaryIO

from ._perf import no_gc_pauses
from .model import Ballot, Election, Ranking

CHUNK = 1 << 22


class BltError(ValueError):
    """A BLT file that cannot be read; ``line`` is 1-based (0 when no line applies)."""

    def __init__(self, line: int, reason: str) -> None:
        self.line = line
        self.reason = reason
        super().__init__(f"line {line}: {reason}" if line else reason)


class _LineError(Exception):
    """A problem with one line, before its number is known."""


def read_blt(path) -> Election:
    with open(path, "rb") as f:
        return read_blt_stream(f)


def read_blt_text(text: str | bytes) -> Election:
    import io

    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_blt_stream(io.BytesIO(data))


def read_blt_stream(f: BinaryIO) -> Election:
    reader = _Reader()
    reader.source = f
    lines = _lines(f, reader.sha)
    with no_gc_pauses():
        reader.read_header(lines)
        reader.read_ballots(lines)
        names, title = reader.read_names(lines)
        for _ in lines:  # the rest is ignored, but it is still part of the hash
            pass
        return reader.election(names, title)


def _lines(f: BinaryIO, sha) -> Iterator[tuple[int, list[bytes]]]:
    """Yield (number of the first line, lines) per chunk, hashing every byte read."""
    pending = b""
    lineno = 1
    while True:
        chunk = f.read(CHUNK)
        if not chunk:
            break
        sha.update(chunk)
        data = pending + chunk
        cut = data.rfind(b"\n")
        if cut < 0:
            pending = data
            continue
        pending = data[cut + 1 :]
        block = data[:cut].split(b"\n")
        yield lineno, block
        lineno += len(block)
    if pending:
        yield lineno, [pending]


class _LineStream:
    """Lines one at a time, or the rest of the current chunk at once (for the ballot section)."""

    def __init__(self, chunks: Iterator[tuple[int, list[bytes]]]) -> None:
        self.chunks = chunks
        self.block: list[bytes] = []
        self.pos = 0
        self.first = 1

    def __iter__(self):
        return self

    def __next__(self) -> tuple[int, bytes]:
        while self.pos >= len(self.block):
            self.first, self.block = next(self.chunks)
            self.pos = 0
        line = self.block[self.pos]
        self.pos += 1
        return self.first + self.pos - 1, line.rstrip(b"\r")

    def rest_of_block(self) -> tuple[int, list[bytes]] | None:
        """The unread lines of this chunk (or the next one), consumed."""
        if self.pos >= len(self.block):
            try:
                self.first, self.block = next(self.chunks)
            except StopIteration:
                return None
            self.pos = 0
        start, lines = self.first + self.pos, self.block[self.pos :]
        self.pos = len(self.block)
        return start, lines

    def push_back(self, count: int) -> None:
        """Step back ``count`` lines within the current chunk."""
        self.pos -= count


class _Reader:
    def __init__(self) -> None:
        self.sha = hashlib.sha256()
        self.ncand = 0
        self.seats = 0
        self.withdrawn: set[int] = set()
        self.options: dict[str, str] = {}
        self.nicks: dict[bytes, int] = {}
        self.rankings: dict[Ranking, int] = {}
        self.stream: _LineStream
        self.source: BinaryIO | None = None
        self.ballots_start = 0

    # -- header --------------------------------------------------------------------------
    def read_header(self, chunks) -> None:
        self.stream = _LineStream(chunks)
        header_seen = False
        for lineno, line in self.stream:
            text = line.strip()
            if not text or text.startswith(b"#"):
                continue
            if not header_seen:
                self._header(lineno, text)
                header_seen = True
            elif text.startswith(b"["):
                self._option(lineno, text)
            elif text.startswith(b"-"):
                self._withdrawn_line(lineno, text)
            else:
                self.stream.push_back(1)
                return
        if not header_seen:
            raise BltError(0, "empty file: no 'candidates seats' line")
        raise BltError(0, "no ballots and no closing 0 line")

    def _header(self, lineno: int, text: bytes) -> None:
        toks = text.split(b"#", 1)[0].split()
        if len(toks) < 2:
            raise BltError(lineno, "the first line must give the number of candidates and of seats")
        if len(toks) > 2:
            raise BltError(lineno, "unexpected text after the number of candidates and seats")
        ncand, seats = (_int(lineno, t, "number of candidates/seats") for t in toks)
        if ncand < 1:
            raise BltError(lineno, "the number of candidates must be at least 1")
        if seats < 1:
            raise BltError(lineno, "the number of seats must be at least 1")
        self.ncand, self.seats = ncand, seats

    def _option(self, lineno: int, text: bytes) -> None:
        if not text.endswith(b"]"):
            raise BltError(lineno, "an option line must end with ']'")
        toks = text[1:-1].decode("utf-8", "replace").split()
        if not toks:
            raise BltError(lineno, "empty option line")
        key, values = toks[0], toks[1:]
        if key == "nick":
            if len(values) != self.ncand:
                raise BltError(lineno, f"[nick] gives {len(values)} nicknames for {self.ncand} candidates")
            self.nicks = {v.encode(): i for i, v in enumerate(values)}
            self.options["nick"] = " ".join(values)
        elif key == "withdrawn":
            self.withdrawn.update(self._candidate(lineno, v.encode()) for v in values)
        elif key == "tie":
            order = [self._candidate(lineno, v.encode()) + 1 for v in values]
            self.options["tie"] = " ".join(map(str, order))
        else:
            self.options[key] = " ".join(values)

    def _withdrawn_line(self, lineno: int, text: bytes) -> None:
        for tok in text.split():
            if not tok.startswith(b"-"):
                raise BltError(lineno, f"withdrawn line holds {tok.decode(errors='replace')!r}")
            self.withdrawn.add(self._candidate(lineno, tok[1:]))

    def _candidate(self, lineno: int, tok: bytes) -> int:
        if tok in self.nicks:
            return self.nicks[tok]
        if not tok.isdigit():
            raise BltError(lineno, f"unknown candidate {tok.decode(errors='replace')!r}")
        number = int(tok)
        if not 1 <= number <= self.ncand:
            raise BltError(lineno, f"candidate number {number} is out of range 1-{self.ncand}")
        return number - 1

    # -- ballots -------------------------------------------------------------------------
    def read_ballots(self, chunks) -> None:
        """Count ballot lines by their bytes (at C speed), then tokenise each distinct line once."""
        counts: Counter[bytes] = Counter()
        self.ballots_start = self.stream.first + self.stream.pos
        while True:
            got = self.stream.rest_of_block()
            if got is None:
                self._check_lines(counts)
                raise BltError(0, "the ballots are not closed by a line holding only 0")
            _start, lines = got
            end = _terminator(lines)
            counts.update(lines if end is None else lines[:end])
            if end is not None:
                self.stream.push_back(len(lines) - end - 1)
                break
        self._check_lines(counts)

    def _check_lines(self, counts: Counter[bytes]) -> None:
        rankings = self.rankings
        # Fast path: each preference a canonical candidate number, none repeated. Tokens map
        # straight to interned one-candidate ranks, at C speed; anything else takes the slow path.
        rank_of = {str(c + 1).encode(): (c,) for c in range(self.ncand)}.__getitem__
        for line, n in counts.items():
            toks = line.split()
            if len(toks) > 1 and toks[0].isdigit():
                if toks[-1] == b"0":
                    toks.pop()
                prefs = toks[1:]
                try:
                    ranking = tuple(map(rank_of, prefs))
                except KeyError:
                    ranking = None
                weight = int(toks[0])
                # Tokens here are canonical numbers, so equal bytes mean the same candidate.
                if ranking is not None and weight > 0 and len(set(prefs)) == len(prefs):
                    rankings[ranking] = rankings.get(ranking, 0) + weight * n
                    continue
            try:
                parsed = self._ballot(line)
            except _LineError as exc:
                raise BltError(self._line_number(line), str(exc)) from None
            if parsed is None:
                continue
            weight, ranking = parsed
            rankings[ranking] = rankings.get(ranking, 0) + weight * n

    def _line_number(self, wanted: bytes) -> int:
        """Where ``wanted`` first occurs among the ballot lines: a second pass, on errors only.

        Counting keeps first-seen order, so the first bad distinct line is the first bad line.
        """
        source = self.source
        if source is None or not source.seekable():
            return 0
        source.seek(0)
        for lineno, line in enumerate(source, start=1):
            if lineno >= self.ballots_start and line.rstrip(b"\n") == wanted:
                return lineno
        return 0

    def _ballot(self, line: bytes) -> tuple[int, Ranking] | None:
        toks = line.split(b"#", 1)[0].split()
        if not toks:
            return None
        if toks[0].startswith(b"("):
            if not toks[0].endswith(b")"):
                raise _LineError("a ballot id must be written as (id) without spaces")
            toks = toks[1:]
            if not toks:
                raise _LineError("a ballot id with no weight or preferences")
        if not toks[0].isdigit():
            raise _LineError(f"ballot weight {toks[0].decode(errors='replace')!r} is not a whole number")
        weight = int(toks[0])
        if weight <= 0:
            if len(toks) == 1:
                raise _LineError("the line ending the ballots must hold only 0")
            raise _LineError("ballot weight must be positive")
        prefs = toks[1:]
        if prefs and prefs[-1] == b"0":
            prefs = prefs[:-1]
        seen: set[int] = set()
        ranking = tuple(self._rank(tok, seen) for tok in prefs)
        return weight, ranking

    def _rank(self, tok: bytes, seen: set[int]) -> tuple[int, ...]:
        rank = []
        for part in tok.split(b"="):
            c = self.nicks.get(part)
            if c is None:
                if not part.isdigit():
                    raise _LineError(f"unexpected {tok.decode(errors='replace')!r} in a ballot line")
                number = int(part)
                if number == 0:
                    raise _LineError("preference after the closing 0")
                if number > self.ncand:
                    raise _LineError(f"candidate number {number} is out of range 1-{self.ncand}")
                c = number - 1
            if c in seen:
                raise _LineError(f"candidate {c + 1} appears twice on one ballot")
            seen.add(c)
            rank.append(c)
        return tuple(rank)

    # -- names and title -----------------------------------------------------------------
    def read_names(self, chunks) -> tuple[list[str], str]:
        names: list[str] = []
        title = None
        last = 0
        for lineno, line in self.stream:
            last = lineno
            text = line.decode("utf-8", "replace").strip()
            if not text or (text.startswith("#") and not names):
                continue
            value = _name(lineno, text)
            if len(names) < self.ncand:
                names.append(value)
            else:
                title = value
                break
        if len(names) < self.ncand:
            raise BltError(last, f"{len(names)} candidate names given for {self.ncand} candidates")
        return names, title or ""

    def election(self, names: list[str], title: str) -> Election:
        ballots = tuple(Ballot(w, r) for r, w in self.rankings.items())
        return Election(
            title=title,
            candidates=tuple(names),
            seats=self.seats,
            ballots=ballots,
            withdrawn=frozenset(self.withdrawn),
            options=dict(self.options),
            input_sha256=self.sha.hexdigest(),
        )


def _terminator(lines: list[bytes]) -> int | None:
    """Index of the first line holding only 0 (the end of the ballots), if in ``lines``.

    ``list.index`` runs at C speed; the common spellings of that line are looked for directly.
    Any other spelling is refused as a ballot line with weight 0, with its line number.
    """
    best = None
    for form in _TERMINATORS:
        try:
            i = lines.index(form, 0, len(lines) if best is None else best)
        except ValueError:
            continue
        best = i
    return best


_TERMINATORS = (b"0", b"0\r", b"0 ", b" 0", b"0\t", b"0 \r", b" 0 ")


def _int(lineno: int, tok: bytes, what: str) -> int:
    if not tok.isdigit():
        raise BltError(lineno, f"{what}: {tok.decode(errors='replace')!r} is not a whole number")
    return int(tok)


def _name(lineno: int, text: str) -> str:
    if not text.startswith('"'):
        return text
    close = text.find('"', 1)
    if close < 0:
        raise BltError(lineno, "a quoted name has no closing quote")
    return text[1:close]


# -- writing ---------------------------------------------------------------------------------
def write_blt(election: Election) -> str:
    """The election as BLT text; reading it back gives an equal Election."""
    out = [f"{len(election.candidates)} {election.seats}"]
    for key, value in election.options.items():
        out.append(f"[{key} {value}]")
    if election.withdrawn:
        out.append(" ".join(f"-{c + 1}" for c in sorted(election.withdrawn)))
    for b in election.ballots:
        prefs = " ".join("=".join(str(c + 1) for c in rank) for rank in b.ranking)
        out.append(f"{b.weight} {prefs} 0" if prefs else f"{b.weight} 0")
    out.append("0")
    out.extend(_quote(n) for n in election.candidates)
    out.append(_quote(election.title))
    return "\n".join(out) + "\n"


def _quote(text: str) -> str:
    if '"' in text:
        raise ValueError(f"cannot write a name holding a double quote: {text!r}")
    return f'"{text}"'
