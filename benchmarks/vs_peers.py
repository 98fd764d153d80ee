"""Same-run ratios of our engine against OpenSTV 1.7 and droop (issue 16), and against an
older checkout of this project ("base") on the 1,000,000-ballot file.

Never part of the test suite. Neither peer is on PyPI: check their public repositories out
OUTSIDE the project (e.g. /work/peers/openstv, /work/peers/droop) and pass the paths; a peer
whose checkout is absent is reported as "not run" with the reason, and the other pairs still run.
Every pair runs in the same run, alternating ours and the peer, whole processes (interpreter
start included), output to /dev/null; the figures are the median wall time and the median CPU
time (user + system of the child, less disturbed by other work on a shared machine).

    python benchmarks/vs_peers.py --file synth-130k-24.blt \
        --openstv /work/peers/openstv --droop /work/peers/droop \
        [--python2 ~/.pyenv/versions/2.7.18/bin/python] [--runs 5] [--meek-runs 1] \
        [--big synth-1m-40.blt --base /work/peers/base] [--only ers97,scottish,wigm,meek,big,base]

Pairs: ours ``--method ers97`` vs OpenSTV ``runElection.py ERS97STV``; ours ``scottish``,
``wigm``, ``meek`` vs droop ``Droop.py scotland|wigm|meek``; ours ERS97 on the ``--big`` file vs
the same command run in the ``--base`` checkout (today's engine), with peak RSS; with ``base``
in ``--only``, ERS97, Scottish and WIGM on the 130k file against the base checkout too.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY2 = Path.home() / ".pyenv" / "versions" / "2.7.18" / "bin" / "python"

# Runs one command and prints its wall seconds, peak RSS (KiB) and CPU seconds: nothing else
# runs in this wrapper, so RUSAGE_CHILDREN is that command alone.
WRAPPER = """
import resource, subprocess, sys, time
t = time.perf_counter()
done = subprocess.run(sys.argv[2:], cwd=sys.argv[1], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - t
if done.returncode:
    sys.exit(done.stderr.decode(errors="replace")[-400:])
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print(wall, u.ru_maxrss, u.ru_utime + u.ru_stime)
"""


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return f"nproc {os.cpu_count()}, {model}, Python {platform.python_version()}"


def timed(cwd: Path, cmd: list[str]) -> tuple[float, int, float]:
    out = subprocess.run([sys.executable, "-c", WRAPPER, str(cwd), *cmd], capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "failed")
    wall, rss, cpu = out.stdout.split()
    return float(wall), int(rss), float(cpu)


def ours_cmd(path: Path, method: str) -> list[str]:
    return [sys.executable, "-m", "ballots.counting", str(path), "--method", method, "--format", "json"]


def pairs(args) -> list[tuple[str, tuple, tuple | str, int]]:
    """(label, (cwd, ours), (cwd, peer) or why it cannot run, runs)."""
    out = []
    f = args.file.resolve()
    openstv = args.openstv / "openstv" / "runElection.py" if args.openstv else None
    if "ers97" in args.only:
        peer = (
            (args.openstv, [str(args.python2), str(openstv), "ERS97STV", str(f)])
            if openstv and openstv.exists() and args.python2.exists()
            else f"OpenSTV not run: {openstv or '--openstv not given'} or {args.python2} absent"
        )
        out.append(("ERS97 vs OpenSTV 1.7 ERS97STV", (ROOT, ours_cmd(f, "ers97")), peer, args.runs))
    droop = args.droop / "Droop.py" if args.droop else None
    for ours, rule in (("scottish", "scotland"), ("wigm", "wigm"), ("meek", "meek")):
        if ours not in args.only:
            continue
        peer = (
            (args.droop, [sys.executable, str(droop), rule, str(f)])
            if droop and droop.exists()
            else f"droop not run: {droop or '--droop not given'} absent"
        )
        runs = args.meek_runs if ours == "meek" else args.runs
        out.append((f"{ours} vs droop {rule}", (ROOT, ours_cmd(f, ours)), peer, runs))
    base_ok = args.base and (args.base / "ballots" / "counting").is_dir()
    if "base" in args.only:  # the same file and methods in the base checkout (engine speed must not fall)
        for method in ("ers97", "scottish", "wigm"):
            base = (
                (args.base, ours_cmd(f, method))
                if base_ok
                else f"base not run: {args.base or '--base not given'} is not a checkout of this project"
            )
            out.append((f"{method} {f.name} vs base checkout", (ROOT, ours_cmd(f, method)), base, args.runs))
    if "big" in args.only and args.big:
        big = args.big.resolve()
        base = (
            (args.base, ours_cmd(big, "ers97"))
            if base_ok
            else f"base not run: {args.base or '--base not given'} is not a checkout of this project"
        )
        out.append((f"ERS97 {big.name} vs base checkout", (ROOT, ours_cmd(big, "ers97")), base, args.runs))
    return out


def run_pair(label: str, ours: tuple, peer: tuple | str, runs: int) -> None:
    mine, theirs = [], []
    for _ in range(runs):  # alternate, so a change in the machine's load hits both sides
        mine.append(timed(*ours))
        if not isinstance(peer, str):
            theirs.append(timed(*peer))
    print(f"\n{label} ({runs} runs, load after: {load()})")
    print(f"  ours: {' '.join(ours[1])}  (in {ours[0]})")
    if isinstance(peer, str):
        print(f"  peer: {peer}")
    else:
        print(f"  peer: {' '.join(peer[1])}  (in {peer[0]})")
    rows = [("ours", mine)] + ([("peer", theirs)] if theirs else [])
    for who, got in rows:
        wall = statistics.median(g[0] for g in got)
        cpu = statistics.median(g[2] for g in got)
        rss = max(g[1] for g in got) / 1024
        print(f"  {who}: median wall {wall:.3f} s, median CPU {cpu:.3f} s, peak RSS {rss:.0f} MiB")
    if theirs:
        wall = statistics.median(g[0] for g in theirs) / statistics.median(g[0] for g in mine)
        cpu = statistics.median(g[2] for g in theirs) / statistics.median(g[2] for g in mine)
        print(f"  peer / ours: wall {wall:.1f}x, CPU {cpu:.1f}x")


def compile_sources(args) -> None:
    """Bring every timed tree's bytecode up to date first. With PYTHONDONTWRITEBYTECODE set (as
    on the shared machines) a tree whose cached bytecode is stale, such as a worktree just
    checked out or edited, would otherwise compile its sources again in every timed run (tens
    of milliseconds) while a tree with fresh bytecode would not."""
    for tree in (ROOT / "ballots", args.base and args.base / "ballots", args.droop):
        if tree and tree.is_dir():
            compileall.compile_dir(tree, quiet=2)
    if args.openstv and (args.openstv / "openstv").is_dir() and args.python2.exists():
        subprocess.run([str(args.python2), "-m", "compileall", "-q", str(args.openstv / "openstv")], check=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", type=Path, required=True, help="the 130k BLT (synth_election.py --seed 1)")
    ap.add_argument("--openstv", type=Path, help="OpenSTV 1.7 checkout (holds openstv/runElection.py)")
    ap.add_argument("--droop", type=Path, help="droop checkout (holds Droop.py)")
    ap.add_argument("--python2", type=Path, default=PY2, help="Python 2.7 for OpenSTV")
    ap.add_argument("--big", type=Path, help="the 1,000,000-ballot BLT")
    ap.add_argument("--base", type=Path, help="a checkout of this project before the change")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--meek-runs", type=int, default=1, help="droop meek takes minutes")
    ap.add_argument("--only", default="ers97,scottish,wigm,meek,big")
    args = ap.parse_args()
    args.only = set(args.only.split(","))
    print(f"Machine: {machine()}; load average at start: {load()}")
    compile_sources(args)
    for label, ours, peer, runs in pairs(args):
        try:
            run_pair(label, ours, peer, runs)
        except RuntimeError as exc:
            print(f"\n{label}: failed: {exc}")


if __name__ == "__main__":
    main()
