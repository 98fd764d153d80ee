"""Misconfiguration stops the platform at start-up with one clear line and exit status 2."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY"}}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60
    )


def assert_one_clear_line(result, fragment):
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("configuration error: ")
    assert fragment in lines[0]
    assert "Traceback" not in result.stderr


def test_a_bad_database_url_stops_manage_py():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "DATABASE_URL": "mysql://nope/db"},
    )  # fmt: skip
    assert_one_clear_line(result, "DATABASE_URL: unsupported scheme 'mysql'")


def test_production_refuses_the_development_secret():
    result = run_python("import config.asgi", DEBUG="0", ALLOWED_HOSTS="nec.example.org")
    assert_one_clear_line(result, "SECRET_KEY must be set")


def test_production_refuses_an_unreachable_redis():
    port = free_port()
    result = run_python(
        "import config.asgi",
        DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="nec.example.org", REDIS_URL=f"redis://127.0.0.1:{port}/0",
    )  # fmt: skip
    assert_one_clear_line(result, f"Redis at redis://127.0.0.1:{port}/0 is unreachable")


def test_an_unreachable_database_stops_the_asgi_app():
    port = free_port()
    result = run_python("import config.asgi", DATABASE_URL=f"postgres://u:p@127.0.0.1:{port}/nec")
    assert_one_clear_line(result, "database postgresql at 127.0.0.1 is unreachable")


@pytest.mark.parametrize("debug", ["1", "0"])
def test_a_good_configuration_starts(debug, tmp_path):
    env = {
        "DEBUG": debug,
        "SECRET_KEY": "k" * 50,
        "ALLOWED_HOSTS": "localhost",
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
    }
    result = run_python("import config.asgi; print(type(config.asgi.application).__name__)", **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ProtocolTypeRouter"


GOOD = {"DEBUG": "0", "SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "localhost"}


def test_the_asgi_process_runs_its_collector_with_the_configured_thresholds(tmp_path):
    code = "import gc; before = gc.get_threshold(); import config.asgi; print(before, gc.get_threshold())"
    env = {**GOOD, "SQLITE_PATH": str(tmp_path / "db.sqlite3")}
    default = run_python(code, **env)
    assert default.returncode == 0, default.stderr
    assert default.stdout.split() == ["(700,", "10,", "10)", "(700,", "10,", "10)"]  # Python's own
    chosen = run_python(code, LIVE_GC_THRESHOLDS="20000,50,20", **env)
    assert chosen.returncode == 0, chosen.stderr
    assert chosen.stdout.split() == ["(700,", "10,", "10)", "(20000,", "50,", "20)"]


def test_bad_collector_thresholds_stop_the_asgi_app(tmp_path):
    env = {**GOOD, "SQLITE_PATH": str(tmp_path / "db.sqlite3"), "LIVE_GC_THRESHOLDS": "0,10,10"}
    result = run_python("import config.asgi", **env)
    assert_one_clear_line(result, "LIVE_GC_THRESHOLDS='0,10,10': 0 is not from 1 to 10,000,000")
