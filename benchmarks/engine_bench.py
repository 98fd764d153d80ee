"""Engine benchmark: parse + ERS97 + JSON, end to end, against peer STV libraries.

Never part of the test suite. Generates its data into a temporary directory (never committed)
with shared/tools/synth_election.py, then:

- ours: ``python -m ballots.counting FILE --method ers97 --format json`` in a fresh process,
  ``--runs`` times per file; the median wall time (interpreter start included) and the peak
  RSS of the child (``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` read in a wrapper
  process that runs nothing else);
- a phase breakdown (read BLT / count / JSON) measured inside one process;
- peers on the 130k file, once each: votekit STV, votekit FastSTV, pyrankvote (skipped with
  ``--quick``), run by ``peer_stv.py`` under ``--peer-python``.

    python benchmarks/engine_bench.py [--quick] [--runs 5] [--peer-python PATH]
    (or: bash benchmarks/run_engine.sh [--quick], which makes the peers' venv first)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SYNTH = HERE / "synth_election.py"
CASES = [("130k x 24 cand", 130_000, 24, 0.5, None), ("1M x 40 cand", 1_000_000, 40, 4.0, 1024)]

WRAPPER = """
import resource, subprocess, sys, time
t = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - t
if done.returncode:
    sys.exit(done.stderr.decode())
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(wall, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
"""

PHASES = """
import sys, time
sys.path.insert(0, sys.argv[2])
t0 = time.perf_counter()
from ballots.counting.blt import read_blt
from ballots.counting import ers97, report
from ballots.counting.model import CountOptions
t1 = time.perf_counter()
e = read_blt(sys.argv[1])
t2 = time.perf_counter()
r = ers97.count(e, CountOptions())
t3 = time.perf_counter()
out = report.to_json(r)
t4 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3, len(e.ballots))
"""


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"nproc {os.cpu_count()}, {model}, Python {platform.python_version()} "
        f"({platform.python_implementation()}), load average at start {load}"
    )


def generate(tmp: Path, ballots: int, candidates: int) -> Path:
    path = tmp / f"synth-{ballots}-{candidates}.blt"
    with path.open("wb") as out:
        subprocess.run(
            [
                sys.executable,
                str(SYNTH),
                "--ballots",
                str(ballots),
                "--candidates",
                str(candidates),
                "--seats",
                "9",
                "--seed",
                "1",
            ],
            stdout=out,
            check=True,
        )
    return path


def ours(path: Path, runs: int) -> tuple[float, float, float, float]:
    """Median and best wall seconds, median CPU seconds (user + system, less sensitive to a
    busy machine), and peak RSS in MiB, of the command-line count."""
    walls, cpus, peak = [], [], 0
    cmd = [sys.executable, "-m", "ballots.counting", str(path), "--method", "ers97", "--format", "json"]
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", WRAPPER, *cmd], cwd=ROOT, capture_output=True, text=True, check=True
        )
        wall, rss_kib, cpu = out.stdout.split()
        walls.append(float(wall))
        cpus.append(float(cpu))
        peak = max(peak, int(rss_kib))
    return statistics.median(walls), min(walls), statistics.median(cpus), peak / 1024


def phases(path: Path) -> list[float]:
    out = subprocess.run(
        [sys.executable, "-c", PHASES, str(path), str(ROOT)], capture_output=True, text=True, check=True
    )
    return [float(x) for x in out.stdout.split()]


def peer(python: str, name: str, path: Path) -> dict | None:
    try:
        out = subprocess.run(
            [python, str(HERE / "peer_stv.py"), name, str(path), "9"], capture_output=True, text=True, timeout=1800
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return {"peer": name, "error": str(exc)}
    if out.returncode:
        return {"peer": name, "error": out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "failed"}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="skip pyrankvote (minutes on 130k ballots)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--peer-python", default=sys.executable)
    ap.add_argument("--no-peers", action="store_true")
    args = ap.parse_args()
    print(f"Machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="engine-bench-") as tmp:
        files = {}
        for label, ballots, cands, _target_s, _target_mib in CASES:
            t = time.perf_counter()
            files[label] = generate(Path(tmp), ballots, cands)
            print(
                f"generated {label} in {time.perf_counter() - t:.1f} s ({files[label].stat().st_size / 2**20:.1f} MiB)"
            )
        rows, our_median = [], {}
        for label, _ballots, _cands, target_s, target_mib in CASES:
            median, best, cpu, rss = ours(files[label], args.runs)
            our_median[label] = median
            ok = median < target_s and (target_mib is None or rss < target_mib)
            target = f"< {target_s} s" + (f", < {target_mib} MiB" if target_mib else "")
            rows.append(
                (
                    f"ours ers97 {label}",
                    f"{median:.3f}",
                    f"{best:.3f}",
                    f"{cpu:.3f}",
                    f"{rss:.0f}",
                    target,
                    "met" if ok else "MISSED",
                )
            )
            imp, read, count, js, distinct = phases(files[label])
            print(
                f"phases {label}: import {imp:.3f} s, read BLT {read:.3f} s ({int(distinct)} distinct rankings), "
                f"ERS97 count {count:.3f} s, JSON {js:.4f} s"
            )
        print()
        print(f"{'run':30} {'median s':>9} {'best s':>8} {'CPU s':>7} {'peak MiB':>9}  target (median wall)")
        for r in rows:
            print(f"{r[0]:30} {r[1]:>9} {r[2]:>8} {r[3]:>7} {r[4]:>9}  {r[5]} {r[6]}")
        print(f"load average now: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        if not args.no_peers:
            peers_report(args, files[CASES[0][0]], our_median[CASES[0][0]])


def peers_report(args, path: Path, ours_s: float) -> None:
    names = ["votekit-fast", "votekit"] + ([] if args.quick else ["pyrankvote"])
    print()
    print("Peers on the 130k file, one run each (read = BLT read; build = import the library and")
    print("build its ballots; total = read + build + count, in a fresh interpreter):")
    print(f"{'peer':14} {'read s':>8} {'build s':>8} {'count s':>9} {'total s':>9} {'total / ours':>13}  winners")
    for name in names:
        got = peer(args.peer_python, name, path)
        if "error" in got:
            print(f"{name:14} not run: {got['error']}")
            continue
        print(
            f"{name:14} {got['load_s']:8.2f} {got['build_s']:8.2f} {got['count_s']:9.2f} {got['total_s']:9.2f} "
            f"{got['total_s'] / ours_s:12.1f}x  {'(winners: ' + ', '.join(got['winners']) + ')'}"
        )
    if args.quick:
        print("pyrankvote skipped (--quick)")


if __name__ == "__main__":
    main()
