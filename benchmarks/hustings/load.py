"""Hustings load driver: N audience websockets, a moderator approving K questions, and the delay
from each approval to its arrival on every client (p50 / p99 / max), plus anything missed.
Clients follow docs/live-protocol.md as static/js/live.js does.

    # one Daphne process (in-memory layer), 2,000 audience members:
    DATABASE_URL=postgres://nec:nec-ci-only@127.0.0.1:5432/nec_hustings \\
        .venv/bin/python benchmarks/hustings/load.py --clients 2000 --processes 1

    # Redis and two Daphne processes, clients split between them, 4,000 audience members:
    DATABASE_URL=... REDIS_URL=redis://127.0.0.1:6390/3 \\
        .venv/bin/python benchmarks/hustings/load.py --clients 4000 --processes 2

The driver migrates the database, creates the load-test people, sessions and a hustings (once;
re-runs reuse them), starts the Daphne processes itself (``--processes``; or point it at running
ones with ``--ports``), opens the sockets, then approves the questions one at a time. "Missed"
counts every (client, question) pair that never arrived within ``--wait`` seconds, and every
gap in a client's sequence numbers on the public stream. The load average is printed at the start,
after connecting and at the end. Never part of the test suite.

    # the full campaign (a follow-up): 10,000 sockets on 4 Daphne processes + Redis, 200 at a time
    DATABASE_URL=... REDIS_URL=... .venv/bin/python benchmarks/hustings/load.py \\
        --clients 10000 --processes 4 --concurrency 200 --questions 20
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Sessions are signed by the driver and read by Daphne: both use this one secret (never a real one).
os.environ.setdefault("SECRET_KEY", "hustings-load-test-only-" + "x" * 40)

PREFIX = "loadmember"
GAP_WAIT = 3.0  # seconds an early event waits for the one before it (as in static/js/live.js)
RETRY_CODES = {1006, 1011, 1012, 1013, 4409, 4429}  # the page reconnects after these (live.js)


def load_average() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


class Socket:
    """One websocket (the ``websockets`` package) whose messages are handed to ``on_message``."""

    def __init__(self, conn, on_message=None, keep=True):
        self.conn, self.on_message, self.keep = conn, on_message, keep
        self.queue: asyncio.Queue = asyncio.Queue()
        self.close_code = None
        self.task = asyncio.get_running_loop().create_task(self._read())

    @classmethod
    async def open(cls, host, port, path, session=None, on_message=None, keep=True, timeout=30.0):
        conn = await connect(
            f"ws://{host}:{port}{path}", origin=f"http://{host}:{port}",
            additional_headers={"Cookie": f"sessionid={session}"} if session else {},
            compression=None, proxy=None, open_timeout=timeout, ping_interval=None, max_queue=None,
        )  # fmt: skip
        return cls(conn, on_message, keep)

    async def _read(self):
        try:
            async for text in self.conn:
                message = json.loads(text)
                if self.on_message:
                    self.on_message(message, time.monotonic())
                if self.keep:
                    self.queue.put_nowait(message)
        except ConnectionClosed:
            pass
        finally:
            self.close_code = self.conn.close_code
            self.queue.put_nowait(None)

    def send(self, message: dict) -> None:
        asyncio.get_running_loop().create_task(self.conn.send(json.dumps(message)))

    async def until(self, predicate, timeout: float = 30) -> dict:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            message = await asyncio.wait_for(self.queue.get(), max(deadline - loop.time(), 0.001))
            if message is None:
                raise ConnectionError(f"closed with code {self.close_code} while waiting")
            if predicate(message):
                return message

    async def close(self) -> None:
        await self.conn.close()


def prepare(clients: int, questions: int) -> dict:
    """Create (or reuse) the people, sessions, hustings and pending questions. Runs in Django."""
    import django

    django.setup()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from setup_data import prepare_data

    return prepare_data(clients, questions, PREFIX)


class Audience:
    """One audience member's connection and what it saw."""

    def __init__(self, index: int):
        self.index = index
        self.ready = asyncio.get_running_loop().create_future()
        self.arrivals: dict[int, float] = {}
        self.last_seq: int | None = None
        self.gaps = 0  # times a gap in the sequence lasted and a resync was asked for
        self.early: dict[int, tuple] = {}
        self.gap_timer = None
        self.socket: Socket | None = None
        self.on_arrival = None  # called with each question id the first time it can be shown

    def on_message(self, message: dict, arrived: float) -> None:
        """Follow the public stream as the page script does (static/js/hustings.js): apply events
        in sequence order, let an early event wait briefly for the one before it, and if the gap
        lasts ask for a resync (the replay fills it)."""
        kind = message.get("type")
        stream = message.get("stream", "")
        if kind == "welcome" and not self.ready.done():
            self.ready.set_result(True)
        if "/" in stream or not stream:  # only the public stream: hustings-<id>
            return
        if kind == "snapshot":
            self.last_seq = message["seq"]
            self.early = {seq: m for seq, m in self.early.items() if seq > self.last_seq}
        elif "seq" in message and self.last_seq is not None and message["seq"] > self.last_seq:
            self.early[message["seq"]] = (message, arrived)
        self._apply_in_order(stream)

    def _apply_in_order(self, stream: str) -> None:
        while self.last_seq is not None and self.last_seq + 1 in self.early:
            message, _arrived = self.early.pop(self.last_seq + 1)
            self.last_seq += 1
            qid = message["question"]["id"] if message["type"] == "question.approved" else None
            if qid is not None and qid not in self.arrivals:
                self.arrivals[qid] = time.monotonic()  # when it could be shown
                if self.on_arrival:
                    self.on_arrival(qid)
        if self.early and self.gap_timer is None:
            self.gap_timer = asyncio.get_running_loop().call_later(GAP_WAIT, self._resync, stream)

    def _resync(self, stream: str) -> None:
        self.gap_timer = None
        if self.early:
            self.gaps += 1
            self.socket.send({"type": "resync", "stream": stream, "since": self.last_seq})


