"""Helpers for the voting tests."""

import re
from html import unescape


def text(page) -> str:
    """The page's words without markup, spaces collapsed (what a reader sees)."""
    html = page if isinstance(page, str) else page.content.decode()
    words = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    return re.sub(r" ([.,;:)])", r"\1", words).replace("( ", "(")
