"""Ballot statements are counted the way a person counts words."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from elections.wordcount import count_words

CASES = [
    ("", 0),
    ("   \n\n ", 0),
    ("I will fight for members", 5),
    ("Members deserve a well-run, member-led party.", 6),
    ("I don't think we can't win; we'll win.", 8),
    ("It’s time", 2),
    ("We won 333 nominations in 2020.", 6),
    ("£1,000 raised; 12.5% turnout", 4),
    ("Hello , world ! — and … goodbye", 4),
    ("## Why I am standing", 4),
    ("- one\n- two\n* three\n+ four", 4),
    ("1. first\n2. second\n10) tenth", 3),
    ("**bold** and _italic_ and `code`", 5),
    ("> quoted words here", 3),
    ("[my record](https://example.org/a-very/long/path?x=1) speaks", 3),
    ("![photo of me](https://example.org/me.png)", 3),
    ("See [the plan][plan].\n\n[plan]: https://example.org/plan", 3),
    ("| a | b |\n|---|---|\n| one | two |", 4),
    ("<b>bold</b> text <!-- hidden comment -->", 2),
    ("e.g. this", 2),
    ("email me at ayesha@example.org", 4),
    ("9 seats, 4 women", 4),
    ("mother-in-law's", 1),
    ("Café, naïve résumé", 3),
    ("snake_case", 2),
    ("2019–2024", 2),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_it_counts_words_as_a_person_would(text, expected):
    assert count_words(text) == expected


@pytest.mark.skipif(not shutil.which("node"), reason="needs node to run the browser counter")
def test_the_counter_shown_while_typing_agrees_with_the_server():
    script = Path(__file__).resolve().parents[2] / "static" / "js" / "wordcount.js"
    program = (
        f"const {{countWords}} = require({json.dumps(str(script))});"
        f"const cases = {json.dumps([text for text, _ in CASES])};"
        "console.log(JSON.stringify(cases.map(countWords)));"
    )
    result = subprocess.run(["node", "-e", program], capture_output=True, text=True, check=True, timeout=30)
    assert json.loads(result.stdout) == [expected for _, expected in CASES]
