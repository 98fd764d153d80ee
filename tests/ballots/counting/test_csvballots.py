import hashlib

import pytest

from ballots.counting.csvballots import CsvBallotError, read_csv_ballots, read_csv_bytes
from ballots.counting.model import Ballot


def test_it_reads_one_paper_per_row_and_merges_identical_rankings():
    e = read_csv_bytes("Ann,Bob,Cat\n1,2,\n,1,2\n1,2,\n2,1,3\n", seats=2, title="CLP")
    assert e.candidates == ("Ann", "Bob", "Cat") and e.seats == 2 and e.title == "CLP"
    assert e.ballots == (
        Ballot(2, ((0,), (1,))),
        Ballot(1, ((1,), (2,))),
        Ballot(1, ((1,), (0,), (2,))),
    )


def test_a_gap_ends_the_paper_by_default_and_can_be_refused():
    e = read_csv_bytes("A,B,C,D\n1,2,,4\n,2,3,\n", seats=1)
    assert e.ballots == (Ballot(1, ((0,), (1,))), Ballot(1, ()))  # no 1: no preferences
    with pytest.raises(CsvBallotError) as info:
        read_csv_bytes("A,B,C,D\n1,2,,4\n", seats=1, gaps="refuse")
    assert info.value.row == 2 and "rank 3 is missing" in info.value.reason


def test_blank_rows_are_blank_papers_and_short_rows_are_padded():
    e = read_csv_bytes("A,B\n,\n1\n", seats=1)
    assert e.ballots == (Ballot(1, ()), Ballot(1, ((0,),)))


def test_it_reads_a_file_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "count.csv"
    data = "\ufeffA,B\r\n2,1\r\n".encode("utf-8")
    path.write_bytes(data)
    e = read_csv_ballots(path, seats=1)
    assert e.candidates == ("A", "B") and e.title == "count"
    assert e.input_sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    "text, row, reason",
    [
        ("", 1, "must name the candidates"),
        ("A,,C\n", 1, "column 2 has no candidate name"),
        ("A,B,A\n", 1, "two columns"),
        ("A,B\n1,1\n", 2, "rank 1 is given twice"),
        ("A,B\n1,2\n1,x\n", 3, "'x' is not a rank number"),
        ("A,B\n1,2\n1,-2\n", 3, "'-2' is not a rank number"),
        ("A,B\n0,1\n", 2, "rank 0 is outside 1-2"),
        ("A,B\n1,3\n", 2, "rank 3 is outside 1-2"),
        ("A,B\n1,2,3\n", 2, "3 cells but only 2"),
    ],
)
def test_it_refuses_bad_rows_with_the_row_number(text, row, reason):
    with pytest.raises(CsvBallotError) as info:
        read_csv_bytes(text, seats=1)
    assert info.value.row == row and reason in info.value.reason


def test_it_refuses_a_column_that_is_not_a_candidate():
    with pytest.raises(CsvBallotError, match="unknown column 'Zed'"):
        read_csv_bytes("Ann,Zed\n1,2\n", seats=1, candidates={"Ann", "Bob"})
