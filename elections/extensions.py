"""Where the apps built on elections (nominations, results, hustings) add to its pages, so the
elections app links to them without importing them or naming their URLs.

Each app registers its providers from its ``AppConfig.ready()``:

- ``section_links(section, user) -> list[Link]``: links for a section's page and its candidates'
  pages (its nominations tracker, its hustings, its result).
- ``happenings(user, now) -> list[Happening]``: what is happening now for this person, for the
  home page (nominations open until…, a hustings live or next, a result declared).
- ``manage_links(section, user) -> list[Link]``: a returning officer's tools for the section on
  the election's manage page (nomination rules, trail, imports, ballots and counts, hustings).

Providers are plain reads (selectors); they must not write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    text: str
    url: str
    note: str = ""  # e.g. "live now", "declared 3 July"


@dataclass(frozen=True)
class Happening:
    """One line of "what is happening now": ``state`` is "now", "next", "done" or "to do"."""

    state: str
    title: str
    detail: str
    url: str
    link_text: str
    when: dt.datetime  # for ordering: what matters soonest first
    section_id: int | None = None


_section_links: list[Callable] = []
_happenings: list[Callable] = []
_manage_links: list[Callable] = []


def register(
    *, section_links: Callable | None = None, happenings: Callable | None = None, manage_links: Callable | None = None
) -> None:
    """Called once per app from ``AppConfig.ready()``; registering the same function twice is a no-op."""
    for provider, registry in (
        (section_links, _section_links),
        (happenings, _happenings),
        (manage_links, _manage_links),
    ):
        if provider is not None and provider not in registry:
            registry.append(provider)


def section_links(section, user) -> list[Link]:
    return [link for provider in _section_links for link in provider(section, user)]


def manage_links(section, user) -> list[tuple[str, list[Link]]]:
    """(heading, links) per app that has tools for this section."""
    groups = [provider(section, user) for provider in _manage_links]
    return [group for group in groups if group and group[1]]


STATE_ORDER = {"now": 0, "to do": 1, "next": 2, "done": 3}


def order(h: Happening) -> tuple:
    """Now, then to do, then next, then done; soonest first, except what is done: most recent first."""
    return STATE_ORDER.get(h.state, 9), h.when.timestamp() * (-1 if h.state == "done" else 1)


def happenings(user, now: dt.datetime) -> list[Happening]:
    return sorted((h for provider in _happenings for h in provider(user, now)), key=order)
