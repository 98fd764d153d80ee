#!/usr/bin/env python3
"""Speed of the analysis on a large section (issue 14): run by hand, never in CI.

    python benchmarks/synth_election.py --ballots 130000 --seed 1 > /tmp/nec.blt
    python benchmarks/analysis_bench.py /tmp/nec.blt [--processes 2]

Times (wall clock, best of --repeat): the transfer and slate analysis of an ERS97 count (per-stage
flows, slate flows, first preferences, slate discipline: the file read and the count itself are
not part of it), then the four-rule sensitivity run (ERS97, Scottish STV, Meek, WIGM, as the
count worker runs it, in --processes processes; block vote separately). Prints the load average
before and after, as the figures mean little without it.
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ballots.analysis import flows, papers, sensitivity
from ballots.counting import CountOptions, count
from ballots.counting.blt import read_blt


def loadavg() -> str:
    try:
        return Path("/proc/loadavg").read_text().split(" ")[0:3].__str__()
    except OSError:
        return "unknown"


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("file")
    p.add_argument("--processes", type=int, default=2)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--slates", type=int, default=4, help="slates as synth_election.py draws them")
    a = p.parse_args()
    print(f"load average before: {loadavg()}")
    election = read_blt(a.file)
    groups = {n: f"Slate {i % a.slates + 1}" for i, n in enumerate(election.candidates)}
    options = CountOptions(seats=election.seats, seed=1)
    result = count(election, "ers97", options)
    print(f"{election.total_ballots:,} ballots ({len(election.ballots):,} distinct), {len(election.candidates)} candidates, "
          f"{election.seats} seats, {len(result.stages)} ERS97 stages")  # fmt: skip

    def analysis():
        flows.stage_flows(result)
        flows.slate_flows(result, groups)
        papers.first_preferences(election)
        papers.slate_discipline(election, groups)

    print(f"transfer and slate analysis: {best(analysis, a.repeat):.2f} s (best of {a.repeat})")
    four = ("ers97", "scottish", "meek", "wigm")
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=a.processes) as pool:
        comparison, _ = sensitivity.compare(election, options, four, "ers97", pool)
    print(f"four-rule sensitivity run, {a.processes} processes: {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    sensitivity.compare(election, options, ("block",), "block")
    print(f"block vote: {time.perf_counter() - start:.1f} s")
    print("elected differs under some rules:", ", ".join(comparison.differs) or "no one")
    print(f"load average after: {loadavg()}")


if __name__ == "__main__":
    main()
