"""The bus's sending end: a send from a worker thread never waits for ever on its loop.

A closing event loop cancels every task and then waits for its worker threads. A thread that was
just handing an event to the bus then waited, under asgiref's async_to_sync, for a task the loop
had cancelled before it started: each waited for the other, and the process never ended (it
hung the PostgreSQL/Redis test run at the end of a live-page test). The check runs in a child
process, so that if the wait came back the test fails on the child's time limit instead of
hanging the suite.
"""

import subprocess
import sys

from tests.servers import ROOT

CLOSING_LOOP = """
import asyncio, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.pop("REDIS_URL", None)  # the in-memory layer: the question is the loop, not the bus
import django
django.setup()
from asgiref.sync import sync_to_async
from elections.live import transport

async def main():
    loop = asyncio.get_running_loop()
    real = loop.create_task

    def cancelled_before_it_starts(coro, **kwargs):  # what a closing loop does to its tasks
        task = real(coro, **kwargs)
        task.cancel()
        return task

    loop.create_task = cancelled_before_it_starts
    await sync_to_async(transport.send, thread_sensitive=False)({"stream": "demo/1", "seq": 1})
    loop.create_task = real
    print("sent or given up")

asyncio.run(main())
"""


def test_a_send_whose_task_the_loop_cancels_gives_up_instead_of_waiting_for_ever():
    done = subprocess.run([sys.executable, "-c", CLOSING_LOOP], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "sent or given up" in done.stdout
    assert "could not hand a message to the channel layer" in done.stderr  # logged, never raised
