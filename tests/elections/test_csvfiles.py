"""Every CSV the platform writes goes through one formula-safe writer (elections/csvfiles.py)."""

import csv
import io
from pathlib import Path

import pytest

from elections.csvfiles import csv_text, rewrite_safely, safe_cell

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("+cmd|'/C calc'!A0", "'+cmd|'/C calc'!A0"),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("＝1+1", "'＝1+1"),  # full-width equals: some spreadsheets read it as a formula
        ("Ayesha Rahman", "Ayesha Rahman"),
        ("", ""),  # empty cells stay empty (the transcript wrote a lone ' in every one)
        ("-12.50", "-12.50"),  # plain numbers are numbers, not formulas
        ("+7", "+7"),
        (42, 42),
        (None, None),
    ],
)
def test_a_cell_that_would_run_as_a_formula_is_written_as_text(cell, written):
    assert safe_cell(cell) == written


def test_csv_text_writes_every_cell_through_the_guard():
    rows = list(csv.reader(io.StringIO(csv_text([["name", "votes"], ["=1+1", 3], ["", ""]]))))
    assert rows == [["name", "votes"], ["'=1+1", "3"], ["", ""]]


def test_a_csv_written_elsewhere_is_rewritten_safely_and_otherwise_unchanged():
    clean = "candidate,stage 1\nAyesha,12.00\nnon-transferable,-1.50\n"
    assert rewrite_safely(clean) == clean
    assert (
        rewrite_safely("candidate,stage 1\n+cmd|'/C calc'!A0,3.00\n") == "candidate,stage 1\n'+cmd|'/C calc'!A0,3.00\n"
    )


def test_no_other_module_writes_csv():
    writers = [
        path.relative_to(ROOT).as_posix()
        for folder in ("elections", "ballots", "hustings", "config")
        for path in (ROOT / folder).rglob("*.py")
        if "csv.writer(" in path.read_text(encoding="utf-8") or "csv.DictWriter(" in path.read_text(encoding="utf-8")
    ]
    # The counting engine writes its own CLI format (no Django there); the platform rewrites it.
    assert sorted(writers) == ["ballots/counting/report.py", "elections/csvfiles.py"]
