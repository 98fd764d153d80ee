"""Casting load test: a burst of casts at a fixed rate against PostgreSQL and N Daphne processes,
reporting each cast's server time (p50 / p95 / p99 / max) from a ``Server-Timing`` header.

    DATABASE_URL=postgres://nec:nec-ci-only@127.0.0.1:5432/nec_voting REDIS_URL=redis://127.0.0.1:6390/6 \\
        .venv/bin/python benchmarks/voting/load.py --members 130000 --rate 50 --seconds 60 --processes 2

The driver migrates the database, creates (once) 130,000 members and an open section ballot of
them all, creates sessions for the voters it will use, starts the Daphne processes itself on free
ports (``benchmarks.voting.timed_asgi``, which adds the header), then sends casts open-loop: cast
``i`` leaves at ``i / rate`` seconds whatever happened to the ones before, alternating between the
processes. Each is the page's real form POST (session cookie and CSRF token) of a random ranking.
It exits 0 only when every cast succeeded and p99 server time is under the target. Never part of
the test suite. Re-runs use voters who have not voted yet.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Production settings, shared by the driver (which writes the sessions) and the Daphne processes.
# Plain HTTP on loopback: no redirect to HTTPS (production sits behind a TLS proxy).
os.environ.update(DEBUG="0", ALLOWED_HOSTS="127.0.0.1", LOG_LEVEL="WARNING", HTTPS_REDIRECT="0")
os.environ.setdefault("SECRET_KEY", "load-test-secret-key-only-for-benchmarks-" + "x" * 20)
CSRF = "loadtestcsrfsecret0123456789abcd"  # 32 characters: Django accepts the unmasked secret


def loadavg() -> list[str]:
    with open("/proc/loadavg") as f:
        return f.read().split()[:3]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(members: int, voters: int) -> dict:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from setup_data import prepare as prepare_data

    return prepare_data(members, voters)


def start_daphne(processes: int) -> tuple[list[int], list[subprocess.Popen]]:
    ports = [free_port() for _ in range(processes)]
    env = dict(os.environ)
    procs = []
    for port in ports:
        with open(f"/tmp/voting-load-daphne-{port}.log", "w") as log:  # the child keeps its own handle
            procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "daphne",
                        "-b",
                        "127.0.0.1",
                        "-p",
                        str(port),
                        "benchmarks.voting.timed_asgi:application",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=log,
                )
            )
    for port in ports:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
    return ports, procs


def cast_body(candidates: list[int], rng: random.Random) -> str:
    chosen = rng.sample(candidates, rng.randint(1, 9))
    return urlencode({"csrfmiddlewaretoken": CSRF, **{f"rank-{c}": str(i) for i, c in enumerate(chosen, start=1)}})


def cast(port: int, ballot: int, session: str, body: str) -> tuple[int, float | None, float, str]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(
            "POST", f"/voting/{ballot}/cast/", body=body,
            headers={"Cookie": f"sessionid={session}; csrftoken={CSRF}", "Content-Type": "application/x-www-form-urlencoded",
                     "Host": "127.0.0.1"},
        )  # fmt: skip
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        timing = response.getheader("Server-Timing", "")
        server_ms = float(timing.split("dur=")[1]) if "dur=" in timing else None
        ok = response.status == 200 and "Your vote has been cast" in text
        return response.status, server_ms, (time.perf_counter() - started) * 1000, "" if ok else text[:300]
    except OSError as exc:
        return 0, None, (time.perf_counter() - started) * 1000, str(exc)
    finally:
        conn.close()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=130_000)
    parser.add_argument("--rate", type=float, default=50.0, help="casts per second")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--target-ms", type=float, default=100.0)
    args = parser.parse_args()
    total = int(args.rate * args.seconds)
    data = prepare(args.members, total)
    if len(data["sessions"]) < total:
        print(f"only {len(data['sessions'])} voters have not voted: lower --seconds or add --members")
        return 2
    ports, procs = start_daphne(args.processes)
    rng = random.Random(2026)
    bodies = [cast_body(data["candidates"], rng) for _ in range(total)]
    results: list = [None] * total
    try:
        for port in ports:  # one warm-up request per process (imports, first connections)
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            c.request("GET", "/accounts/login/", headers={"Host": "127.0.0.1"})
            c.getresponse().read()
            c.close()
        load_before = loadavg()
        with ThreadPoolExecutor(max_workers=64) as pool:
            t0 = time.perf_counter()
            futures = []
            for i in range(total):
                delay = t0 + i / args.rate - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                futures.append(pool.submit(cast, ports[i % len(ports)], data["ballot"], data["sessions"][i], bodies[i]))
            for i, f in enumerate(futures):
                results[i] = f.result()
            elapsed = time.perf_counter() - t0
        load_after = loadavg()
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=20)
    ok = [r for r in results if not r[3]]
    failed = [r for r in results if r[3]]
    server = [r[1] for r in ok if r[1] is not None]
    client = [r[2] for r in ok]
    print(f"{total} casts at {args.rate:g}/s over {args.processes} Daphne processes: {len(ok)} cast, {len(failed)} failed, "
          f"sent in {elapsed:.1f} s ({total / elapsed:.1f}/s achieved)")  # fmt: skip
    if server:
        print(f"server time ms: p50 {statistics.median(server):.1f}  p95 {percentile(server, 95):.1f}  "
              f"p99 {percentile(server, 99):.1f}  max {max(server):.1f}")  # fmt: skip
        print(
            f"client time ms: p50 {statistics.median(client):.1f}  p99 {percentile(client, 99):.1f}  max {max(client):.1f}"
        )
    print(f"load average before {' '.join(load_before)}, after {' '.join(load_after)} ({os.cpu_count()} cores)")
    for r in failed[:5]:
        print("failed:", r[0], r[3][:200].replace("\n", " "))
    return 0 if not failed and server and percentile(server, 99) < args.target_ms else 1


if __name__ == "__main__":
    threading.current_thread().name = "driver"
    sys.exit(main())
