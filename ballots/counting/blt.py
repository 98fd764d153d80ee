"""BLT ballot files (OpenSTV, OpaVote, eSTV, droop): the one reader, and a writer.

Layout::

    # comments (any line starting with #)
    4 2                      candidates, seats
    [nick a b c d]           optional droop options: [nick ...], [tie ...], [withdrawn ...]
    -3                       optional withdrawn candidates (negative numbers)
    5 1 2 3 0                weight, preferences, closing 0 (see "missing 0" below)
    (b17) 1 a=b c 0          optional ballot id in brackets; nicknames; '=' equal ranks
    0                        end of ballots
    "Alice"                  one name per line: quoted (a second quoted string, e.g. the
    Bob SMITH (Lab)          party, is ignored) or unquoted
    "Title"                  title (may lack the final newline); later lines are ignored

One grammar, two ways to use it: ``read_blt*`` stops at the first broken line (``BltError``
with its line number); ``check_blt_stream`` reads on and collects every broken line (the first
``max_listed`` of them listed, all of them counted), which is what an upload check shows.

- Every number is bounded before it is used (``limits``): candidates, seats, weights, candidate
  numbers, the total of ballots, name and title lengths, the length of a line.
- Text (names, title, options) is UTF-8 unless the caller declares another encoding; a line
  that is not is refused with its number. A UTF-8 byte-order mark is skipped.
- Names are normalised (runs of spaces collapsed, ends trimmed); ``Election.written_names``
  keeps them as written. Two candidates with the same name are refused.
- Missing 0: a ballot line may lack its closing 0 only where the file is consistent about it
  (every ballot line, or none); ``missing_zero="accept"`` takes a file that mixes both.

Speed and memory: the file is read in chunks and hashed as it goes; ballot lines are counted by
their exact bytes, so a line repeated 10,000 times is tokenised once, and identical rankings are
merged. Memory grows with the number of distinct lines, not with the number of ballots.
"""

from __future__ import annotations

import codecs
import hashlib
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from operator import itemgetter
from typing import BinaryIO

from . import lines
from ._perf import no_gc_pauses
from .limits import (
    MAX_BALLOTS,
    MAX_CANDIDATES,
    MAX_ERRORS_LISTED,
    MAX_LINE_BYTES,
    MAX_NAME_CHARS,
    MAX_NUMBER_DIGITS,
    MAX_SEATS,
)
from .model import Ballot, Election, Ranking

CHUNK = lines.CHUNK  # module-level so that tests can make chunks tiny
BOM = lines.BOM
MISSING_ZERO = ("consistent", "accept")
MALFORMED, UNKNOWN, TWICE, AFTER_ZERO, NO_ZERO, ENCODING = (
    "malformed line",
    "unknown candidate",
    "duplicate preference",
    "preference after the closing 0",
    "missing closing 0",
    "not readable text",
)


class BltError(ValueError):
    """A BLT file that cannot be read; ``line`` is 1-based (0 when no line applies).

    ``kind`` sorts ballot-line problems for a load report; ``weight`` is the number of
    papers the line stood for, where its weight could be read."""

    def __init__(self, line: int, reason: str, kind: str = MALFORMED, weight: int = 0) -> None:
        self.line, self.reason, self.kind, self.weight = line, reason, kind, weight
        super().__init__(f"line {line}: {reason}" if line else reason)


@dataclass
class BltCheck:
    """What ``check_blt_stream`` found: the election, or every reason it cannot be read."""

    election: Election | None
    errors: list[BltError] = field(default_factory=list)  # the first ``max_listed``, in line order
    errors_total: int = 0
    sha256: str = ""
    seats: int = 0
    ballot_lines: int = 0  # lines of ballots, repeats included
    lines_without_zero: int = 0  # of which without their closing 0
    ballots_read: int = 0  # papers on the lines that could be read
    broken: dict[str, int] = field(default_factory=dict)  # kind -> papers on broken lines
    rankings: dict = field(default_factory=dict)  # the lines that could be read, merged
    withdrawn: frozenset[int] = frozenset()

    @property
    def ok(self) -> bool:
        return self.election is not None


