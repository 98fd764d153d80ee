"""The one sanitiser keeps Markdown formatting and removes anything that could run or track."""

import pytest

from elections.text import plain_excerpt, removed_from, render_markdown, render_plain


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


def test_code_spans_show_what_the_author_typed_escaped_once():
    html = str(render_markdown("Never paste `<img src=x>` or `a & b` here; see https://example.org"))
    assert "<code>&lt;img src=x&gt;</code>" in html
    assert "<code>a &amp; b</code>" in html
    assert "&amp;lt;" not in html and "&amp;amp;" not in html
    assert 'href="https://example.org"' in html


def test_fenced_code_blocks_become_preformatted_code():
    html = str(render_markdown("Before\n\n```python\nif a < b:\n    print('x')\n```\n\nAfter"))
    assert "<pre><code>if a &lt; b:\n    print('x')\n</code></pre>" in html
    assert "```" not in html


def test_a_link_inside_code_is_left_as_text():
    assert "<a" not in str(render_markdown("`https://example.org`"))


@pytest.mark.parametrize(
    "attack, left",
    [
        ("<style>body{display:none}</style>after", "<p>after</p>"),
        ("<script>alert(1)</script>after", "<p>after</p>"),
        ('<STYLE type="text/css">p { color: red }</STYLE>\n\nafter', "<p>after</p>"),
        ("<p>kept</p><textarea>dropped</textarea>", "<p>kept</p>"),
    ],
)
def test_script_and_style_contents_do_not_show_as_text(attack, left):
    html = str(render_markdown(attack)).strip()
    assert html == left
    assert "display" not in html and "alert" not in html and "color" not in html and "dropped" not in html


def test_plain_text_drops_script_and_style_contents_too():
    assert str(render_plain("<style>p{}</style>Why <script>x()</script>now?")) == "Why now?"


def test_an_excerpt_is_the_words_a_reader_sees_without_markup():
    body = "## Why I am standing\n\nI am a **nurse** and a [steward](https://example.org).\n\n- one\n- two"
    assert plain_excerpt(body, words=9) == "Why I am standing I am a nurse and…"
    assert plain_excerpt(body, words=50) == "Why I am standing I am a nurse and a steward. one two"
    assert plain_excerpt("<script>alert(1)</script>Hello", words=5) == "Hello"


@pytest.mark.parametrize(
    "text, images, elements, description",
    [
        ("Plain **Markdown** with a [link](https://example.org)", 0, (), ""),
        ("![me](https://example.org/me.png) and ![you](x.png)", 2, (), "2 images"),
        ('<img src="x.png"> and <span class="x">hi</span>', 1, ("span",), "1 image and HTML (<span>)"),
        ("<style>p{}</style><script>x</script>", 0, ("script", "style"), "HTML (<script>, <style>)"),
        ("`<img src=x>` is only code", 0, (), ""),
    ],
)
def test_it_says_which_images_and_html_it_will_remove(text, images, elements, description):
    removed = removed_from(text)
    assert (removed.images, removed.elements, removed.describe(), bool(removed)) == (
        images,
        elements,
        description,
        bool(description),
    )
