"""How close the BLT reader is to what plain Python needs to read the same ballots (issue 16).

Never part of the test suite. In one process, alternating, ``--runs`` times each (the cyclic
collector off, as in the command line), on a canonical BLT file (``1 a b c 0`` lines, as
``synth_election.py`` writes):

- ``reader``: the engine's ``read_blt``, everything it does (bounds, validation, names, hash);
- the same work cut down to its plain-Python steps, each step including the ones before it:
  1. ``lines``: read the file, SHA-256, split into lines, count the ballot lines by their bytes
     (``Counter``);
  2. ``tokens``: split every distinct line into its tokens;
  3. ``rankings``: look every preference up (one ``itemgetter`` call a line), giving the same
     rankings as the reader with no check at all;
  4. ``checked``: and refuse a line that names a candidate twice (one set a line), the least
     the reader must check of every line.

The differences between steps say what each costs; ``reader`` minus ``checked`` is what the
reader spends beyond that least work. Prints medians in seconds.

    python benchmarks/reader_floor.py /work/peers/data/synth-1m-40.blt --runs 5
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import statistics
import sys
import time
from collections import Counter
from operator import itemgetter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ballots.counting.blt import read_blt


def _lines(path: str) -> tuple[int, Counter]:
    data = Path(path).read_bytes()
    hashlib.sha256(data).hexdigest()
    lines = data.split(b"\n")
    ncand = int(lines[0].split()[0])
    end = lines.index(b"0")
    return ncand, Counter(lines[1:end])


def floor(path: str, step: int) -> int:
    """The plain-Python steps up to ``step`` (1-4); returns how many rankings were made."""
    ncand, counts = _lines(path)
    if step == 1:
        return len(counts)
    rank_of = {str(c + 1).encode(): (c,) for c in range(ncand)}
    made = 0
    for line in counts:
        toks = line.split(b" ")
        if step == 2:
            continue
        del toks[0], toks[-1]  # the weight (1) and the closing 0
        if step == 4 and len({*toks}) != len(toks):
            raise ValueError(f"a candidate twice on {line!r}")
        itemgetter(*toks)(rank_of) if len(toks) > 1 else (rank_of[toks[0]],)
        made += 1
    return made


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file", help="a canonical BLT file (1 a b c 0 lines)")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    gc.disable()
    names = ("reader", "1 lines", "2 tokens", "3 rankings", "4 checked")
    jobs = [lambda: len(read_blt(args.file).ballots)] + [lambda s=s: floor(args.file, s) for s in (1, 2, 3, 4)]
    times: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(args.runs):
        for name, job in zip(names, jobs):
            t = time.process_time()
            job()
            times[name].append(time.process_time() - t)
    print(f"{args.file}: median CPU of {args.runs} runs, alternating, one process")
    for name in names:
        print(f"  {name:<12} {statistics.median(times[name]):.3f} s")


if __name__ == "__main__":
    main()
