import dataclasses
import hashlib
import io
from pathlib import Path

import pytest
from engine_helpers import STV_DATA

from ballots.counting.blt import BltError, check_blt_stream, read_blt, read_blt_text, write_blt
from ballots.counting.model import Ballot

STV = STV_DATA


def _conformance_files():
    if not STV.is_dir():
        return []
    return sorted(STV.glob("**/*.blt"))


def test_it_reads_a_plain_file():
    e = read_blt_text('3 2\n4 1 2 0\n2 3 0\n1 1 2 0\n0\n"Ann"\n"Bob"\n"Cat"\n"Title"\n')
    assert e.candidates == ("Ann", "Bob", "Cat") and e.seats == 2 and e.title == "Title"
    # Identical rankings are merged: 4 + 1 papers for Ann, Bob.
    assert e.ballots == (Ballot(5, ((0,), (1,))), Ballot(2, ((2,),)))
    assert e.total_ballots == 7


def test_it_hashes_the_bytes_as_read():
    text = b'2 1\n1 1 0\n0\n"A"\n"B"\n"T"'
    assert read_blt_text(text).input_sha256 == hashlib.sha256(text).hexdigest()


def test_it_accepts_the_quirks_of_real_files():
    text = (
        "# exported by hand\n"
        "4 2\n"
        "[nick a b c d]\n"
        "[tie d c b a]\n"
        "[withdrawn b]\n"
        "-3\n"
        "35 1 2\n"  # no closing 0 ...
        "(ballot-7) 2 a c=d\n"  # ... on any line (consistent); ballot id, nicknames, equal ranks
        "# a comment among the ballots\n"
        "0\n"
        "Ann SMITH (Lab)\n"  # unquoted, party in brackets
        '"Bob" "Green"\n'  # second quoted string ignored
        '"Cat"\n'
        '"Dan"\n'
        "Ward 1"  # title without a final newline
    )
    e = read_blt_text(text)
    assert e.candidates == ("Ann SMITH (Lab)", "Bob", "Cat", "Dan")
    assert e.withdrawn == frozenset({1, 2})
    assert e.options == {"nick": "a b c d", "tie": "4 3 2 1"}
    assert e.ballots == (Ballot(35, ((0,), (1,))), Ballot(2, ((0,), (2, 3))))
    assert e.title == "Ward 1"


def test_it_accepts_windows_line_endings():
    e = read_blt_text(b'2 1\r\n3 1 2 0\r\n0\r\n"A"\r\n"B"\r\n"T"\r\n')
    assert e.ballots == (Ballot(3, ((0,), (1,))),) and e.title == "T"


def test_it_ignores_lines_after_the_title():
    e = read_blt_text('1 1\n1 1 0\n0\n"A"\n"T"\nFirst Prefs\n 0119 32\n')
    assert e.title == "T"


@pytest.mark.parametrize(
    "text, line, reason",
    [
        ("", 0, "the file is empty"),
        ("3\n", 1, "number of candidates and of seats"),
        ("x 2\n", 1, "not a whole number"),
        ("3 0\n0\n", 1, "seats must be at least 1"),
        ('2 1\n1 3 0\n0\n"A"\n"B"\n', 2, "unknown candidate 3: the candidates are numbered 1-2"),
        ('2 1\n1 1 0\n1 1 1 0\n0\n"A"\n"B"\n', 3, "candidate 1 appears twice"),
        ('2 1\n1 1 0\n1 2=2 0\n0\n"A"\n"B"\n', 3, "appears twice"),
        ('2 1\n0 1 0\n0\n"A"\n"B"\n', 2, "weight must be positive"),
        ('2 1\n-1 1 0\n0\n"A"\n"B"\n', 2, "withdrawn line holds '1'"),
        ('2 1\n1 1 0\n-1 1 0\n0\n"A"\n"B"\n', 3, "not a whole number"),
        ('2 1\n1.5 1 0\n0\n"A"\n"B"\n', 2, "not a whole number"),
        ('2 1\n1 1 x 0\n0\n"A"\n"B"\n', 2, "unknown candidate 'x'"),
        ('2 1\n1 1 0 2\n0\n"A"\n"B"\n', 2, "after the closing 0"),
        ('2 1\n1 1 0\n0\n"A"\n', 4, "1 candidate names given for 2"),
        ("2 1\n1 1 0\n0\n", 0, "0 candidate names given for 2"),
        ('2 1\n1 1 0\n"A"\n"B"\n', 3, "not a whole number"),  # no closing 0: the names are junk
        ("2 1\n-3\n0\n", 2, "numbered 1-2"),
        ("2 1\n[nick a]\n0\n", 2, "1 nicknames for 2"),
        ('2 1\n[tie a b]\n0\n"A"\n"B"\n', 2, "unknown candidate 'a'"),
        ('2 1\n1 1 0\n0\n"A\n"B"\n', 4, "no closing quote"),
    ],
)
def test_it_refuses_broken_files_with_the_line_and_reason(text, line, reason):
    with pytest.raises(BltError) as info:
        read_blt_text(text)
    assert info.value.line == line
    assert reason in info.value.reason