async def open_audience(
    data, ports, clients, concurrency, attempts=6, first=0, socket_class=None, quiet=False
) -> list[Audience]:
    """Open ``clients`` sockets (members ``first`` onwards), ``concurrency`` at a time, retrying as the page does."""
    gate = asyncio.Semaphore(concurrency)
    audience = [Audience(first + i) for i in range(clients)]
    socket_class = socket_class or Socket
    retries: list[int] = []
    path = f"/ws/hustings/{data['hustings']}/"

    async def join(member: Audience):
        # Like the page (static/js/live.js), a reset or "come back later" connection is tried again
        # after a randomised pause that doubles each time (0.5 s to 10 s); the page never gives up,
        # the driver does after --attempts.
        wait = 0.5
        for attempt in range(1, attempts + 1):
            try:
                async with gate:
                    port = ports[member.index % len(ports)]
                    socket = await socket_class.open(
                        "127.0.0.1", port, path, data["sessions"][member.index],
                        on_message=member.on_message, keep=False, timeout=60,
                    )  # fmt: skip
                    member.socket = socket
                    await asyncio.wait([member.ready, socket.task], timeout=60, return_when="FIRST_COMPLETED")
                    if member.ready.done():
                        return
                    raise ConnectionError(f"closed with {socket.close_code} before the welcome")
            except (TimeoutError, ConnectionError, OSError, InvalidHandshake):
                member.socket = None
                if attempt == attempts:
                    raise
                retries.append(member.index)
                await asyncio.sleep(wait / 2 + random.random() * wait / 2)
                wait = min(wait * 2, 10)

    started = time.monotonic()
    results = await asyncio.gather(*(join(m) for m in audience), return_exceptions=True)
    failed = [r for r in results if isinstance(r, BaseException)]
    took = time.monotonic() - started
    if quiet:  # a client process (clients.py): its output is for load.py
        return audience
    print(
        f"connected {clients - len(failed)}/{clients} audience sockets in {took:.1f} s ({len(retries)} retried)",
        flush=True,
    )
    if failed:
        print(f"  first failure: {failed[0]!r}", flush=True)
    return audience


