"""The demo command starts the count worker beside Daphne, and stops it when Daphne stops."""

import pytest

from config import bootstrap


class FakeWorker:
    def __init__(self, command, cwd):
        self.command, self.stopped = command, False

    def terminate(self):
        self.stopped = True

    def wait(self, timeout=None):
        return 0


def test_the_demo_runs_a_count_worker_beside_daphne_and_stops_it_after(monkeypatch):
    managed, started, served = [], [], []
    monkeypatch.setattr(bootstrap, "manage", lambda *args: managed.append(args))
    monkeypatch.setattr(
        bootstrap.subprocess, "Popen", lambda command, cwd: started.append(FakeWorker(command, cwd)) or started[-1]
    )
    monkeypatch.setattr(bootstrap.subprocess, "call", lambda command, cwd: served.append(command) or 0)
    with pytest.raises(SystemExit) as exited:
        bootstrap.demo(["8123"])
    assert exited.value.code == 0
    assert [args[0] for args in managed] == ["migrate", "load_demo"]
    (worker,) = started
    assert worker.command[-2:] == ["manage.py", "count_worker"] and worker.stopped
    assert served[0][-5:] == ["-b", "127.0.0.1", "-p", "8123", "config.asgi:application"]
