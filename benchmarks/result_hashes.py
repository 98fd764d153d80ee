"""SHA-256 of every method's result reports on the benchmark and conformance files.

Run before and after a change to the engine: the lists must be identical (the platform stores
and hashes result JSON, so a refactor or a speed-up must not move a single byte).

    python benchmarks/result_hashes.py [--bench-dir DIR] [--skip-slow] > hashes.txt
    diff benchmarks/result-hashes.txt hashes.txt

``--bench-dir`` holds the synthetic files (made with benchmarks/synth_election.py --seats 9
--seed 1: ``synth-130k-24.blt`` = --ballots 130000 --candidates 24, ``synth-1m-40.blt`` =
--ballots 1000000 --candidates 40); absent files are skipped with a line saying so. Each line:
``file method variant options json-sha256 text-sha256 csv-sha256``.

``--without-zero-vote-notes`` hashes each result with the notes that name a candidate elected
without votes taken out (issue 10 added them): the only change the engine made on purpose to a
result since the list in ``result-hashes.txt`` was taken, so with it every line must match.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ballots.counting import CountOptions, count, meek, report, scottish, wigm  # noqa: E402
from ballots.counting.blt import read_blt  # noqa: E402

STV = ROOT / "tests" / "ballots" / "counting" / "data" / "stv"
# Exact Meek grows without bound on most profiles: rational runs only where droop has references.
RATIONAL = {"droop_sc-vm-12/SC-Vm-12.blt", "droop_sc/SC.blt", "stvrs_vegetables/vegetables.blt"}


def _read(path: Path):
    try:  # files that omit some closing 0s (ers97.blt) are read as the tests read them
        return read_blt(path, missing_zero="accept")
    except TypeError:
        return read_blt(path)


def runs(election, label: str, big: bool):
    """(method label, variant, options label, count function) for one election."""
    women = frozenset(n for i, n in enumerate(election.candidates) if i % 2 == 0)
    gender = CountOptions(min_women=min(4, election.seats), women=women, seed=3)
    plain = CountOptions()
    out = []
    for method in ("ers97", "scottish", "wigm", "meek", "fptp", "block"):
        out.append((method, "default", "seed0", lambda e, m=method: count(e, m, plain)))
        out.append((method, "default", "women-seed3", lambda e, m=method: count(e, m, gender)))
    out.append(("av", "default", "seats1", lambda e: count(e, "av", CountOptions(seats=1, seed=5))))
    if big:
        return out
    out.append(("scottish", "p3", "seed0", lambda e: scottish.count_with(e, plain, precision=3)))
    for variant in ("fixed", "guarded"):
        out.append(("meek", variant, "seed0", lambda e, v=variant: meek.count_with(e, plain, v)))
        out.append(("wigm", variant, "seed0", lambda e, v=variant: wigm.count_with(e, plain, variant=v)))
    if label in RATIONAL:
        out.append(("meek", "rational", "seed0", lambda e: meek.count_with(e, plain, "rational")))
        out.append(("wigm", "rational", "seed0", lambda e: wigm.count_with(e, plain, variant="rational")))
    return out


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _zero_vote_note(note: str) -> bool:
    return " no votes but " in note or " left unfilled: only " in note


def without_zero_vote_notes(result):
    stages = tuple(
        dataclasses.replace(s, notes=tuple(n for n in s.notes if not _zero_vote_note(n))) for s in result.stages
    )
    return dataclasses.replace(result, stages=stages)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench-dir", type=Path, default=Path("/work/peers/data"))
    ap.add_argument("--skip-slow", action="store_true", help="skip Meek on the 1,000,000-ballot file")
    ap.add_argument("--without-zero-vote-notes", action="store_true", help="hash results without those notes")
    args = ap.parse_args()
    files = [(p.relative_to(STV).as_posix(), p, False) for p in sorted(STV.glob("*/*.blt"))]
    for name in ("synth-130k-24.blt", "synth-1m-40.blt"):
        path = args.bench_dir / name
        if path.exists():
            files.append((name, path, True))
        else:
            print(f"# {path} absent: skipped", file=sys.stderr)
    for label, path, big in files:
        election = _read(path)
        for method, variant, opts, run in runs(election, label, big):
            if args.skip_slow and big and method == "meek" and "1m" in label:
                continue
            t = time.perf_counter()
            try:
                result = run(election)
                if args.without_zero_vote_notes:
                    result = without_zero_vote_notes(result)
            except Exception as exc:  # a refusal is a result too: its message must not move
                print(f"{label} {method} {variant} {opts} refused:{digest(type(exc).__name__ + str(exc))}")
                continue
            print(
                f"{label} {method} {variant} {opts} {digest(report.to_json(result))} "
                f"{digest(report.to_text(result))} {digest(report.to_csv(result))}",
                flush=True,
            )
            print(f"# {label} {method} {variant} {opts}: {time.perf_counter() - t:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
