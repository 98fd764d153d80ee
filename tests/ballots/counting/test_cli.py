"""The command line, run as a returning officer would run it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
BLT = '4 2\n40 1 2 0\n30 2 0\n20 3 0\n10 4 3 0\n0\n"Ann"\n"Bob"\n"Cat"\n"Dan"\n"CLP test"\n'


def run(*args, hashseed="0"):
    env = dict(os.environ, PYTHONHASHSEED=hashseed)
    return subprocess.run(
        [sys.executable, "-m", "ballots.counting", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def blt(tmp_path):
    path = tmp_path / "clp.blt"
    path.write_text(BLT)
    return path


def test_it_counts_a_blt_file_to_json(blt):
    out = run(blt, "--method", "ers97", "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    # 100 papers, 2 seats: quota 33.34; Ann 40 elected at stage 1.
    assert data["quota"] == "33.34" and data["elected"][0] == "Ann"


def test_output_is_byte_identical_across_processes(blt):
    outs = {
        run(blt, "--method", "ers97", "--format", fmt, "--seed", "3", hashseed=h).stdout
        for fmt in ("json",)
        for h in ("1", "2", "3")
    }
    assert len(outs) == 1


def test_it_reads_csv_ballots_with_seats_given(tmp_path):
    path = tmp_path / "votes.csv"
    path.write_text("Ann,Bob\n1,2\n1,\n,1\n")
    out = run(path, "--method", "fptp", "--seats", "1", "--format", "csv")
    assert out.returncode == 0 and out.stdout.startswith("candidate,stage 1")


def test_the_gender_minimum_from_the_command_line(blt):
    out = run(blt, "--method", "block", "--min-women", "1", "--women", "Cat,Dan", "--format", "json")
    assert out.returncode == 0, out.stderr
    # Block with 2 votes each: Ann 40, Bob 70, Cat 30, Dan 10 -> top two Bob, Ann; Cat replaces Ann.
    assert json.loads(out.stdout)["elected"] == ["Bob", "Cat"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["{blt}", "--method", "borda"], "invalid choice: 'borda'"),
        (["{blt}"], "the following arguments are required: --method"),
        (["{dir}/missing.blt", "--method", "ers97"], "No such file or directory"),
        (
            ["{dir}/bad.blt", "--method", "ers97"],
            "bad.blt: line 2: unknown candidate 9: the candidates are numbered 1-2",
        ),
        (["{dir}/votes.txt", "--method", "ers97"], "unknown file type"),
        (["{dir}/votes.csv", "--method", "fptp"], "give --seats"),
        (["{blt}", "--method", "ers97", "--seats", "0"], "--seats must be at least 1"),
        (["{blt}", "--method", "ers97", "--min-women", "3", "--women", "Ann"], "exceeds the seats"),
        (["{blt}", "--method", "ers97", "--min-women", "1", "--women", "Zed"], "unknown candidate"),
        (["{blt}", "--method", "av"], "one place"),
        (["{blt}", "--method", "ers97", "--seed", "x"], "invalid int value: 'x'"),
        (["{dir}/huge.blt", "--method", "ers97"], "huge.blt: line 1: the file says 999,999,999 candidates"),
        (["{dir}/mixed.blt", "--method", "ers97"], "mixed.blt: line 3: this ballot line has no closing 0"),
        (["{dir}/latin1.blt", "--method", "ers97"], "latin1.blt: line 4: not utf-8 text"),
        (["{blt}", "--method", "ers97", "--encoding", "no-such-codec"], "cannot be read as 'no-such-codec'"),
    ],
)
def test_bad_arguments_and_files_give_one_line_and_status_2(tmp_path, blt, args, message):
    (tmp_path / "bad.blt").write_text('2 1\n1 9 0\n0\n"A"\n"B"\n')
    (tmp_path / "votes.txt").write_text("x")
    (tmp_path / "votes.csv").write_text("A,B\n1,2\n")
    (tmp_path / "huge.blt").write_bytes(b"999999999 1\n1 1 0\n0\n")  # 28 bytes
    (tmp_path / "mixed.blt").write_text('2 1\n1 1 0\n2 2\n0\n"A"\n"B"\n')
    (tmp_path / "latin1.blt").write_bytes(b'2 1\n1 1 0\n0\n"Ren\xe9e"\n"B"\n')
    args = [a.format(blt=blt, dir=tmp_path) for a in args]
    out = run(*args)
    assert out.returncode == 2
    assert out.stdout == ""
    assert out.stderr.count("\n") == 1 and message in out.stderr, out.stderr
    assert "Traceback" not in out.stderr


def test_reading_options_and_the_zero_vote_option_from_the_command_line(tmp_path):
    latin1 = tmp_path / "latin1.blt"
    latin1.write_bytes(b'3 2\n1 1 2\n2 1\n0\n"Ren\xe9e"\n"Bob"\n"Cat"\n"T"\n')
    out = run(latin1, "--method", "fptp", "--encoding", "cp1252", "--format", "json")
    data = json.loads(out.stdout)
    # Renée 3 votes; Bob and Cat none: one of them fills the second place, and the sheet says so.
    assert data["candidates"] == ["Renée", "Bob", "Cat"] and len(data["elected"]) == 2
    assert "no votes but is elected" in data["stages"][0]["notes"][0]
    out = run(latin1, "--method", "fptp", "--encoding", "cp1252", "--zero-vote-places", "unfilled", "--format", "json")
    data = json.loads(out.stdout)
    assert data["elected"] == ["Renée"] and data["parameters"]["zero_vote_places"] == "unfilled"


def test_flows_are_in_the_json_only_when_asked(blt):
    plain = json.loads(run(blt, "--method", "ers97", "--format", "json").stdout)
    detailed = json.loads(run(blt, "--method", "ers97", "--format", "json", "--flows").stdout)
    assert "flows" not in plain["stages"][1] and detailed["stages"][1]["flows"] == [
        {"source": "Dan", "kind": "candidate", "to": {"Cat": "10.00"}, "non_transferable": "0.00", "loss": "0.00"}
    ]


def test_the_library_entry_point():
    from engine_helpers import election

    from ballots.counting import CountOptions, count

    r = count(election("AB", 1, (3, "A"), (2, "B")), "fptp", CountOptions())
    assert r.elected == ("A",)
