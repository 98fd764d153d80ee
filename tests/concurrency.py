"""Calls run at the same instant in separate threads, for the tests of races on a real database.

Each call runs in its own thread with its own database connection (closed afterwards), all
released together by a barrier, and what each returned or raised comes back in call order, so a
test can say exactly which of two racing actions won and how the other was refused.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def race(*calls: Callable[[], object], timeout: float = 60.0) -> list[object]:
    """Run ``calls`` together; each outcome is the call's return value or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(i: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=timeout)
            outcomes[i] = call()
        except Exception as exc:  # a 500 would surface here as the test client's exception
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=timeout)
    assert not any(t.is_alive() for t in threads), f"a racing call did not finish within {timeout} s"
    return outcomes
