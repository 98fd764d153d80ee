"""The platform's one sanitiser: every piece of text a user wrote is rendered through here.

Markdown is rendered with ``markdown`` and the HTML cleaned with ``bleach`` against an allowlist:
headings, paragraphs, lists, emphasis, links, block quotes, code and tables. Everything else
(scripts, styles, event handlers, iframes, images, forms) is removed, links may only point to
http(s) or mailto addresses, and every link gets ``rel="nofollow noopener"``. Remote images are
refused outright: they would leak readers' addresses to whoever hosts them.
"""

from __future__ import annotations

import re
import threading

import bleach
import markdown
from bleach.linkifier import Linker
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
MARKDOWN_EXTENSIONS = ["tables", "sane_lists"]


def _set_rel(attrs, new=False):
    href_key = (None, "href")
    if href_key in attrs:
        attrs[(None, "rel")] = "nofollow noopener"
    return attrs


# bleach's Cleaner and Linker keep parser state and are not thread-safe: one pair per thread
# (database_sync_to_async and threaded servers render from several threads at once).
_local = threading.local()


def _tools() -> tuple[bleach.Cleaner, Linker]:
    if not hasattr(_local, "linker"):
        _local.cleaner = bleach.Cleaner(
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            protocols=ALLOWED_PROTOCOLS,
            strip=True,
            strip_comments=True,
        )
        _local.linker = Linker(callbacks=[_set_rel], skip_tags={"pre", "code"})
    return _local.cleaner, _local.linker


_HEADING = re.compile(r"<(/?)h([1-6])>")
_HEADING_LEVEL = re.compile(r"<h([1-6])>")


def render_markdown(text: str, *, top_heading: int = 1) -> SafeString:
    """User Markdown -> safe HTML.

    ``top_heading`` moves the author's headings down so they fit under the page's own: with 3, the
    author's highest heading (``#`` or ``##``) becomes ``<h3>`` and deeper ones follow, stopping at
    h6, keeping the heading outline in order for screen readers.
    """
    html = markdown.markdown(text or "", extensions=MARKDOWN_EXTENSIONS, output_format="html")
    cleaner, linker = _tools()
    html = linker.linkify(cleaner.clean(html))
    levels = [int(level) for level in _HEADING_LEVEL.findall(html)]
    shift = max(0, min(5, top_heading - min(levels))) if levels else 0
    if shift:
        html = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}>", html)
    return mark_safe(html)


def render_plain(text: str) -> SafeString:
    """User plain text (a question, a reason) -> escaped HTML with line breaks kept; links are
    made clickable with the same rel rules as Markdown."""
    escaped = bleach.clean(text or "", tags=set(), strip=True)
    return mark_safe(_tools()[1].linkify(escaped).replace("\n", "<br>"))
