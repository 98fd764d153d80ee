"""What recording flows (``Stage.flows``, issue 14) costs a count: the same counts with the
recorder's methods made no-ops, in the same process, alternating. Run by hand, never in CI.

    python benchmarks/flows_cost.py FILE [--runs 5] [--methods ers97,scottish,wigm,meek]

Prints, per method, the median count time (process CPU) with flows recorded and with the
recorder doing nothing (the flows then come out empty; nothing else changes).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ballots.counting import CountOptions, count, meek, papers  # noqa: E402
from ballots.counting.blt import read_blt  # noqa: E402

REAL = {name: getattr(papers.FlowRecorder, name) for name in ("to", "nontransferable", "loss")}
MEEK_FLOWS = meek.MeekCount.flows  # Meek follows each stage's two sharings-out down the tree


def recording(on: bool) -> None:
    for name, fn in REAL.items():
        setattr(papers.FlowRecorder, name, fn if on else (lambda self, *args: None))
    meek.MeekCount.flows = MEEK_FLOWS if on else (lambda self, old, new: ())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--methods", default="ers97,scottish,wigm,meek")
    args = ap.parse_args()
    election = read_blt(args.file)
    for method in args.methods.split(","):
        got: dict[bool, list[float]] = {True: [], False: []}
        for _ in range(args.runs):
            for on in (True, False):
                recording(on)
                t = time.process_time()
                count(election, method, CountOptions())
                got[on].append(time.process_time() - t)
        recording(True)
        with_, without = statistics.median(got[True]), statistics.median(got[False])
        print(f"{method:9} flows recorded {with_:.3f} s, recorder off {without:.3f} s, cost {with_ - without:+.3f} s")


if __name__ == "__main__":
    main()