class _LineError(Exception):
    """A problem with one ballot line, before its number is known."""

    def __init__(self, reason: str, kind: str = MALFORMED, weight: int = 0) -> None:
        super().__init__(reason)
        self.reason, self.kind, self.weight = reason, kind, weight


class _Stop(Exception):
    """A problem after which nothing more of the file can be read (collecting mode)."""


# -- entry points ----------------------------------------------------------------------------
def read_blt(path, **options) -> Election:
    with open(path, "rb") as f:
        return read_blt_stream(f, **options)


def read_blt_text(text: str | bytes, **options) -> Election:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_blt_stream(io.BytesIO(data), **options)


def read_blt_stream(f: BinaryIO, *, encoding: str = "utf-8", missing_zero: str = "consistent") -> Election:
    """The file as an ``Election``; ``BltError`` at its first broken line."""
    return _Reader(f, encoding, missing_zero, collect=False, max_listed=1).read().election


def check_blt_stream(
    f: BinaryIO, *, encoding: str = "utf-8", missing_zero: str = "consistent", max_listed: int = MAX_ERRORS_LISTED
) -> BltCheck:
    """Read the whole file, collecting every broken line (never raises ``BltError``)."""
    return _Reader(f, encoding, missing_zero, collect=True, max_listed=max_listed).read()


