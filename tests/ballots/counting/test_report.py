import csv
import io
import json

from engine_helpers import election

from ballots.counting import ers97, report, simple
from ballots.counting.model import CountOptions

# The deferred-surplus election of test_ers97 (worked by hand there).
E = election("ABCDEF", 2, (40, "A B"), (30, "B"), (20, "C"), (5, "D C"), (3, "E C"), (2, "F B"))


def test_json_has_the_agreed_shape_in_a_stable_order():
    data = json.loads(report.to_json(ers97.count(E, CountOptions(seed=9))))
    assert list(data) == [
        "method",
        "title",
        "seats",
        "candidates",
        "withdrawn",
        "valid_votes",
        "quota",
        "elected",
        "stages",
        "tiebreaks",
        "seed",
        "input_sha256",
        "parameters",
        "engine_version",
    ]
    assert data["method"] == "ers97" and data["quota"] == "33.34" and data["elected"] == ["A", "B"]
    assert data["seed"] == 9 and data["engine_version"]
    first = data["stages"][0]
    assert list(first)[:6] == ["number", "substage", "action", "tallies", "exhausted", "loss"]
    assert first["tallies"]["A"] == "40.00" and first["elected"] == ["A"]
    assert {"number", "action", "tallies", "exhausted", "elected", "excluded"} <= set(first)


def test_reports_are_byte_identical_across_runs():
    for fmt in ("json", "text", "csv"):
        outputs = {report.render(ers97.count(E, CountOptions(seed=4)), fmt) for _ in range(3)}
        assert len(outputs) == 1


def test_the_text_report_reads_like_a_result_sheet():
    text = report.to_text(ers97.count(E, CountOptions()))
    assert "Quota: 33.34" in text and "Valid votes: 100.00" in text
    assert "Non-transferable" in text and "Loss (rounding)" in text
    assert "40.00 E" in text  # A elected at stage 1
    assert "Elected, in order: A, B" in text
    assert "deferred (5.2.2)" in text


def test_the_csv_report_has_a_column_per_stage():
    rows = list(csv.reader(io.StringIO(report.to_csv(ers97.count(E, CountOptions())))))
    assert rows[0] == ["candidate", "stage 1", "stage 2", "stage 3"]
    assert rows[2] == ["A", "40.00", "40.00", "33.34"]
    assert rows[-2] == ["elected", "A", "", "B"]


def test_the_text_report_shows_ties_and_the_seed():
    e = election("ABC", 2, (5, "A"), (3, "B"), (3, "C"))
    text = report.to_text(simple.fptp(e, CountOptions(seed=5)))
    assert "Ties (seed 5)" in text and "[lot]" in text
