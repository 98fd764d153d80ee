"""The BLT reader's second way of reading (every broken line collected), its bounds on every
number, text encodings, names and the closing 0."""

from __future__ import annotations

import hashlib
import io
import tracemalloc

import pytest

from ballots.counting import blt, limits
from ballots.counting.blt import BltError, check_blt_stream, read_blt_text

NAMES = '"Ann"\n"Bob"\n"Cat"\n"T"\n'


def check(text: str | bytes, **kw):
    data = text.encode() if isinstance(text, str) else text
    return check_blt_stream(io.BytesIO(data), **kw)


# -- collecting every error ----------------------------------------------------------------------
def test_checking_lists_every_broken_line_with_its_number_kind_and_papers():
    text = "3 1\n2 1 2 0\n1 1 1 0\n4 9 0\n2 1 1 0\n3 2 0\n1 x 0\n0\n" + NAMES
    found = check(text)
    assert not found.ok and found.election is None
    assert [(e.line, e.kind) for e in found.errors] == [
        (3, "duplicate preference"),
        (4, "unknown candidate"),
        (5, "duplicate preference"),  # a repeat of line 3: every occurrence is listed
        (7, "unknown candidate"),
    ]
    assert found.errors_total == 4
    assert found.broken == {"duplicate preference": 3, "unknown candidate": 5}
    assert found.ballots_read == 5  # lines 2 and 6
    # The same grammar read strictly stops at the first one.
    with pytest.raises(BltError) as first:
        read_blt_text(text)
    assert first.value.line == 3 and first.value.kind == "duplicate preference"


def test_checking_lists_a_bounded_number_but_counts_them_all():
    lines = "".join(f"1 {i % 7 + 4} 0\n" for i in range(50))  # candidates 4-10 of 3: all broken
    found = check("3 1\n" + lines + "0\n" + NAMES, max_listed=10)
    assert len(found.errors) == 10 and found.errors_total == 50
    assert [e.line for e in found.errors] == list(range(2, 12))


def test_checking_a_good_file_gives_the_same_election_as_reading_it():
    text = "3 1\n2 1 2 0\n3 2 0\n0\n" + NAMES
    found = check(text)
    assert found.ok and found.errors == [] and found.election == read_blt_text(text)
    assert (found.ballot_lines, found.lines_without_zero, found.ballots_read) == (2, 0, 5)


def test_checking_stops_only_where_nothing_more_can_be_read():
    found = check("three 1\n1 1 0\n0\n")
    assert [e.line for e in found.errors] == [1] and "not a whole number" in found.errors[0].reason


# -- bounds (issue 11) ---------------------------------------------------------------------------
def peak_bytes(fn) -> int:
    tracemalloc.start()
    try:
        fn()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def test_a_tiny_file_claiming_millions_of_candidates_is_refused_before_anything_is_built():
    # 27 bytes; the old reader built a structure for every claimed candidate first.
    data = b'2000000 1\n1 1 0\n0\n"A"\n"T"\n'

    def refuse():
        with pytest.raises(BltError, match="the file says 2,000,000 candidates; at most 1,000 can stand") as info:
            read_blt_text(data)
        assert info.value.line == 1

    assert peak_bytes(refuse) < 2_000_000


@pytest.mark.parametrize(
    "header, reason",
    [
        ("999999999999999999999 1", "the file says 999999999999… candidates"),
        ("3 5000", "the file says 5,000 seats; at most 1,000 can be filled"),
        ("3 99999999999999", "the file says 999999999999… seats"),
    ],
)
def test_every_number_in_the_header_is_bounded(header, reason):
    with pytest.raises(BltError, match=reason):
        read_blt_text(f"{header}\n1 1 0\n0\n" + NAMES)


@pytest.mark.parametrize(
    "line, reason",
    [
        ("99999999999999999999999999 1 0", "ballot weight 999999999999… is too large"),
        ("100000001 1 0", "ballot weight 100,000,001 is too large: at most 100,000,000 papers a line"),
        ("1 " + "9" * 5000 + " 0", "unknown candidate 999999999999…: the candidates are numbered 1-3"),
        ("1 1 44444444444 0", "unknown candidate 44444444444…"),
    ],
)
def test_every_number_on_a_ballot_line_is_bounded_before_it_is_converted(line, reason):
    with pytest.raises(BltError, match=reason) as info:
        read_blt_text(f"3 1\n{line}\n0\n" + NAMES)
    assert info.value.line == 2


def test_the_total_of_ballots_is_bounded(monkeypatch):
    monkeypatch.setattr(blt, "MAX_BALLOTS", 10)
    with pytest.raises(BltError, match="the file holds 12 ballots; at most 10 are accepted"):
        read_blt_text("3 1\n6 1 0\n6 2 0\n0\n" + NAMES)


