"""No vector from the XSS corpus survives the platform's one sanitiser.

The corpus (``xss_vectors.txt``) is mostly the OWASP XSS Filter Evasion Cheat Sheet plus
Markdown-specific vectors. Each vector is rendered through ``render_markdown`` and
``render_plain``, and the output is parsed with ``html.parser`` the way a browser would see it:
every element must be on the allowlist below (written from the issue, not copied from the
sanitiser), no event handler or style attribute may remain, every link must point at http, https
or mailto (after the whitespace and control characters a browser ignores are removed), and no
image may appear at all.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from elections.text import render_markdown, render_plain

CORPUS = Path(__file__).with_name("xss_vectors.txt")
SEPARATOR = "%%%"

ALLOWED_ELEMENTS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "ul", "ol", "li", "strong", "em", "b", "i",
    "code", "pre", "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td", "abbr", "del",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"href", "title", "rel", "align"}
SAFE_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "background", "cite", "data", "xlink:href", "srcset"}
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def load_vectors() -> list[str]:
    text = CORPUS.read_text(encoding="utf-8")
    _header, *blocks = text.split(f"\n{SEPARATOR}\n")
    return [block.rstrip("\n") for block in blocks if block.strip()]


VECTORS = load_vectors()


def browser_scheme(url: str) -> str | None:
    """The scheme a browser would use: it strips leading/trailing C0 controls and spaces and
    ignores tabs and newlines anywhere in the URL."""
    cleaned = re.sub(r"[\t\n\r]", "", url.strip("".join(chr(c) for c in range(0x21))))
    match = SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


class Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_endtag(self, tag):
        if tag not in ALLOWED_ELEMENTS:
            self.problems.append(f"closing tag </{tag}> survived")

    def handle_comment(self, data):
        self.problems.append(f"comment survived: {data!r}")

    def handle_decl(self, decl):
        self.problems.append(f"declaration survived: {decl!r}")

    def handle_pi(self, data):
        self.problems.append(f"processing instruction survived: {data!r}")

    def unknown_decl(self, data):
        self.problems.append(f"unknown declaration survived: {data!r}")

    def _check(self, tag, attrs):
        if tag == "img":
            self.problems.append("an <img> survived")
        if tag not in ALLOWED_ELEMENTS:
            self.problems.append(f"element <{tag}> survived")
        names = [name for name, _value in attrs]
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name} survived on <{tag}>")
            if name == "style":
                self.problems.append(f"style attribute survived on <{tag}>")
            if name not in ALLOWED_ATTRIBUTES:
                self.problems.append(f"attribute {name} survived on <{tag}>")
            if name in URL_ATTRIBUTES and value is not None:
                scheme = browser_scheme(value)
                if scheme is not None and scheme not in SAFE_SCHEMES:
                    self.problems.append(f"{name} with scheme {scheme!r} survived on <{tag}>: {value!r}")
        if tag == "a" and "href" in names:
            rel = dict(attrs).get("rel") or ""
            if not {"nofollow", "noopener"} <= set(rel.split()):
                self.problems.append(f"link without rel=nofollow noopener: {attrs!r}")


def problems_in(html: str) -> list[str]:
    inspector = Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


def test_the_corpus_is_large_enough_to_mean_something():
    assert len(VECTORS) >= 80
    assert len(set(VECTORS)) == len(VECTORS), "duplicate vectors"


@pytest.mark.parametrize("vector", VECTORS, ids=[f"v{n:03d}" for n in range(len(VECTORS))])
@pytest.mark.parametrize("render", [render_markdown, render_plain], ids=["markdown", "plain"])
def test_no_vector_survives(render, vector):
    html = str(render(vector))
    assert problems_in(html) == [], html


@pytest.mark.parametrize(
    "html, expected",
    [
        ('<img src="x">', "an <img> survived"),
        ('<a href="java\tscript:alert(1)" rel="nofollow noopener">x</a>', "href with scheme 'javascript'"),
        ('<p onclick="x">y</p>', "event handler onclick survived"),
        ('<p style="x">y</p>', "style attribute survived"),
        ("<iframe></iframe>", "element <iframe> survived"),
        ('<a href="https://example.org">x</a>', "link without rel=nofollow noopener"),
    ],
)
def test_the_inspector_itself_catches_what_it_should(html, expected):
    assert any(expected in problem for problem in problems_in(html))