def test_it_reports_the_first_bad_line_even_when_a_later_line_repeats_it():
    text = '2 1\n1 1 0\n1 9 0\n1 1 0\n1 8 0\n1 9 0\n0\n"A"\n"B"\n"T"\n'
    with pytest.raises(BltError) as info:
        read_blt_text(text)
    assert info.value.line == 3


def test_it_round_trips_through_the_writer():
    text = '4 2\n[nick a b c d]\n-2\n3 a c=d 0\n1 4 0\n2 0\n0\n"A"\n"B"\n"C"\n"D"\n"T"\n'
    e = read_blt_text(text)
    again = read_blt_text(write_blt(e))
    assert dataclasses.replace(again, input_sha256=e.input_sha256) == e


def test_it_streams_large_files_in_chunks(tmp_path, monkeypatch):
    import ballots.counting.blt as blt

    monkeypatch.setattr(blt, "CHUNK", 7)  # lines straddle every chunk boundary
    lines = ["3 2"] + [f"{i % 3 + 1} {i % 3 + 1} {(i + 1) % 3 + 1} 0" for i in range(200)]
    text = "\n".join(lines + ["0", '"A"', '"B"', '"C"', '"T"'])
    path = tmp_path / "e.blt"
    path.write_text(text)
    e = read_blt(path)
    assert e.total_ballots == sum(i % 3 + 1 for i in range(200))
    assert e.title == "T" and len(e.ballots) == 3
    with pytest.raises(BltError) as info:
        read_blt_text(text.replace("2 2 3 0", "2 2 2 0", 1))
    assert info.value.line == 3


@pytest.mark.parametrize("other", ["01 1 2 0", "1 1 2 0\r", "1  1 2 0", "2 1 2 0", "1 1 2", "1 1 2 0 # again"])
def test_lines_spelt_differently_with_one_ranking_are_merged(other):
    # Lines written "1 ... 0" with single spaces are distinct rankings when distinct, and are
    # read without merging; any other spelling of the same ranking must still be merged.
    missing_zero = "accept" if not other.endswith(("0", "0\r", "again")) else "consistent"
    e = read_blt_text(f'2 1\n1 1 2 0\n1 2 0\n{other}\n0\n"A"\n"B"\n"T"\n', missing_zero=missing_zero)
    weight = 2 if other.startswith("2") else 1
    assert [(b.weight, b.ranking) for b in e.ballots] == [(1 + weight, ((0,), (1,))), (1, ((1,),))]


@pytest.mark.parametrize("chunk", [7, 64, 1 << 22])
def test_lines_after_the_closing_0_are_not_counted_even_when_they_repeat_ballot_lines(monkeypatch, chunk):
    import ballots.counting.blt as blt

    monkeypatch.setattr(blt, "CHUNK", chunk)
    # Ballot lines are counted a chunk at a time, the closing 0 found among them afterwards:
    # the lines from it on (here, junk after the title repeating ballot lines) come out again.
    text = '2 1\n1 1 0\n1 2 0\n1 1 0\n0\n"A"\n"B"\n"T"\n1 1 0\n1 1 0\n3 2 0\n1 2 1 0\n'
    e = read_blt_text(text)
    assert [(b.weight, b.ranking) for b in e.ballots] == [(2, ((0,),)), (1, ((1,),))]
    found = check_blt_stream(io.BytesIO(text.encode()))
    assert found.ok and found.ballot_lines == 3 and found.rankings == {((0,),): 2, ((1,),): 1}


@pytest.mark.parametrize("path", _conformance_files(), ids=lambda p: p.name)
def test_it_reads_every_conformance_file(path: Path):
    e = read_blt(path, missing_zero="accept" if path.name == "ers97.blt" else "consistent")
    assert len(e.candidates) >= e.seats >= 1
    assert e.total_ballots > 0 and e.title
    again = read_blt_text(write_blt(e))
    assert dataclasses.replace(again, input_sha256=e.input_sha256) == e


def test_conformance_data_is_present():
    assert STV.is_dir(), f"conformance data missing: {STV} (copy it from shared/conformance/stv)"
    assert len(_conformance_files()) >= 20
