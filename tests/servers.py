"""Servers the tests start themselves: a free port, waiting for it, and the demo under Daphne.

One copy of each (they were written out in five test modules). Browser tests run the demo in a
subprocess on its own SQLite file, so they need no test database and prove the pages work with
the embedded defaults.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_log():
    """A file for a server's stderr. Never a pipe: a pipe nobody reads fills up (64 KB of log
    lines on a long test run) and the server then blocks on its next log line, mid-request."""
    return tempfile.TemporaryFile()


def log_tail(log, size: int = 2000) -> str:
    log.seek(0)
    return log.read().decode(errors="replace")[-size:]


def wait_for_port(port: int, process: subprocess.Popen | None = None, timeout: float = 60.0, log=None) -> None:
    """Until something listens on ``port`` (a busy machine starts Daphne slowly), or the process dies."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited early: {log_tail(log) if log else ''}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listened on {port} within {timeout} s")


def demo_env(folder: Path, **extra: str) -> dict[str, str]:
    """The environment of a demo server: its own SQLite file and media, no shared services."""
    skip = {"DATABASE_URL", "REDIS_URL"}
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env.update(SQLITE_PATH=str(folder / "demo.sqlite3"), MEDIA_ROOT=str(folder / "media"), DEBUG="1")
    env.update(extra)
    return env


@contextmanager
def demo_server(folder: Path, **extra_env: str):
    """The demo (migrated and loaded) served by Daphne; yields its base URL."""
    env = demo_env(folder, **extra_env)
    for command in (["migrate", "--noinput", "-v", "0"], ["load_demo"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    log = server_log()
    process = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log,
    )  # fmt: skip
    try:
        wait_for_port(port, process, log=log)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def chromium():
    """Headless Chromium from Debian's package (nothing is downloaded), closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def sign_in(page, username: str, *, base: str = "", password: str | None = None) -> None:
    """Sign ``page`` in through the sign-in form, as a person would (the demo's password unless
    another is given; ``base`` when the page's context has no base URL), and wait until it has
    left the sign-in page."""
    if password is None:
        from elections.demo import DEMO_PASSWORD

        password = DEMO_PASSWORD
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def signed_in(browser, base: str, username: str, **context_options):
    """A new page in its own browser context (``base`` as its base URL), signed in as ``username``."""
    page = browser.new_context(base_url=base, **context_options).new_page()
    sign_in(page, username)
    return page
