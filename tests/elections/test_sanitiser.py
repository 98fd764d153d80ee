"""The one sanitiser keeps Markdown formatting and removes anything that could run or track."""

import pytest

from elections.text import render_markdown, render_plain


def test_it_keeps_the_formatting_people_use():
    html = render_markdown("## Why me\n\n- **one**\n- *two*\n\n> quoted\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    for fragment in [
        "<h2>Why me</h2>",
        "<li><strong>one</strong></li>",
        "<em>two</em>",
        "<blockquote>",
        "<table>",
        "<td>1</td>",
    ]:
        assert fragment in html


def test_links_get_nofollow_noopener():
    html = render_markdown("[site](https://example.org) and https://example.com")
    assert html.count('rel="nofollow noopener"') == 2


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        '<img src="https://tracker.example/x.png">',
        "![x](https://tracker.example/x.png)",
        '<a href="javascript:alert(1)">x</a>',
        "[x](javascript:alert(1))",
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        '<p onclick="alert(1)">x</p>',
        "<iframe src=https://evil.example></iframe>",
        "<style>body{display:none}</style>",
    ],
)
def test_it_removes_what_could_run_or_track(attack):
    html = str(render_markdown(attack)).lower()
    for bad in ["<script", "<img", "javascript:", "data:", "onclick", "<iframe", "<style"]:
        assert bad not in html


def test_plain_text_is_escaped_and_keeps_line_breaks():
    assert str(render_plain("a < b\n<b>bold</b>")) == "a &lt; b<br>bold"


@pytest.mark.parametrize(
    "top, expected",
    [
        (1, "<h1>A</h1><h2>B</h2><h6>F</h6>"),
        (3, "<h3>A</h3><h4>B</h4><h6>F</h6>"),
        (6, "<h6>A</h6><h6>B</h6><h6>F</h6>"),
    ],
)
def test_authors_headings_can_start_below_the_pages_own(top, expected):
    html = str(render_markdown("# A\n\n## B\n\n###### F", top_heading=top)).replace("\n", "")
    assert html == expected


def test_an_author_who_starts_at_h2_starts_at_the_pages_level():
    assert (
        str(render_markdown("## Why\n\n### Detail", top_heading=3)).replace("\n", "") == "<h3>Why</h3><h4>Detail</h4>"
    )
