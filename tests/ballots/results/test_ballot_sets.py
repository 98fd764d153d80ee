"""Loading ballot files: everything is validated first; a broken file stores nothing."""

import hashlib
import io
import os

import pytest
from django.core.exceptions import PermissionDenied

from ballots.results import services
from ballots.results.models import BallotSet
from elections.models import AuditEntry
from tests.ballots.results.factories import blt

NAMES = ["Ann Able", "Bob Baker", "Cat Cole", "Dan Dean", "Eve Ennis"]


def load(section, user, data, **kwargs):
    return services.ballot_set_load(section=section, user=user, fileobj=io.BytesIO(data), filename="f.blt", **kwargs)


def test_it_stores_a_valid_file_with_its_hash_counts_and_loader(section, rita, good_blt, settings):
    ballot_set = load(section, rita, good_blt)
    assert ballot_set.sha256 == hashlib.sha256(good_blt).hexdigest()
    assert (ballot_set.ballots_total, ballot_set.ballots_valid, ballot_set.ballots_invalid) == (17, 17, 0)
    assert ballot_set.loaded_by == rita
    assert [row[2] for row in ballot_set.candidate_map] == NAMES
    with open(os.path.join(settings.MEDIA_ROOT, ballot_set.file.name), "rb") as f:
        assert f.read() == good_blt


def test_it_counts_blank_ballots_as_invalid_in_the_report(section, rita):
    ballot_set = load(section, rita, blt(NAMES, ["3 1 2 0", "2 0"]))
    assert (ballot_set.ballots_total, ballot_set.ballots_valid, ballot_set.ballots_invalid) == (5, 3, 2)
    assert ballot_set.report["invalid_reasons"] == {"no preferences marked": 2}


def test_a_broken_file_stores_nothing_and_lists_every_broken_line(section, rita, settings):
    data = blt(NAMES, ["3 1 2 0", "2 1 1 0", "1 2 9 0", "4 3 0", "1 x 2 0", "2 4 4 0"])
    with pytest.raises(services.BallotFileRejected) as caught:
        load(section, rita, data)
    report = caught.value.report.as_dict()
    assert [p["line"] for p in report["problems"]] == [3, 4, 6, 7]
    assert "appears twice" in report["problems"][0]["reason"]
    assert "unknown candidate 9" in report["problems"][1]["reason"]
    assert report["invalid_reasons"] == {"duplicate preference": 4, "unknown candidate": 2}
    assert (report["ballots_total"], report["ballots_valid"], report["ballots_invalid"]) == (13, 7, 6)
    assert BallotSet.objects.count() == 0
    assert not os.path.exists(settings.MEDIA_ROOT / "ballot-sets") or not os.listdir(
        settings.MEDIA_ROOT / "ballot-sets"
    )


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"5 2\n1 1 2 0\n", "not closed"),
        (b"five 2\n1 1 0\n0\n", "number of candidates"),
        (b'5 2\n1 1 0\n0\n"Ann Able"\n', "names"),
    ],
)
def test_it_refuses_files_broken_outside_the_ballot_lines(section, rita, data, reason):
    with pytest.raises(services.BallotFileRejected) as caught:
        load(section, rita, data)
    text = " ".join(caught.value.report.errors + [p[1] for p in caught.value.report.problems])
    assert reason in text
    assert BallotSet.objects.count() == 0


def test_it_refuses_names_that_are_not_candidates_and_lists_them(section, rita):
    data = blt(["Ann Able", "Bob Baker", "Zed Zane", "Dan Dean", "Eve Ennis"], ["1 1 0"])
    with pytest.raises(services.BallotFileRejected) as caught:
        load(section, rita, data)
    error = caught.value.report.errors[0]
    assert "Zed Zane" in error and "Cat Cole" in error
    assert BallotSet.objects.count() == 0


def test_it_maps_candidates_by_position_in_alphabetical_order(section, rita):
    data = blt([f"Candidate {i:02d}" for i in range(1, 6)], ["1 1 0"])
    ballot_set = load(section, rita, data, mapping="position")
    assert [(row[0], row[2]) for row in ballot_set.candidate_map] == [
        ("Candidate 01", "Ann Able"), ("Candidate 02", "Bob Baker"), ("Candidate 03", "Cat Cole"),
        ("Candidate 04", "Dan Dean"), ("Candidate 05", "Eve Ennis"),
    ]  # fmt: skip
    assert "by position" in ballot_set.report["warnings"][0]


def test_mapping_by_position_refuses_a_different_number_of_candidates(section, rita):
    with pytest.raises(services.BallotFileRejected) as caught:
        load(section, rita, blt(["A", "B"], ["1 1 0"]), mapping="position")
    assert "needs the same number" in caught.value.report.errors[0]


def test_it_refuses_the_same_file_twice(section, rita, good_blt):
    first = load(section, rita, good_blt)
    with pytest.raises(services.BallotFileRejected) as caught:
        load(section, rita, good_blt)
    assert f"already loaded as ballot set {first.pk}" in caught.value.report.errors[0]


def test_a_refused_upload_is_in_the_audit_log(section, rita):
    with pytest.raises(services.BallotFileRejected):
        load(section, rita, b"")
    assert AuditEntry.objects.filter(action="ballot_set.refused", actor=rita).count() == 1


@pytest.mark.parametrize("who", ["alice", "otto", "nobody", "sam"])
def test_only_returning_officers_and_staff_may_load(section, who, good_blt, request):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied, match="Only the returning officers of NEC 2026 and staff can load ballots"):
        load(section, user, good_blt)
    assert BallotSet.objects.count() == 0


def test_staff_may_load(section, stella, good_blt):
    assert load(section, stella, good_blt).loaded_by == stella


def test_it_warns_when_the_file_gives_a_different_number_of_seats(section, rita):
    ballot_set = load(section, rita, blt(NAMES, ["1 1 0"], seats=3))
    assert "The file says 3 seats; NEC 2026 — CLP section has 2" in ballot_set.report["warnings"][0]
