"""Real Daphne processes over Redis serve one hustings: every client sees every event, whichever
process it is connected to; presence counts everyone once and forgets a killed process; access
changes and logouts close sockets on every process; fifty members asking at once all get an answer.

Needs REDIS_URL and a database every process can open (PostgreSQL in CI; a file SQLite works
too). Each process is started with the test database's own settings.
"""

import asyncio
import os
import signal
import subprocess
import sys

import pytest
from channels.db import database_sync_to_async
from django.db import connection

from elections.models import Member
from tests.factories import MemberFactory
from tests.livesocket import RealPage
from tests.servers import ROOT, free_port, wait_for_port

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]
QUICK = {"LIVE_RECHECK_SECONDS": "1", "LIVE_PRESENCE_HEARTBEAT_SECONDS": "1", "LIVE_PRESENCE_TTL_SECONDS": "3"}


def database_url() -> str:
    db = connection.settings_dict
    if "postgresql" in db["ENGINE"]:
        return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    name = str(db["NAME"])
    if "memory" in name or not name:
        pytest.skip("two processes need a shared database: run with DATABASE_URL (PostgreSQL) or a file SQLite")
    return f"sqlite:///{name}"


def start_daphne(port: int) -> subprocess.Popen:
    env = {**os.environ, **QUICK, "DATABASE_URL": database_url(), "REDIS_URL": os.environ["REDIS_URL"], "DEBUG": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


def stop(processes) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def daphnes(django_db_setup, django_db_blocker):
    """Two Daphne processes for the whole module (starting them is the slow part)."""
    ports = [free_port(), free_port()]
    processes = [start_daphne(port) for port in ports]
    try:
        for port, process in zip(ports, processes):
            wait_for_port(port, process)
        yield ports
    finally:
        stop(processes)


@pytest.fixture
def session_for(client):
    def make(user):
        client.force_login(user)
        key = client.cookies["sessionid"].value
        client.cookies.clear()
        return key

    return make


async def open_as(port, hustings, key) -> RealPage:
    page = await RealPage.open(port, f"/ws/hustings/{hustings.pk}/", key)
    await page.until(lambda m: m["type"] == "welcome")
    return page


async def test_an_approval_on_one_process_reaches_members_on_both(daphnes, hustings, alice, bob, mo, session_for):
    first, second = daphnes
    keys = await database_sync_to_async(lambda: [session_for(u) for u in (alice, bob, mo)])()
    member_a = await open_as(first, hustings, keys[0])
    member_b = await open_as(second, hustings, keys[1])
    moderator = await open_as(first, hustings, keys[2])

    await member_b.send({"type": "question.submit", "ref": 1, "text": "Asked on process two"})
    ack = await member_b.until(lambda m: m["type"] in ("ack", "error"))
    assert ack["type"] == "ack", ack
    qid = ack["question"]["id"]
    submitted = await moderator.until(lambda m: m["type"] == "question.submitted")  # process two -> one
    assert submitted["question"]["id"] == qid

    await moderator.send({"type": "question.approve", "ref": 2, "id": qid})
    for member in (member_a, member_b):
        got = await member.until(lambda m: m["type"] == "question.approved")
        assert got["question"]["id"] == qid and got["stream"] == hustings.stream
    for page in (member_a, member_b, moderator):
        await page.close()


async def test_presence_counts_people_on_both_processes(daphnes, hustings, alice, bob, session_for):
    first, second = daphnes
    keys = await database_sync_to_async(lambda: [session_for(u) for u in (alice, bob)])()
    a = await open_as(first, hustings, keys[0])
    b = await open_as(second, hustings, keys[1])
    await a.until(lambda m: m["type"] == "presence" and m["present"] == 2)
    await b.close()
    await a.until(lambda m: m["type"] == "presence" and m["present"] == 1)
    await a.close()


async def test_a_member_on_one_process_never_gets_the_moderators_stream_from_the_other(
    daphnes, hustings, alice, mo, session_for, ask
):
    first, second = daphnes
    keys = await database_sync_to_async(lambda: [session_for(u) for u in (alice, mo)])()
    member = await open_as(first, hustings, keys[0])
    moderator = await open_as(second, hustings, keys[1])
    await database_sync_to_async(ask)(alice, "Pending: for moderators only")
    await moderator.until(lambda m: m["type"] == "question.submitted")
    # Published after the moderators' event in the same transaction: anything leaked came first.
    await member.until(lambda m: m["type"] == "counts")
    assert not [m for m in member.seen if m.get("stream") == hustings.mod_stream]
    await member.close()
    await moderator.close()


async def test_a_moderator_removed_is_closed_on_whichever_process_they_are(daphnes, hustings, mo, bob, session_for):
    await database_sync_to_async(hustings.moderators.add)(bob)
    keys = await database_sync_to_async(lambda: [session_for(u) for u in (mo, bob)])()
    on_first = await open_as(daphnes[0], hustings, keys[0])
    on_second = await open_as(daphnes[1], hustings, keys[1])
    await database_sync_to_async(lambda: hustings.moderators.remove(mo, bob))()
    assert await on_first.closed() == 4403  # Mo is not a member: no role left at all
    assert await on_second.closed() == 4409  # Bob is still a member: his page reconnects as one
    again = await open_as(daphnes[1], hustings, keys[1])
    assert next(m for m in again.seen if m["type"] == "welcome")["role"] == "member"
    await again.close()


async def test_a_lapse_and_a_logout_close_sockets_on_every_process(daphnes, hustings, alice, bob, client, session_for):
    keys = await database_sync_to_async(lambda: [session_for(bob)])()
    lapsing = await open_as(daphnes[1], hustings, keys[0])
    await database_sync_to_async(client.force_login)(alice)
    alice_key = client.cookies["sessionid"].value
    tabs = [await open_as(port, hustings, alice_key) for port in daphnes]
    await database_sync_to_async(Member.objects.filter(user=bob).update)(in_good_standing=False)
    await database_sync_to_async(client.post)("/accounts/logout/")
    assert [await tab.closed() for tab in tabs] == [4401, 4401]
    assert await lapsing.closed() == 4403


async def test_presence_forgets_a_killed_process(daphnes, hustings, alice, bob, session_for):
    port = free_port()
    doomed = start_daphne(port)
    try:
        await asyncio.to_thread(wait_for_port, port, doomed)
        keys = await database_sync_to_async(lambda: [session_for(u) for u in (alice, bob)])()
        watcher = await open_as(daphnes[0], hustings, keys[0])
        await open_as(port, hustings, keys[1])
        await watcher.until(lambda m: m["type"] == "presence" and m["present"] == 2)
        doomed.send_signal(signal.SIGKILL)  # no clean-up runs: its presence rows stay behind
        doomed.wait(timeout=10)
        await watcher.until(lambda m: m["type"] == "presence" and m["present"] == 1, timeout=30)
        await watcher.close()
    finally:
        stop([doomed])


@pytest.mark.postgres
async def test_fifty_members_asking_at_once_on_two_processes_all_get_an_answer(daphnes, hustings, hackney, session_for):
    """Questions (which lock rows and publish) racing presence writes and joins: no deadlock, and
    any transaction that still fails is answered with an error, never a silent close."""

    def members():
        return [session_for(MemberFactory(clp=hackney).user) for _ in range(50)]

    keys = await database_sync_to_async(members)()
    pages = await asyncio.gather(*(open_as(daphnes[i % 2], hustings, key) for i, key in enumerate(keys)))

    async def ask(n, page):
        await page.send({"type": "question.submit", "ref": n, "text": f"Question {n} from the floor"})
        return await page.until(lambda m: m["type"] in ("ack", "error") and m.get("ref") == n, timeout=60)

    churn = [await RealPage.open(daphnes[i % 2], f"/ws/hustings/{hustings.pk}/", keys[i]) for i in range(10)]
    replies = await asyncio.gather(*(ask(n, page) for n, page in enumerate(pages)))
    for page in churn:
        await page.close()
    assert [r["type"] for r in replies] == ["ack"] * 50, [r for r in replies if r["type"] != "ack"]
    for page in pages:
        await page.close()


async def test_frames_over_the_limit_get_an_error_and_far_over_it_a_clean_close(daphnes, hustings, alice, session_for):
    keys = await database_sync_to_async(lambda: [session_for(alice)])()
    page = await open_as(daphnes[0], hustings, keys[0])
    await page.conn.send('{"type": "question.submit", "text": "' + "x" * 100_000 + '"}')  # 100 KB
    assert (await page.until(lambda m: m["type"] == "error"))["error"] == "message too large (limit 8192 bytes)"
    await page.conn.send('{"type": "question.submit", "text": "' + "x" * 2_000_000 + '"}')  # 2 MB
    assert await page.closed() == 1009  # a close frame saying why, not a dropped connection (1006)
