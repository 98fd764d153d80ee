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


# -- every broken row, bounds, text ------------------------------------------------------------
def test_checking_lists_every_broken_row_with_its_kind():
    from ballots.counting.csvballots import check_csv_bytes

    found = check_csv_bytes("A,B\n1,1\n1,2\n,7\n1,2,3\n2,1\n", seats=1)
    assert not found.ok
    assert [(e.row, e.kind) for e in found.errors] == [
        (2, "duplicate preference"),
        (4, "unknown candidate"),
        (5, "malformed row"),
    ]
    assert found.broken == {"duplicate preference": 1, "unknown candidate": 1, "malformed row": 1}
    assert (found.rows, found.ballots_read) == (5, 2)
    good = check_csv_bytes("A,B\n1,2\n", seats=1)
    assert good.ok and good.election == read_csv_bytes("A,B\n1,2\n", seats=1)


@pytest.mark.parametrize(
    "text, row, reason",
    [
        ("A,B\n1," + "9" * 5000 + "\n", 2, "rank 999999999999… is outside 1-2"),
        ("A,B\n1,2" + ",," * 600 + "\n", 2, "1202 cells but only 2 candidate columns"),
        (",".join(f"C{i}" for i in range(1001)) + "\n", 1, "names 1,001 candidates; at most 1,000"),
        ("A," + "x" * 201 + "\n", 1, "a name of 201 characters"),
        ('A,B\n"1' + "2" * 200_000 + '"\n', 2, "cannot be read as CSV"),
    ],
)
def test_every_number_and_length_in_a_csv_is_bounded(text, row, reason):
    with pytest.raises(CsvBallotError) as info:
        read_csv_bytes(text, seats=1)
    assert info.value.row == row and reason in info.value.reason


def test_a_csv_that_is_not_utf8_is_refused_with_the_line_or_read_as_declared():
    data = b"A,B\n1,2\n" + "Renée,1\n".encode("cp1252")
    with pytest.raises(CsvBallotError) as info:
        read_csv_bytes(data, seats=1)
    assert info.value.row == 3 and "not utf-8 text (byte 0xe9)" in info.value.reason
    header = "Renée  Dupont ,Bob\n1,2\n".encode("cp1252")
    e = read_csv_bytes(header, seats=1, encoding="cp1252")
    assert e.candidates == ("Renée Dupont", "Bob") and e.written_names == ("Renée  Dupont ", "Bob")


def test_cr_only_line_endings_are_read():
    assert read_csv_bytes("A,B\r1,2\r2,1\r", seats=1).total_ballots == 2