async def approve_all(data, ports, everywhere, wait: float, pause: float) -> list[tuple[int, float]]:
    """Approve each question, wait until ``everywhere(qid)`` (every client has shown it) or ``wait`` s."""
    moderator = await Socket.open("127.0.0.1", ports[0], f"/ws/hustings/{data['hustings']}/", data["moderator"])
    await moderator.until(lambda m: m["type"] == "welcome", timeout=30)
    sent_at, acks = [], []
    for n, qid in enumerate(data["questions"], start=1):
        t0 = time.monotonic()
        moderator.send({"type": "question.approve", "ref": n, "id": qid})
        reply = await moderator.until(lambda m, n=n: m["type"] in ("ack", "error") and m.get("ref") == n, timeout=30)
        if reply["type"] == "error":
            raise SystemExit(f"approval {qid} refused: {reply['error']}")
        acks.append((time.monotonic() - t0) * 1000)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and not everywhere(qid):
            await asyncio.sleep(0.01)
        sent_at.append((qid, t0))
        await asyncio.sleep(pause)
    await moderator.close()
    print(f"moderator's ack after approve: median {statistics.median(acks):.1f} ms, max {max(acks):.1f} ms", flush=True)
    return sent_at


def report(arrivals: list[dict], gaps: int, sent_at, clients) -> dict:
    """``arrivals``: for each connected client, question id -> when it could be shown."""
    delays, missed = [], 0
    for qid, t0 in sent_at:
        for seen in arrivals:
            arrived = seen.get(qid)
            if arrived is None:
                missed += 1
            else:
                delays.append((arrived - t0) * 1000)
    delays.sort()
    connected = len(arrivals)
    summary = {
        "clients": clients,
        "connected": connected,
        "approvals": len(sent_at),
        "deliveries": len(delays),
        "p50_ms": round(statistics.median(delays), 1) if delays else None,
        "p99_ms": round(delays[min(len(delays) - 1, int(len(delays) * 0.99))], 1) if delays else None,
        "max_ms": round(delays[-1], 1) if delays else None,
        "missed": missed,
        "resyncs_after_a_gap": gaps,
        "never_connected": clients - connected,
    }
    return summary


def _own_cpu() -> float:
    times = os.times()
    return times.user + times.system


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pids) -> float:
    """User + system CPU time used so far by these processes (Linux /proc), in seconds."""
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total / os.sysconf("SC_CLK_TCK")


def production_like() -> dict:
    """Daphne as in production (DEBUG off: no query log kept, no debug cursor), with the secret the
    driver signed the load-test sessions with."""
    return {**os.environ, "DEBUG": "0", "LOG_LEVEL": "WARNING", "ALLOWED_HOSTS": "127.0.0.1,localhost"}


def daphne_command(port: int, backlog: int) -> list[str]:
    """Daphne on one port, with a listen backlog that a storm of handshakes does not overflow
    (Twisted asks for 50 unless told)."""
    endpoint = f"tcp:port={port}:interface=127.0.0.1:backlog={backlog}"
    return [sys.executable, "-m", "daphne", "-e", endpoint, "config.asgi:application"]


def start_profiles(pids, folder: str | None) -> list:
    """py-spy sampling each Daphne process from outside (200 Hz, collapsed stacks) while approving only."""
    if not folder:
        return []
    Path(folder).mkdir(parents=True, exist_ok=True)
    command = ["py-spy", "record", "--nonblocking", "--format", "raw", "-r", "200"]
    return [
        subprocess.Popen([*command, "-o", str(Path(folder) / f"daphne-{pid}-approving.txt"), "--pid", str(pid)])
        for pid in pids
    ]


def stop_profiles(profilers) -> None:
    for profiler in profilers:
        profiler.send_signal(signal.SIGINT)  # py-spy writes its profile and exits
    for profiler in profilers:
        try:
            profiler.wait(timeout=30)
        except subprocess.TimeoutExpired:
            profiler.kill()


def start_daphnes(count: int, backlog: int = 1024) -> tuple[list[int], list]:
    if count > 1 and not os.environ.get("REDIS_URL"):
        raise SystemExit("more than one Daphne process needs REDIS_URL (the in-memory layer is per process)")
    ports, processes = [], []
    for _ in range(count):
        port = free_port()
        processes.append(
            subprocess.Popen(
                daphne_command(port, backlog),
                cwd=ROOT,
                env=production_like(),
                stdout=subprocess.DEVNULL,
                stderr=open(f"/tmp/hustings-load-daphne-{port}.log", "w"),  # noqa: SIM115  (kept open for the process)
            )
        )
        ports.append(port)
    for port in ports:
        for _ in range(200):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
    return ports, processes


