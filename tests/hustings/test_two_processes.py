"""Two real Daphne processes over Redis serve one hustings: every client sees every event,
whichever process it is connected to.

Needs REDIS_URL and a database both processes can open (PostgreSQL in CI; a file SQLite works
too). Each process is started with the test database's own settings.
"""

import asyncio
import os
import subprocess
import sys

import pytest
from channels.db import database_sync_to_async
from django.db import connection

from tests.hustings.wsclient import Socket
from tests.servers import ROOT, free_port, wait_for_port

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def database_url() -> str:
    db = connection.settings_dict
    if "postgresql" in db["ENGINE"]:
        return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    name = str(db["NAME"])
    if "memory" in name or not name:
        pytest.skip("two processes need a shared database: run with DATABASE_URL (PostgreSQL) or a file SQLite")
    return f"sqlite:///{name}"


@pytest.fixture(scope="module")
def daphnes(django_db_setup, django_db_blocker):
    """Two Daphne processes for the whole module (starting them is the slow part)."""
    env = {**os.environ, "DATABASE_URL": database_url(), "REDIS_URL": os.environ["REDIS_URL"], "DEBUG": "1"}
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    try:
        for port, process in zip(ports, processes):
            wait_for_port(port, process)
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def session_for(client):
    def make(user):
        client.force_login(user)
        key = client.cookies["sessionid"].value
        client.cookies.clear()
        return key

    return make


async def test_an_approval_on_one_process_reaches_members_on_both(daphnes, hustings, alice, bob, mo, session_for):
    first, second = daphnes
    path = f"/ws/hustings/{hustings.pk}/"
    keys = await database_sync_to_async(lambda: [session_for(u) for u in (alice, bob, mo)])()
    member_a = await Socket.open("127.0.0.1", first, path, keys[0])
    member_b = await Socket.open("127.0.0.1", second, path, keys[1])
    moderator = await Socket.open("127.0.0.1", first, path, keys[2])
    for s in (member_a, member_b, moderator):
        await s.until(lambda m: m["type"] == "welcome")

    member_b.send({"type": "question.submit", "ref": 1, "text": "Asked on process two"})
    ack = await member_b.until(lambda m: m["type"] in ("ack", "error"))
    assert ack["type"] == "ack", ack
    qid = ack["question"]["id"]
    submitted = await moderator.until(lambda m: m["type"] == "question.submitted")  # process two -> one
    assert submitted["question"]["id"] == qid

    moderator.send({"type": "question.approve", "ref": 2, "id": qid})
    for member in (member_a, member_b):
        got = await member.until(lambda m: m["type"] == "question.approved", timeout=5)
        assert got["question"]["id"] == qid and got["stream"] == hustings.stream
    for s in (member_a, member_b, moderator):
        await s.close()


async def test_presence_counts_people_on_both_processes(daphnes, hustings, alice, bob, session_for):
    first, second = daphnes
    path = f"/ws/hustings/{hustings.pk}/"
    keys = await database_sync_to_async(lambda: [session_for(u) for u in (alice, bob)])()
    a = await Socket.open("127.0.0.1", first, path, keys[0])
    b = await Socket.open("127.0.0.1", second, path, keys[1])
    seen = await a.until(lambda m: m["type"] == "presence" and m["present"] == 2, timeout=5)
    assert seen["present"] == 2
    await a.close()
    await b.close()


async def test_a_member_on_one_process_never_gets_the_moderators_stream_from_the_other(
    daphnes, hustings, alice, mo, session_for, ask
):
    first, second = daphnes
    path = f"/ws/hustings/{hustings.pk}/"
    keys = await database_sync_to_async(lambda: [session_for(u) for u in (alice, mo)])()
    member = await Socket.open("127.0.0.1", first, path, keys[0])
    moderator = await Socket.open("127.0.0.1", second, path, keys[1])
    await member.until(lambda m: m["type"] == "welcome")
    await moderator.until(lambda m: m["type"] == "welcome")
    await database_sync_to_async(ask)(alice, "Pending: for moderators only")
    await moderator.until(lambda m: m["type"] == "question.submitted")
    await asyncio.sleep(0.3)
    leaked = []
    while not member.queue.empty():
        leaked.append(member.queue.get_nowait())
    assert not [m for m in leaked if m and m.get("stream") == hustings.mod_stream]
    await member.close()
    await moderator.close()