# -- the reader ------------------------------------------------------------------------------
class _Reader:
    def __init__(self, source: BinaryIO, encoding: str, missing_zero: str, *, collect: bool, max_listed: int) -> None:
        if missing_zero not in MISSING_ZERO:
            raise ValueError(f"missing_zero must be one of {', '.join(MISSING_ZERO)}")
        self.utf8 = _check_encoding(encoding) in ("utf-8", "utf-8-sig")
        self.source, self.encoding, self.missing_zero = source, encoding, missing_zero
        self.collect, self.max_listed = collect, max_listed
        self.sha = hashlib.sha256()
        self.check = BltCheck(election=None)
        self.ncand = self.seats = 0
        self.withdrawn: set[int] = set()
        self.options: dict[str, str] = {}
        self.nicks: dict[bytes, int] = {}
        self.rankings: dict[Ranking, int] = {}
        self.ballots: tuple[Ballot, ...] | None = None  # when made without merging ``rankings``
        self.total = 0  # papers on the lines that could be read
        self.ballots_start = self.ballots_end = 0

    def fail(self, line: int, reason: str, kind: str = MALFORMED, weight: int = 0, fatal: bool = False) -> None:
        """A broken line: raised at once when reading, collected when checking."""
        error = BltError(line, reason, kind, weight)
        if not self.collect:
            raise error
        self.check.errors_total += 1
        if len(self.check.errors) < self.max_listed:
            self.check.errors.append(error)
        if fatal:
            raise _Stop

    def _too_long(self, lineno: int) -> None:
        self.fail(lineno, f"a line longer than {MAX_LINE_BYTES:,} bytes", fatal=True)

    def read(self) -> BltCheck:
        chunks = lines.raw_chunks(self.source, self.sha, self.utf8, CHUNK)
        self.stream = lines.LineStream(lines.numbered_chunks(chunks, self._too_long))
        with no_gc_pauses():
            try:
                self.read_header()
                self.read_ballots()
                names, written, title = self.read_names()
                for _ in self.stream:  # the rest is ignored, but it is still part of the hash
                    pass
            except _Stop:
                names = None
                for _ in self.stream:
                    pass
            check = self.check
            check.sha256, check.seats, check.rankings = self.sha.hexdigest(), self.seats, self.rankings
            check.withdrawn = frozenset(self.withdrawn)
            check.errors.sort(key=lambda e: e.line or float("inf"))
            if names is not None and not check.errors_total:
                check.election = self.election(names, written, title)
        return check

    # -- header ------------------------------------------------------------------------------
    def read_header(self) -> None:
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
            self.fail(0, "the file is empty: no 'candidates seats' line", fatal=True)
        self.fail(0, "no ballots and no closing 0 line", fatal=True)

    def _header(self, lineno: int, text: bytes) -> None:
        toks = text.split(b"#", 1)[0].split()
        if len(toks) < 2:
            self.fail(lineno, "the first line must give the number of candidates and of seats", fatal=True)
        if len(toks) > 2:
            self.fail(lineno, "unexpected text after the number of candidates and seats", fatal=True)
        for tok in toks:
            if not tok.isdigit():
                self.fail(lineno, f"number of candidates/seats: {_shown(tok)!r} is not a whole number", fatal=True)
        ncand, seats = (_bounded(tok) for tok in toks)
        if ncand < 1:
            self.fail(lineno, "the number of candidates must be at least 1", fatal=True)
        if ncand > MAX_CANDIDATES:
            self.fail(
                lineno, f"the file says {_count(toks[0])} candidates; at most {MAX_CANDIDATES:,} can stand", fatal=True
            )
        if seats < 1:
            self.fail(lineno, "the number of seats must be at least 1", fatal=True)
        if seats > MAX_SEATS:
            self.fail(lineno, f"the file says {_count(toks[1])} seats; at most {MAX_SEATS:,} can be filled", fatal=True)
        self.ncand, self.seats = ncand, seats

    def _option(self, lineno: int, text: bytes) -> None:
        if not text.endswith(b"]"):
            self.fail(lineno, "an option line must end with ']'")
            return
        body = self._decode(lineno, text[1:-1])
        toks = body.split() if body is not None else []
        if not toks:
            if body is not None:
                self.fail(lineno, "empty option line")
            return
        key, values = toks[0], toks[1:]
        try:
            if key == "nick":
                if len(values) != self.ncand:
                    self.fail(lineno, f"[nick] gives {len(values)} nicknames for {self.ncand} candidates")
                    return
                self.nicks = {v.encode(): i for i, v in enumerate(values)}
                self.options["nick"] = " ".join(values)
            elif key == "withdrawn":
                self.withdrawn.update(self._candidate(v.encode()) for v in values)
            elif key == "tie":
                order = [self._candidate(v.encode()) + 1 for v in values]
                self.options["tie"] = " ".join(map(str, order))
            else:
                self.options[key] = " ".join(values)
        except _LineError as exc:
            self.fail(lineno, exc.reason, exc.kind)

    def _withdrawn_line(self, lineno: int, text: bytes) -> None:
        for tok in text.split():
            if not tok.startswith(b"-"):
                self.fail(lineno, f"withdrawn line holds {_shown(tok)!r}")
                return
            try:
                self.withdrawn.add(self._candidate(tok[1:]))
            except _LineError as exc:
                self.fail(lineno, exc.reason, exc.kind)

    def _candidate(self, tok: bytes) -> int:
        if tok in self.nicks:
            return self.nicks[tok]
        if not tok.isdigit():
            raise _LineError(f"unknown candidate {_shown(tok)!r}", UNKNOWN)
        number = _bounded(tok)
        if not 1 <= number <= self.ncand:
            raise _LineError(f"unknown candidate {_count(tok)}: the candidates are numbered 1-{self.ncand}", UNKNOWN)
        return number - 1

    # -- ballots -----------------------------------------------------------------------------
    def read_ballots(self) -> None:
        """Count ballot lines by their bytes (at C speed), then tokenise each distinct line once."""
        counts: Counter[bytes] = Counter()
        self.ballots_start = self.stream.first + self.stream.pos
        closed = False
        while True:
            got = self.stream.rest_of_block()
            if got is None:
                break
            start, block = got
            counts.update(block)
            # The line ending the ballots is among this chunk's lines if one of its spellings
            # is now counted (a handful of look-ups, not a look at every line): then the lines
            # from it on are found, and taken out of the count again.
            end = lines.terminator(block) if any(t in counts for t in lines.TERMINATORS) else None
            self.ballots_end = start + (len(block) if end is None else end)
            if end is not None:
                after = block[end:]
                counts.subtract(after)
                for line in set(after):
                    if not counts[line]:
                        del counts[line]
                self.stream.push_back(len(block) - end - 1)
                closed = True
                break
        bad = self._check_lines(counts)
        if bad:
            self._report_bad_lines(bad, counts)
        total = self.total
        if total > MAX_BALLOTS:
            self.fail(0, f"the file holds {total:,} ballots; at most {MAX_BALLOTS:,} are accepted")
        if not closed:
            self.fail(0, "the ballots are not closed by a line holding only 0", fatal=True)

    def _check_lines(self, counts: Counter[bytes]) -> dict[bytes, _LineError]:
        """Rankings from every distinct line; the broken ones returned with their reasons."""
        check = self.check
        found, weights, with_zero, unclosed, bad, plain = self._parse_lines(counts)
        if plain and not self.collect:
            # Every line canonical and written "1 ... 0": distinct lines are distinct rankings,
            # so there is nothing to merge (and no need to hash every ranking into a dictionary
            # that only a load report reads).
            self.ballots = tuple(map(_new_ballot, zip(weights, found)))
            self.total = check.ballots_read = check.ballot_lines = with_zero
            return bad
        self.rankings = rankings = _merged(found, weights)
        without_zero = sum(counts[line] for line in unclosed)
        check.ballot_lines = with_zero + without_zero
        check.lines_without_zero = without_zero
        if unclosed and with_zero and self.missing_zero == "consistent":
            reason = (
                f"this ballot line has no closing 0, but {with_zero:,} other ballot line"
                f"{'s have' if with_zero != 1 else ' has'} one: a file must close every ballot line with 0, or none"
            )
            for line, weight in unclosed.items():
                bad[line] = _LineError(reason, NO_ZERO, weight)
                ranking = self._ballot(line)[1]
                rankings[ranking] -= weight * counts[line]
                if not rankings[ranking]:
                    del rankings[ranking]
            first_seen = {line: i for i, line in enumerate(counts)}
            bad = dict(sorted(bad.items(), key=lambda item: first_seen[item[0]]))
        self.total = check.ballots_read = sum(rankings.values())
        return bad

    def _parse_lines(self, counts: Counter[bytes]):
        """Every distinct line parsed once, in the order first seen: (rankings, their papers,
        papers on lines closed by 0, unclosed lines and their weights, broken lines and their
        reasons, whether every line took the fast path written "1 ... 0")."""
        # Fast path: the weight, then each preference a canonical candidate number, one space
        # apart, none repeated, then the closing 0. Tokens map straight to interned
        # one-candidate ranks, at C speed; anything else (tabs, runs of spaces, equal marks,
        # nicknames, ids, comments, broken lines) takes the slow path.
        rank_of = {str(c + 1).encode(): (c,) for c in range(self.ncand)}
        found, weights = [], []
        add_ranking, add_weight = found.append, weights.append
        unclosed: dict[bytes, int] = {}
        bad: dict[bytes, _LineError] = {}
        with_zero = irregular = 0  # lines other than fast-path ones written "1 ... 0"
        for line, n in counts.items():
            toks = line.split(b" ")
            last = toks.pop()
            if toks and (last == b"0" or last == b"0\r"):
                w = toks[0]
                if w == b"1" and last == b"0":
                    weight = 1
                else:
                    weight = int(w) if w.isdigit() and len(w) <= MAX_NUMBER_DIGITS else 0
                    irregular += 1
                del toks[0]
                # Canonical tokens stand for distinct candidates, so distinct tokens suffice.
                if toks and 0 < weight <= MAX_BALLOTS and len({*toks}) == len(toks):
                    try:  # one look-up a token, and the tuple built, in one C call
                        ranking = itemgetter(*toks)(rank_of) if len(toks) > 1 else (rank_of[toks[0]],)
                    except KeyError:
                        pass
                    else:
                        add_ranking(ranking)
                        add_weight(weight * n)
                        with_zero += n
                        continue
            irregular += 1
            try:
                parsed = self._ballot(line)
            except _LineError as exc:
                bad[line] = exc
                continue
            if parsed is None:
                continue
            weight, ranking, has_zero = parsed
            add_ranking(ranking)
            add_weight(weight * n)
            if has_zero:
                with_zero += n
            else:
                unclosed[line] = weight
        plain = not irregular
        return found, weights, with_zero, unclosed, bad, plain

    def _report_bad_lines(self, bad: dict[bytes, _LineError], counts: Counter[bytes]) -> None:
        for line, exc in bad.items():
            self.check.broken[exc.kind] = self.check.broken.get(exc.kind, 0) + exc.weight * counts[line]
        if not self.collect:  # the first broken line (``bad`` is in the order lines were first seen)
            line, exc = next(iter(bad.items()))
            self.fail(self._line_numbers({line}).get(line, [0])[0], exc.reason, exc.kind, exc.weight)
        found = False
        for lineno, line in self._ballot_lines_again():
            exc = bad.get(line)
            if exc is not None:
                found = True
                self.fail(lineno, exc.reason, exc.kind, exc.weight)
        if not found:  # the file cannot be read again: the lines without their numbers
            for line, exc in bad.items():
                for _ in range(counts[line]):
                    self.fail(0, exc.reason, exc.kind, exc.weight)

    def _line_numbers(self, wanted: set[bytes]) -> dict[bytes, list[int]]:
        found: dict[bytes, list[int]] = {}
        for lineno, line in self._ballot_lines_again():
            if line in wanted:
                found.setdefault(line, []).append(lineno)
                wanted = wanted - {line}
                if not wanted:
                    break
        return found

    def _ballot_lines_again(self) -> Iterator[tuple[int, bytes]]:
        """The ballot lines with their numbers: a second pass over the file, made only when
        a file has broken lines (counting them by their bytes kept no line numbers)."""
        source = self.source
        if not getattr(source, "seekable", lambda: False)():
            return
        source.seek(0)
        for lineno, line in enumerate(lines.split_lines(source, CHUNK), start=1):
            if lineno == 1 and self.utf8 and line.startswith(BOM):
                line = line[len(BOM) :]
            if lineno >= self.ballots_start:
                if lineno >= self.ballots_end:
                    return
                yield lineno, line

    def _ballot(self, line: bytes) -> tuple[int, Ranking, bool] | None:
        """(weight, ranking, closed by 0) for one ballot line; None for a blank or comment."""
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
            raise _LineError(f"ballot weight {_shown(toks[0])!r} is not a whole number")
        weight = _bounded(toks[0])
        if weight <= 0:
            if len(toks) == 1:
                raise _LineError("the line ending the ballots must hold only 0")
            raise _LineError("ballot weight must be positive")
        if weight > MAX_BALLOTS:
            raise _LineError(f"ballot weight {_count(toks[0])} is too large: at most {MAX_BALLOTS:,} papers a line")
        prefs = toks[1:]
        closed = bool(prefs) and prefs[-1] == b"0"
        if closed:
            prefs = prefs[:-1]
        seen: set[int] = set()
        try:
            ranking = tuple(self._rank(tok, seen) for tok in prefs)
        except _LineError as exc:
            raise _LineError(exc.reason, exc.kind, weight) from None
        return weight, ranking, closed

    def _rank(self, tok: bytes, seen: set[int]) -> tuple[int, ...]:
        rank = []
        for part in tok.split(b"="):
            c = self.nicks.get(part)
            if c is None:
                if part == b"0":
                    raise _LineError("preference after the closing 0", AFTER_ZERO)
                c = self._candidate(part)
            if c in seen:
                raise _LineError(f"candidate {c + 1} appears twice on one ballot", TWICE)
            seen.add(c)
            rank.append(c)
        return tuple(rank)

    # -- names and title ---------------------------------------------------------------------
    def read_names(self) -> tuple[list[str], list[str], str]:
        names: list[str] = []
        written: list[str] = []
        where: dict[str, int] = {}
        title = None
        last = 0
        for lineno, line in self.stream:
            last = lineno
            text = self._decode(lineno, line)
            if text is None:
                names.append("")  # keep counting the names; the file is refused anyway
                written.append("")
                continue
            text = text.strip()
            if not text or (text.startswith("#") and not names):
                continue
            value = self._name(lineno, text)
            if len(names) < self.ncand:
                name = " ".join(value.split())
                if not name:
                    self.fail(lineno, "a candidate's name is empty")
                elif name in where:
                    self.fail(lineno, f"the name {name!r} is given twice (lines {where[name]} and {lineno})")
                where.setdefault(name, lineno)
                names.append(name)
                written.append(value)
            else:
                title = value
                break
        if len(names) < self.ncand:
            self.fail(last, f"{len(names)} candidate names given for {self.ncand} candidates", fatal=True)
        return names, written, title or ""

    def _name(self, lineno: int, text: str) -> str:
        if text.startswith('"'):
            close = text.find('"', 1)
            if close < 0:
                self.fail(lineno, "a quoted name has no closing quote")
                return text[1:]
            text = text[1:close]
        if len(text) > MAX_NAME_CHARS:
            self.fail(lineno, f"a name or title of {len(text):,} characters; at most {MAX_NAME_CHARS} are accepted")
        return text

    def _decode(self, lineno: int, data: bytes) -> str | None:
        try:
            return data.decode(self.encoding)
        except UnicodeDecodeError as exc:
            column = len(data[: exc.start].decode(self.encoding, "replace")) + 1
            self.fail(
                lineno,
                f"not {self.encoding} text (byte 0x{data[exc.start]:02x} at character {column}): save the file "
                f"as UTF-8, or read it with its encoding",
                ENCODING,
            )
            return None

    def election(self, names: list[str], written: list[str], title: str) -> Election:
        ballots = self.ballots if self.ballots is not None else ballots_of(self.rankings)
        return Election(
            title=title,
            candidates=tuple(names),
            seats=self.seats,
            ballots=ballots,
            withdrawn=frozenset(self.withdrawn),
            options=dict(self.options),
            input_sha256=self.sha.hexdigest(),
            written_names=tuple(written),
        )


