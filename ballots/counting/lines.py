"""A BLT file's lines, read in chunks: hashed as they are read, a UTF-8 byte-order mark skipped,
every line's length bounded; the ballot section handed over a chunk at a time."""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator
from typing import BinaryIO

from .limits import MAX_LINE_BYTES

CHUNK = 1 << 22
BOM = codecs.BOM_UTF8


def raw_chunks(f: BinaryIO, sha, strip_bom: bool, chunk_size: int = CHUNK) -> Iterator[bytes]:
    """The file's bytes in chunks, every byte hashed; a leading UTF-8 byte-order mark is
    dropped from what is parsed (never from what is hashed)."""
    head = b""
    while strip_bom:
        chunk = f.read(chunk_size)
        sha.update(chunk)
        head += chunk
        if not chunk or len(head) >= len(BOM):
            yield head[len(BOM) :] if head.startswith(BOM) else head
            if not chunk:
                return
            break
    while chunk := f.read(chunk_size):
        sha.update(chunk)
        yield chunk


def numbered_chunks(chunks: Iterator[bytes], too_long: Callable[[int], None]) -> Iterator[tuple[int, list[bytes]]]:
    """Yield (number of the first line, lines) per chunk; a line longer than
    ``MAX_LINE_BYTES`` is reported to ``too_long`` with its number (which stops the reading)."""
    pending = b""
    lineno = 1
    for chunk in chunks:
        data = pending + chunk
        cut = data.rfind(b"\n")
        if cut < 0:
            pending = data
            if len(pending) > MAX_LINE_BYTES:
                too_long(lineno)
            continue
        block = data.split(b"\n")  # the last piece (after the last newline) goes on to the next chunk
        pending = block.pop()
        if _may_hold_a_long_line(data, cut) or len(pending) > MAX_LINE_BYTES:
            long = next((i for i, line in enumerate(block) if len(line) > MAX_LINE_BYTES), None)
            if long is not None or len(pending) > MAX_LINE_BYTES:
                too_long(lineno + (len(block) if long is None else long))
        yield lineno, block
        lineno += len(block)
    if pending:
        yield lineno, [pending]


def _may_hold_a_long_line(data: bytes, end: int) -> bool:
    """False if no line in ``data[:end]`` can be longer than ``MAX_LINE_BYTES``, found without
    measuring every line: a line that long covers a whole window of half that length (the
    windows laid end to end from the start), so it is enough that every such window holds a
    newline. A few hundred searches a chunk, each stopping at its first newline."""
    half = MAX_LINE_BYTES // 2
    find = data.find
    return any(find(b"\n", start, start + half) < 0 for start in range(0, end - half + 1, half))


def split_lines(f: BinaryIO, chunk_size: int = CHUNK) -> Iterator[bytes]:
    """The file's lines as the reader splits them (on \\n only), from the start."""
    pending = b""
    while chunk := f.read(chunk_size):
        lines = (pending + chunk).split(b"\n")
        pending = lines.pop()
        yield from lines
    if pending:
        yield pending


class LineStream:
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


def terminator(lines: list[bytes]) -> int | None:
    """Index of the first line holding only 0 (the end of the ballots), if in ``lines``.

    Its spellings (``TERMINATORS``) are at most 3 bytes long: the short lines are found first by
    their lengths (at C speed), and only those are compared. Any other spelling of a 0 line is
    refused as a ballot line with weight 0, with its line number.
    """
    lengths = list(map(len, lines))
    best = None
    for size in (1, 2, 3):
        start = 0
        while True:
            try:
                i = lengths.index(size, start, len(lines) if best is None else best)
            except ValueError:
                break
            if lines[i] in TERMINATORS:
                best = i
                break
            start = i + 1
    return best


TERMINATORS = (b"0", b"0\r", b"0 ", b" 0", b"0\t", b"0 \r", b" 0 ")