@pytest.mark.parametrize("before", [0, 2, 32_767, 32_768, 50_000])
@pytest.mark.parametrize("extra", [0, 1])
def test_a_line_over_the_limit_is_refused_wherever_it_falls_in_a_chunk(before, extra):
    # Lines are not measured one by one: every window of half the limit must hold a newline.
    # A line of exactly the limit is read, one byte more is refused, at any alignment.
    filler = b"#" + b"x" * (before - 2) + b"\n" if before else b""  # a comment of `before` bytes
    long = b"1 1" + b" " * (limits.MAX_LINE_BYTES + extra - 5) + b" 0"
    data = b"3 1\n" + filler + long + b"\n1 2 0\n0\n" + NAMES.encode()
    lineno = 3 if before else 2
    found = check_blt_stream(io.BytesIO(data))
    if not extra:
        assert found.ok and found.election.total_ballots == 2
        return
    with pytest.raises(BltError, match="a line longer than 65,536 bytes") as info:
        read_blt_text(data)
    assert info.value.line == lineno
    assert [(e.line, e.reason) for e in found.errors] == [(lineno, "a line longer than 65,536 bytes")]


def test_a_line_longer_than_the_limit_is_refused_without_reading_it_all(monkeypatch):
    monkeypatch.setattr(blt, "CHUNK", 1024)
    data = b"3 1\n1 1 0\n1 " + b"1 " * 2_000_000  # 4 MB, no newline

    def refuse():
        with pytest.raises(BltError, match="a line longer than 65,536 bytes") as info:
            read_blt_text(data)
        assert info.value.line == 3

    assert peak_bytes(refuse) < 1_000_000 + len(data)  # the input itself, and little more


def test_names_and_the_title_are_bounded():
    long = "x" * (limits.MAX_NAME_CHARS + 1)
    with pytest.raises(BltError, match="a name or title of 201 characters; at most 200") as info:
        read_blt_text(f'2 1\n1 1 0\n0\n"A"\n"{long}"\n"T"\n')
    assert info.value.line == 5
    with pytest.raises(BltError, match="201 characters"):
        read_blt_text(f'1 1\n1 1 0\n0\n"A"\n"{long}"\n')


# -- text --------------------------------------------------------------------------------------
LATIN1 = b'2 1\n1 1 0\n0\n"Ren\xe9e Dupont"\n"Bob"\n"T"\n'


def test_a_file_that_is_not_utf8_is_refused_with_the_line():
    with pytest.raises(BltError) as info:
        read_blt_text(LATIN1)
    assert info.value.line == 4
    assert "not utf-8 text (byte 0xe9 at character 5)" in info.value.reason  # the quote is the first


def test_a_declared_encoding_reads_it():
    e = read_blt_text(LATIN1, encoding="cp1252")
    assert e.candidates == ("Renée Dupont", "Bob")
    with pytest.raises(BltError, match="cannot be read as 'utf-16'"):
        read_blt_text(LATIN1, encoding="utf-16")


def test_a_utf8_byte_order_mark_is_accepted_and_hashed():
    data = b"\xef\xbb\xbf" + b'2 1\n1 1 0\n0\n"A"\n"B"\n"T"\n'
    e = read_blt_text(data)
    assert e.seats == 1 and e.candidates == ("A", "B")
    assert e.input_sha256 == hashlib.sha256(data).hexdigest()


def test_names_are_normalised_and_kept_as_written():
    e = read_blt_text('2 1\n1 1 0\n0\n"  Ann   Smith "\nBob\tJONES\n"T"\n')
    assert e.candidates == ("Ann Smith", "Bob JONES")
    assert e.written_names == ("  Ann   Smith ", "Bob\tJONES")


def test_two_candidates_with_one_name_are_refused():
    with pytest.raises(BltError, match="the name 'Ann Smith' is given twice \\(lines 4 and 5\\)"):
        read_blt_text('2 1\n1 1 0\n0\n"Ann Smith"\n"Ann  Smith"\n"T"\n')


# -- the closing 0 ---------------------------------------------------------------------------
def test_a_file_that_never_closes_its_lines_with_0_is_read_and_counted():
    found = check("3 1\n2 1 2\n3 2\n1 3 1\n0\n" + NAMES)
    assert found.ok and (found.ballot_lines, found.lines_without_zero) == (3, 3)
    assert found.election.total_ballots == 6


def test_a_file_that_mixes_both_is_refused_at_each_line_without_its_0():
    text = "3 1\n2 1 2 0\n3 2\n1 3 1 0\n2 2\n0\n" + NAMES
    found = check(text)
    assert [(e.line, e.kind) for e in found.errors] == [(3, "missing closing 0"), (5, "missing closing 0")]
    assert "but 2 other ballot lines have one" in found.errors[0].reason
    assert found.broken == {"missing closing 0": 5}
    e = read_blt_text(text, missing_zero="accept")  # the caller can take such a file knowingly
    assert e.total_ballots == 8
    assert check(text, missing_zero="accept").lines_without_zero == 2
