"""The sanitiser is used from several threads at once (the websocket consumer's thread pool)."""

import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from elections.text import render_plain


@pytest.fixture
def eager_thread_switching():
    """Switch threads as often as possible, so a shared parser would be caught mid-parse."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def test_the_sanitiser_gives_the_same_answer_from_many_threads_at_once(eager_thread_switching):
    texts = [f"Question {n}: see https://example.org/{n} and " + "words <b>bold</b> " * 40 for n in range(300)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda t: str(render_plain(t)), texts))
    for n, html in enumerate(results):
        assert f'href="https://example.org/{n}"' in html and "<b>" not in html
