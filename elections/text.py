"""The platform's one sanitiser: every piece of text a user wrote is rendered through here.

Markdown is rendered with ``markdown`` (tables, fenced code blocks, sane lists) and the HTML
cleaned with ``bleach`` against an allowlist: headings, paragraphs, lists, emphasis, links, block
quotes, code and tables. Everything else (scripts, styles, event handlers, iframes, images, forms)
is removed; the contents of elements that hold code or styling rather than prose (``<script>``,
``<style>`` and the like) are removed with them, so they never show up as stray text. Links may
only point to http(s) or mailto addresses, and every link gets ``rel="nofollow noopener"``.
Remote images are refused outright: they would leak readers' addresses to whoever hosts them.

Cleaning and turning bare addresses into links happen in one pass (bleach's ``LinkifyFilter``
inside the ``Cleaner``): linkifying already-cleaned HTML in a second pass escaped the text of
code spans a second time, so ``<img>`` in backticks showed as ``&lt;img&gt;``.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import partial
from html.parser import HTMLParser

import bleach
import markdown
from bleach.linkifier import LinkifyFilter
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {
        "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr",
        "ul", "ol", "li", "strong", "em", "b", "i", "code", "pre", "blockquote",
        "a", "table", "thead", "tbody", "tr", "th", "td", "abbr", "del",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"], "abbr": ["title"], "th": ["align"], "td": ["align"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
MARKDOWN_EXTENSIONS = ["tables", "sane_lists", "fenced_code"]

# Elements whose content is code, styling or a document of its own, not words for the reader:
# removed together with everything inside them before the allowlist runs.
_HIDDEN_CONTENT = re.compile(
    r"<(script|style|template|noscript|textarea|title|iframe|object|embed|svg|math|xmp|noembed|noframes)\b"
    r"[^>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)


def _set_rel(attrs, new=False):
    href_key = (None, "href")
    if href_key in attrs:
        attrs[(None, "rel")] = "nofollow noopener"
    return attrs


# bleach's Cleaner keeps parser state and is not thread-safe: one pair per thread
# (database_sync_to_async and threaded servers render from several threads at once).
_local = threading.local()


def _cleaners() -> tuple[bleach.Cleaner, bleach.Cleaner]:
    """(for Markdown's HTML, for plain text): both clean and linkify in one pass."""
    if not hasattr(_local, "plain"):
        linkify = partial(LinkifyFilter, callbacks=[_set_rel], skip_tags={"pre", "code"})
        _local.markdown = bleach.Cleaner(
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            protocols=ALLOWED_PROTOCOLS,
            strip=True,
            strip_comments=True,
            filters=[linkify],
        )
        _local.plain = bleach.Cleaner(tags=set(), strip=True, strip_comments=True, filters=[linkify])
    return _local.markdown, _local.plain


def _without_hidden_content(html: str) -> str:
    previous = None
    while previous != html:  # nested or repeated blocks, e.g. <style><style></style>x</style>
        previous, html = html, _HIDDEN_CONTENT.sub("", html)
    return html


def _markdown_html(text: str) -> str:
    return markdown.markdown(text or "", extensions=MARKDOWN_EXTENSIONS, output_format="html")


_HEADING = re.compile(r"<(/?)h([1-6])>")
_HEADING_LEVEL = re.compile(r"<h([1-6])>")


def render_markdown(text: str, *, top_heading: int = 1) -> SafeString:
    """User Markdown -> safe HTML.

    ``top_heading`` moves the author's headings down so they fit under the page's own: with 3, the
    author's highest heading (``#`` or ``##``) becomes ``<h3>`` and deeper ones follow, stopping at
    h6, keeping the heading outline in order for screen readers.
    """
    html = _cleaners()[0].clean(_without_hidden_content(_markdown_html(text)))
    levels = [int(level) for level in _HEADING_LEVEL.findall(html)]
    shift = max(0, min(5, top_heading - min(levels))) if levels else 0
    if shift:
        html = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}>", html)
    return mark_safe(html)


def render_plain(text: str) -> SafeString:
    """User plain text (a question, a reason) -> escaped HTML with line breaks kept; links are
    made clickable with the same rel rules as Markdown."""
    html = _cleaners()[1].clean(_without_hidden_content(text or ""))
    return mark_safe(html.replace("\n", "<br>"))


_BLOCKS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "li", "pre", "blockquote", "tr", "th", "td"})


class _TextOnly(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self.parts.append(" ")  # "standing</h2><p>I" is two words, "**nurse**." is one

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self.handle_starttag(tag, [])


def plain_excerpt(text: str, *, words: int = 30) -> str:
    """The first ``words`` words of user Markdown as the reader sees them, without any markup
    (for lists that show the start of a statement). Plain text: templates escape it."""
    parser = _TextOnly()
    parser.feed(str(render_markdown(text)))
    parser.close()
    found = "".join(parser.parts).split()
    return " ".join(found[:words]) + ("…" if len(found) > words else "")


@dataclass(frozen=True)
class Removed:
    """What the sanitiser took out of a piece of Markdown: shown to the author before they save."""

    images: int = 0
    elements: tuple[str, ...] = ()  # HTML element names, e.g. ("script", "span")

    def __bool__(self) -> bool:
        return bool(self.images or self.elements)

    def describe(self) -> str:
        """e.g. "2 images and HTML (<span>, <style>)"."""
        parts = []
        if self.images:
            parts.append(f"{self.images} image{'' if self.images == 1 else 's'}")
        if self.elements:
            parts.append("HTML (" + ", ".join(f"<{name}>" for name in self.elements) + ")")
        return " and ".join(parts)


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.images = 0
        self.elements: set[str] = set()

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images += 1
        elif tag not in ALLOWED_TAGS:
            self.elements.add(tag)

    handle_startendtag = handle_starttag


def removed_from(text: str) -> Removed:
    """Which images and HTML elements rendering ``text`` will remove. Markdown itself only writes
    allowed elements (and images), so anything else in its output is HTML the author typed."""
    collector = _TagCollector()
    collector.feed(_markdown_html(text))
    collector.close()
    return Removed(images=collector.images, elements=tuple(sorted(collector.elements)))
