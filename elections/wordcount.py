"""Counting words the way a person counts them, for ballot statements' word limits.

A word is a run of letters or digits; runs joined by an apostrophe, hyphen, full stop, comma,
colon, slash or @ with no space are one word ("don't", "well-known", "1,000", "e.g.",
"example.org"). Punctuation on its own and Markdown syntax (list markers, emphasis, heading marks,
link targets, table rules, HTML tags) are not words. ``static/js/wordcount.js`` mirrors this
function step by step so the count shown while typing is the count the server enforces: change
both together.
"""

from __future__ import annotations

import re
import unicodedata

HTML_TAG = re.compile(r"<!--[\s\S]*?-->|</?[A-Za-z][^>]*>")
LINK = re.compile(r"!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:.*$", re.MULTILINE)
LIST_MARKER = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+", re.MULTILINE)
WORD = re.compile(r"[^\W_]+(?:['’\-‐.,:/@][^\W_]+)*")


def strip_markdown(text: str) -> str:
    text = HTML_TAG.sub(" ", unicodedata.normalize("NFC", text or ""))
    text = LINK.sub(r" \1 ", text)
    text = REFERENCE_DEFINITION.sub(" ", text)
    return LIST_MARKER.sub(" ", text)


def count_words(text: str) -> int:
    return len(WORD.findall(strip_markdown(text)))
