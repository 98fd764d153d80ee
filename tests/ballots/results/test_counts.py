"""Counts: stored inputs, byte-for-byte repeatable results, recounts, failures, background runs."""

import io
import json
import subprocess
import sys

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage

from ballots.counting.version import ENGINE_VERSION
from ballots.results import selectors, services
from ballots.results.models import Count
from tests.conftest import ROOT


def test_a_count_stores_its_inputs_and_the_full_result(count, ballot_set, rita):
    assert count.status == "done"
    assert (count.input_sha256, count.method, count.seats, count.min_women, count.seed) == (
        ballot_set.sha256,
        "ers97",
        2,
        1,
        7,
    )
    assert count.engine_version == ENGINE_VERSION and count.run_by == rita
    assert count.women == ["Ann Able", "Cat Cole", "Eve Ennis"]
    result = json.loads(count.result_json)
    assert result["quota"] == "5.67"  # 17 / 3 = 5.666.. rounded up to hundredths (ERS97 5.1.6)
    assert result["elected"] == count.elected and len(count.elected) == 2
    assert result["stages"][0]["tallies"]["Ann Able"] == "3.00"  # the first line: 3 ballots, Ann first


def test_the_same_inputs_give_the_same_result_byte_for_byte(count, ballot_set, rita):
    again = services.count_request(user=rita, ballot_set=ballot_set, seed=7)
    again.refresh_from_db()
    assert again.result_json == count.result_json
    assert again.result_sha256 == count.result_sha256


def test_a_recount_needs_a_reason(count, ballot_set, rita):
    with pytest.raises(ValidationError, match="needs a reason"):
        services.count_request(user=rita, ballot_set=ballot_set, recount_of=count, reason="  ")


def test_the_sheet_compares_recounts_with_the_original(count, ballot_set, rita):
    recount = services.count_request(
        user=rita, ballot_set=ballot_set, seed=7, recount_of=count, reason="Candidate asked"
    )
    other = services.count_request(
        user=rita, ballot_set=ballot_set, seed=7, method="scottish", recount_of=count, reason="Compare rules"
    )
    rows = {a.count.pk: a for a in selectors.agreement(count, selectors.counts_of_source(count))}
    assert rows[recount.pk].identical and rows[recount.pk].same_elected and rows[recount.pk].same_tallies
    assert rows[other.pk].identical is False and rows[other.pk].same_tallies is False


def test_a_tampered_stored_file_fails_the_count_with_the_reason(ballot_set, rita):
    with default_storage.open(ballot_set.file.name, "wb") as f:
        f.write(b'5 2\n1 1 0\n0\n"Ann Able"\n"Bob Baker"\n"Cat Cole"\n"Dan Dean"\n"Eve Ennis"\n')
    count = services.count_request(user=rita, ballot_set=ballot_set)
    count.refresh_from_db()
    assert count.status == "failed"
    assert "has changed since it was loaded" in count.error


@pytest.mark.parametrize(
    "kwargs, field",
    [({"seats": 5}, "seats"), ({"min_women": 3, "seats": 2}, "min_women"), ({"method": "nonsense"}, "method")],
)
def test_it_refuses_impossible_count_parameters(ballot_set, rita, kwargs, field):
    with pytest.raises(ValidationError) as caught:
        services.count_request(user=rita, ballot_set=ballot_set, **kwargs)
    assert field in caught.value.message_dict
    assert Count.objects.count() == 0


@pytest.mark.parametrize("who", ["alice", "otto", "nobody"])
def test_only_returning_officers_and_staff_run_counts(ballot_set, who, request):
    with pytest.raises(PermissionDenied, match="run a count"):
        services.count_request(user=request.getfixturevalue(who), ballot_set=ballot_set)


def synth(ballots: int) -> bytes:
    tool = ROOT / "benchmarks" / "synth_election.py"
    args = [sys.executable, str(tool), "--ballots", str(ballots), "--candidates", "24", "--seats", "9", "--seed", "1"]
    return subprocess.run(args, check=True, capture_output=True).stdout


@pytest.fixture
def nec_section(election):
    from tests.ballots.results.factories import small_section

    names = [(f"Person {chr(65 + i)}", "woman" if i % 2 else "man") for i in range(24)]
    return small_section(election, names=names, seats=9, min_women=4)


def test_a_synthetic_130000_ballot_election_loads_by_position_and_counts_by_ers97(nec_section, rita):
    data = synth(130_000)
    ballot_set = services.ballot_set_load(
        section=nec_section, user=rita, fileobj=io.BytesIO(data), filename="nec.blt", mapping="position"
    )
    assert ballot_set.ballots_total == 130_000
    assert ballot_set.candidate_map[0][:1] == ["Candidate 01"] and ballot_set.candidate_map[0][2] == "Person A"
    count = services.count_request(user=rita, ballot_set=ballot_set, seed=1)
    count.refresh_from_db()
    assert count.status == "done", count.error
    assert json.loads(count.result_json)["quota"] == "13000.00"  # 130,000 / 10
    assert len(count.elected) == 9
    women = set(count.women)
    assert sum(name in women for name in count.elected) >= 4


def test_a_candidate_withdrawn_on_the_platform_is_withdrawn_in_the_count(section, ballot_set, rita):
    section.candidates.filter(display_name="Bob Baker").update(withdrawn=True)
    count = services.count_request(user=rita, ballot_set=ballot_set)
    count.refresh_from_db()
    assert count.withdrawn == ["Bob Baker"]
    assert "Bob Baker" not in count.elected
    assert json.loads(count.result_json)["withdrawn"] == ["Bob Baker"]


@pytest.mark.parametrize("method, seats", [
    ("ers97", 2), ("scottish", 2), ("meek", 2), ("wigm", 2), ("fptp", 1), ("block", 2), ("av", 1),
])  # fmt: skip
def test_every_engine_method_counts_a_ballot_set_and_the_sheet_renders(client_for, ballot_set, rita, method, seats):
    count = services.count_request(user=rita, ballot_set=ballot_set, method=method, seats=seats, min_women=1)
    count.refresh_from_db()
    assert count.status == "done", count.error
    assert len(count.elected) == seats and json.loads(count.result_json)["method"]
    page = client_for(rita).get(count.get_absolute_url()).content.decode()
    assert page.count("<li>") >= seats
