"""load_ballots and count_ballots from the shell."""

import io

import pytest
from django.core.management import CommandError, call_command

from ballots.results.models import BallotSet, Count
from tests.ballots.results.factories import blt
from tests.ballots.results.test_counts import synth


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_loads_a_synthetic_file_by_position_with_a_progress_bar(tmp_path, election, rita):
    from tests.ballots.results.factories import small_section

    section = small_section(election, names=[(f"P{i:02d}", "woman") for i in range(24)], seats=9, min_women=4)
    path = tmp_path / "nec.blt"
    path.write_bytes(synth(2000))
    out, err = run("load_ballots", str(section.pk), str(path), "--user", "rita", "--by-position")
    ballot_set = BallotSet.objects.get()
    assert ballot_set.ballots_total == 2000 and ballot_set.mapping == "position"
    assert "Candidate 01 -> P00" in out
    assert "Checking [" in err and "100.0%" in err
    out, _err = run("count_ballots", str(ballot_set.pk), "--user", "rita", "--seed", "1")
    assert Count.objects.get().status == "done" and "1. " in out


def test_it_lists_broken_lines_and_stores_nothing(tmp_path, section, rita):
    path = tmp_path / "bad.blt"
    path.write_bytes(blt(["Ann Able", "Bob Baker", "Cat Cole", "Dan Dean", "Eve Ennis"], ["1 1 1 0", "1 2 0", "1 6 0"]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was stored"):
        call_command("load_ballots", str(section.pk), str(path), "--user", "rita", stdout=io.StringIO(), stderr=err)
    assert "line 2: candidate 1 appears twice" in err.getvalue() and "line 4: unknown candidate 6" in err.getvalue()
    assert BallotSet.objects.count() == 0


def test_it_refuses_a_user_who_is_not_a_returning_officer(tmp_path, section, good_blt, alice):
    path = tmp_path / "ok.blt"
    path.write_bytes(good_blt)
    with pytest.raises(CommandError, match="Only the returning officers"):
        run("load_ballots", str(section.pk), str(path), "--user", "alice")


@pytest.mark.parametrize("args, message", [
    (["999", "x.blt", "--user", "rita"], "No section"),
    (["{section}", "/no/such/file", "--user", "rita"], "No such file"),
    (["{section}", "x.blt", "--user", "ghost"], "No user"),
])  # fmt: skip
def test_it_refuses_bad_arguments(section, rita, args, message):
    with pytest.raises(CommandError, match=message):
        run("load_ballots", *[a.format(section=section.pk) for a in args])
