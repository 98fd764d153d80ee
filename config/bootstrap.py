"""Set everything up on a fresh machine and run the demo or the tests.

    python3.11 -m config.bootstrap demo      # venv, install, migrate, demo data, Daphne on :8000
    python3.11 -m config.bootstrap test      # venv, install, the whole test suite

Standard library only: this runs before anything is installed. The virtual environment lives in
``.venv`` beside the code; dependencies come from ``pyproject.toml`` and are installed again only
when that file changes. Running either command twice is safe.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
NO_TESTS_COLLECTED = 5


def say(message: str) -> None:
    print(f"[bootstrap] {message}", flush=True)


def requirements() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [*project["dependencies"], *project["optional-dependencies"]["test"]]


def ensure_venv() -> None:
    if sys.version_info < (3, 11):
        sys.exit("Python 3.11 or newer is needed: run this with python3.11")
    if not PYTHON.exists():
        say(f"creating the virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    wanted = requirements()
    stamp = VENV / f".installed-{hashlib.sha256(chr(10).join(wanted).encode()).hexdigest()[:16]}"
    if stamp.exists():
        return
    say("installing dependencies (pinned in pyproject.toml)")
    run([str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q", *wanted])
    for old in VENV.glob(".installed-*"):
        old.unlink()
    stamp.touch()


def run(command: list[str], env: dict | None = None) -> int:
    code = subprocess.call(command, cwd=ROOT, env=env)
    if code != 0:
        sys.exit(code)
    return code


def manage(*args: str) -> None:
    run([str(PYTHON), "manage.py", *args])


def demo(args: list[str]) -> None:
    port = args[0] if args else os.environ.get("PORT", "8000")
    manage("migrate", "--noinput", "-v", "0")
    manage("load_demo")
    # Counts are queued in the database and run by the count worker, a process of its own.
    say("starting the count worker (manage.py count_worker)")
    worker = subprocess.Popen([str(PYTHON), "manage.py", "count_worker"], cwd=ROOT)
    say(f"starting Daphne on http://127.0.0.1:{port}/ (Ctrl+C to stop)")
    code = 0
    try:
        code = subprocess.call(
            [str(BIN / "daphne"), "-b", "127.0.0.1", "-p", port, "config.asgi:application"], cwd=ROOT
        )
    except KeyboardInterrupt:
        pass
    finally:
        worker.terminate()
        worker.wait(timeout=60)  # it finishes the count it is running first
    sys.exit(code)


def test(args: list[str]) -> None:
    code = subprocess.call([str(PYTHON), "-m", "pytest", *args], cwd=ROOT)
    if code == NO_TESTS_COLLECTED:
        say("pytest collected no tests: that is a failure, not a pass")
        sys.exit(1)
    sys.exit(code)


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in {"demo", "test", "setup"}:
        sys.exit("usage: python3.11 -m config.bootstrap {demo [PORT] | test [PYTEST ARGS...] | setup}")
    ensure_venv()
    {"demo": demo, "test": test, "setup": lambda _args: None}[argv[0]](argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