def _merged(rankings: list[Ranking], weights: list[int]) -> dict[Ranking, int]:
    """Identical rankings (from lines that differ only in weight or spelling) merged, in
    the order first seen. Distinct lines usually rank distinctly: built at C speed then."""
    merged = dict(zip(rankings, weights))
    if len(merged) != len(rankings):
        merged = {}
        for ranking, weight in zip(rankings, weights):
            merged[ranking] = merged.get(ranking, 0) + weight
    return merged


def ballots_of(rankings: dict[Ranking, int]) -> tuple[Ballot, ...]:
    """``Ballot``s from merged rankings, built at C speed (tens of thousands of them)."""
    return tuple(map(_new_ballot, zip(rankings.values(), rankings.keys())))


_new_ballot = partial(tuple.__new__, Ballot)


def _bounded(tok: bytes) -> int:
    """A whole number of at most ``MAX_NUMBER_DIGITS`` digits; longer ones read as too large
    (never converted: a thousand-digit token must not cost a thousand-digit conversion)."""
    return int(tok) if len(tok) <= MAX_NUMBER_DIGITS else MAX_BALLOTS * 10


def _count(tok: bytes) -> str:
    """A number from the file as the refusal shows it (digits grouped; a long one cut short)."""
    if len(tok) <= MAX_NUMBER_DIGITS:
        return f"{int(tok):,}"
    return tok[:12].decode() + "…"


def _shown(tok: bytes) -> str:
    text = tok.decode("utf-8", "replace")
    return text if len(text) <= 40 else text[:40] + "…"


def _check_encoding(encoding: str) -> str:
    """Only encodings that write digits, spaces and brackets as ASCII can read a BLT file;
    returns the encoding's standard name."""
    try:
        name = codecs.lookup(encoding).name
        plain = '0123456789 -=()[]#"\r\n'
        ok = plain.encode(encoding) == plain.encode("ascii")
    except (LookupError, UnicodeError):
        ok = False
    if not ok:
        raise BltError(0, f"a BLT file cannot be read as {encoding!r}: its numbers must read as plain ASCII")
    return name


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
