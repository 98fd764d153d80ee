"""The upload check reads with the engine's one grammar (issue 10): missing closing 0s, validity
by the section's method, byte-order marks and names, as the engine decides them."""

import io

import pytest

from ballots.results import services
from ballots.results.models import BallotSet
from tests.ballots.results.factories import blt

NAMES = ["Ann Able", "Bob Baker", "Cat Cole", "Dan Dean", "Eve Ennis"]


def check(section, data):
    return services.ballot_set_check(section=section, fileobj=io.BytesIO(data), filename="f.blt")


def test_a_file_consistently_without_closing_zeros_is_accepted_and_the_report_counts_them(section):
    report, election = check(section, blt(NAMES, ["3 1 2", "2 3", "3 1 2"]))
    assert election is not None and report.accepted
    assert report.as_dict()["lines_without_zero"] == 3
    assert any("3 ballot lines have no closing 0" in w for w in report.warnings)
    assert (report.ballots_total, report.ballots_valid) == (8, 8)


def test_a_file_mixing_lines_with_and_without_closing_zeros_is_refused_at_each_line_without(section):
    report, election = check(section, blt(NAMES, ["3 1 2 0", "2 3", "1 4 0", "1 5"]))
    assert election is None and not report.accepted
    assert [line for line, _ in report.problems] == [3, 5]
    assert "has no closing 0, but 2 other ballot lines have one" in report.problems[0][1]


@pytest.mark.parametrize("method, valid, invalid", [("ers97", 4, 2), ("meek", 6, 0), ("block", 6, 0)])
def test_valid_and_invalid_papers_are_those_of_the_sections_method(section, method, valid, invalid):
    section.counting_method = method
    section.save()
    report, election = check(section, blt(NAMES, ["4 1 2 0", "2 1=3 2 0"]))
    assert election is not None
    assert (report.ballots_total, report.ballots_valid, report.ballots_invalid) == (6, valid, invalid)
    assert report.invalid_reasons == ({"equal first preferences": 2} if invalid else {})


def test_a_utf8_byte_order_mark_is_accepted_and_names_are_matched_normalised(section, rita):
    spaced = ["  Ann   Able ", "Bob Baker", "Cat  Cole", "Dan Dean", "Eve Ennis"]
    data = b"\xef\xbb\xbf" + blt(spaced, ["3 1 2 0", "2 3 0"])
    ballot_set = services.ballot_set_load(section=section, user=rita, fileobj=io.BytesIO(data), filename="f.blt")
    assert [row[0] for row in ballot_set.candidate_map] == NAMES  # the file's names, as the engine normalised them
    assert [row[2] for row in ballot_set.candidate_map] == NAMES
    assert ballot_set.ballots_total == 5


def test_a_file_that_is_not_utf8_is_refused_with_its_line_and_nothing_is_stored(section, rita):
    data = blt(NAMES, ["3 1 2 0"]).replace(b"Cat Cole", b"Cat C\xf6le")
    with pytest.raises(services.BallotFileRejected) as caught:
        services.ballot_set_load(section=section, user=rita, fileobj=io.BytesIO(data), filename="f.blt")
    problems = caught.value.report.problems
    assert problems and problems[0][0] == 6 and "UTF-8" in problems[0][1]
    assert BallotSet.objects.count() == 0