class InProcess:
    """The audience in the driver's own process, on the ``websockets`` package's asyncio client."""

    def __init__(self, data, ports, args):
        self.data, self.ports, self.args, self.audience = data, ports, args, []

    async def connect(self) -> None:
        a = self.args
        self.audience = await open_audience(self.data, self.ports, a.clients, a.concurrency, a.attempts)
        self.cpu = _own_cpu()

    def everywhere(self, qid) -> bool:
        return all(qid in m.arrivals for m in self.audience if m.socket)

    async def finish(self) -> tuple[list[dict], int, float]:
        cpu = _own_cpu() - self.cpu
        return [m.arrivals for m in self.audience if m.socket], sum(m.gaps for m in self.audience), cpu

    async def close(self) -> None:
        await asyncio.gather(*(m.socket.close() for m in self.audience if m.socket), return_exceptions=True)


class ClientProcesses:
    """The audience split between processes of its own, on lean sockets (clients.py)."""

    def __init__(self, data, ports, args):
        self.data, self.ports, self.args = data, ports, args
        self.children, self.done, self.reports = [], {}, []

    async def connect(self) -> None:
        a, count = self.args, self.args.client_processes
        started = time.monotonic()
        for j in range(count):
            first, size = a.clients * j // count, a.clients * (j + 1) // count - a.clients * j // count
            spec = {"data": self.data, "ports": self.ports, "first": first, "count": size, "attempts": a.attempts}
            spec["concurrency"] = max(1, a.concurrency // count)  # --concurrency at a time in all
            path = Path(f"/tmp/hustings-load-clients-{os.getpid()}-{j}.json")
            path.write_text(json.dumps(spec))
            child = await asyncio.create_subprocess_exec(
                sys.executable, str(Path(__file__).with_name("clients.py")), str(path),
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=ROOT, limit=2**28,
            )  # fmt: skip
            self.children.append(child)
        firsts = [json.loads(await child.stdout.readline()) for child in self.children]
        self.cpu = sum(f["cpu"] for f in firsts)
        self.connected = sum(f["connected"] for f in firsts)
        self.readers = [asyncio.get_running_loop().create_task(self._read(c)) for c in self.children]
        print(
            f"connected {self.connected}/{a.clients} audience sockets in {time.monotonic() - started:.1f} s "
            f"({count} client processes)",
            flush=True,
        )

    async def _read(self, child) -> None:
        while line := await child.stdout.readline():
            message = json.loads(line)
            if "done" in message:
                self.done[message["done"]] = self.done.get(message["done"], 0) + 1
            elif "report" in message:
                self.reports.append(message["report"])
                return

    def everywhere(self, qid) -> bool:
        return self.done.get(qid, 0) == len(self.children)

    async def finish(self) -> tuple[list[dict], int, float]:
        for child in self.children:
            child.stdin.write(b"finish\n")
            await child.stdin.drain()
        await asyncio.gather(*self.readers)
        arrivals = [{int(q): t for q, t in seen.items()} for r in self.reports for seen in r["arrivals"]]
        return arrivals, sum(r["gaps"] for r in self.reports), sum(r["cpu"] for r in self.reports) - self.cpu

    async def close(self) -> None:
        await asyncio.gather(*(child.wait() for child in self.children))


async def main(args) -> dict:
    data = await asyncio.to_thread(prepare, args.clients, args.questions)
    ports, processes = (args.ports, []) if args.ports else start_daphnes(args.processes, args.backlog)
    loads = {"start": load_average()}
    pids = [p.pid for p in processes]
    clients = (ClientProcesses if args.client_processes else InProcess)(data, ports, args)
    try:
        before = cpu_seconds(pids) if pids else 0.0
        await clients.connect()
        loads["connected"] = load_average()
        join_cpu = (cpu_seconds(pids) - before) if pids else None
        await asyncio.sleep(args.settle)  # let presence publishing from the connection storm die down
        idle_start, idle_t0 = (cpu_seconds(pids) if pids else 0.0), time.monotonic()
        await asyncio.sleep(args.idle)  # what keeping the audience connected costs (re-checks, tail, presence)
        idle_cpu = (cpu_seconds(pids) - idle_start) / (time.monotonic() - idle_t0) if pids else None
        profilers = start_profiles(pids, args.profile)
        approve_start, moderator_start = (cpu_seconds(pids) if pids else 0.0), _own_cpu()
        sent_at = await approve_all(data, ports, clients.everywhere, args.wait, args.pause)
        approve_cpu = (cpu_seconds(pids) - approve_start) if pids else None
        moderator_cpu = _own_cpu() - moderator_start
        stop_profiles(profilers)
        loads["approved"] = load_average()
        await asyncio.sleep(0.5)
        arrivals, gaps, clients_cpu = await clients.finish()
        summary = report(arrivals, gaps, sent_at, args.clients)
        summary["daphne_processes"] = len(ports)
        summary["client_processes"] = args.client_processes or "the driver's own (websockets asyncio)"
        summary["channel_layer"] = "redis" if os.environ.get("REDIS_URL") else "in-memory"
        summary["load_average"] = "; ".join(f"{k} {v}" for k, v in loads.items())
        if join_cpu is not None and summary["connected"]:
            # all Daphne CPU during the storm (joins, presence writes, snapshots) per connected socket
            summary["daphne_cpu_ms_per_join"] = round(join_cpu * 1000 / summary["connected"], 2)
        if idle_cpu is not None:
            # Daphne CPU (all processes, in cores) while the audience sits connected and nothing happens
            summary["daphne_cpu_cores_idle"] = round(idle_cpu, 3)
        if approve_cpu is not None and summary["deliveries"]:
            # all Daphne CPU while approving, per delivered event (mostly the write to each socket)
            summary["daphne_cpu_ms_per_delivery"] = round(approve_cpu * 1000 / summary["deliveries"], 3)
        if summary["deliveries"]:
            # the clients' own share of the same cores (reading frames, parsing JSON, checking order)
            if args.client_processes:
                clients_cpu += moderator_cpu
            summary["driver_cpu_ms_per_delivery"] = round(clients_cpu * 1000 / summary["deliveries"], 3)
        await clients.close()
        return summary
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def parse(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=2000, help="audience websockets to open")
    parser.add_argument("--questions", type=int, default=20, help="questions the moderator approves")
    parser.add_argument("--processes", type=int, default=1, help="Daphne processes to start (2+ needs REDIS_URL)")
    parser.add_argument("--ports", type=int, nargs="*", help="use already running Daphne processes on these ports")
    parser.add_argument("--concurrency", type=int, default=200, help="connections opened at once")
    parser.add_argument(
        "--attempts", type=int, default=6, help="connection attempts per client before it counts as refused"
    )
    parser.add_argument(
        "--wait", type=float, default=10.0, help="seconds to wait for each approval to arrive everywhere"
    )
    parser.add_argument("--backlog", type=int, default=1024, help="listen backlog of the Daphne processes started")
    parser.add_argument(
        "--profile", help="folder for a py-spy profile of each Daphne process while approving (collapsed stacks)"
    )
    parser.add_argument(
        "--idle", type=float, default=5.0, help="seconds of measuring Daphne's CPU with nothing happening"
    )
    parser.add_argument("--pause", type=float, default=0.5, help="seconds between approvals")
    parser.add_argument(
        "--client-processes", type=int, default=2,
        help="processes for the audience, on lean sockets (clients.py); 0: in the driver, on websockets' asyncio client",
    )  # fmt: skip
    parser.add_argument("--settle", type=float, default=3.0, help="seconds to wait after connecting before approving")
    return parser.parse_args(argv)


if __name__ == "__main__":
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    arguments = parse()
    result = asyncio.run(main(arguments))
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")
    target_ok = (
        result["p99_ms"] is not None
        and result["p99_ms"] < 500
        and result["missed"] == 0
        and result["never_connected"] == 0
    )
    print("target (all connected, p99 < 500 ms, nothing missed):", "MET" if target_ok else "NOT MET")
    sys.exit(0 if target_ok else 1)
