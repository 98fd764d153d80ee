"""Where the apps built on elections (nominations, results, hustings) add to its pages, so the
elections app links to them without importing them or naming their URLs: the dependency points
one way (apps import elections, never the reverse; an app not installed registers nothing).

Each app registers its providers from its ``AppConfig.ready()``:

- ``section_links(section, user) -> list[Link]``: links for a section's page and its candidates'
  pages (its nominations tracker, its hustings, its result).
- ``happenings(user, now) -> list[Happening]``: what is happening now for this person, for the
  home page (nominations open until…, a hustings live or next, a result declared).
- ``manage_links(section, user) -> list[Link]``: a returning officer's tools for the section on
  the election's manage page (nomination rules, trail, imports, ballots and counts, hustings).
- ``clp_office_links(clp, section, user) -> list[Link]``: a section's links on a CLP's officers'
  page (its nominations form).
- ``nav_links=(order, provider)``, ``provider(user) -> list[Link]``: the app's links in the
  navigation, placed among the base's own by ``order`` (``NAV_*`` below).
- ``ballot_status(section) -> set[int]``: the ids of the section's candidates on the ballot.
- ``demo=(order, load)``, ``load() -> [(username, role)]``: the app's demo data (idempotent), for
  ``manage.py load_demo``, run after the elections demo in ``order``.

Providers other than ``demo`` are plain reads (selectors); they must not write.
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
_clp_office_links: list[Callable] = []
_nav_links: list[tuple[int, Callable]] = []
_demos: list[tuple[int, Callable]] = []
_ballot_status: list[Callable] = []  # at most one: the nominations app's

# Where the base's own navigation links sit, so an app can place its links among them.
NAV_HOME, NAV_OFFICES, NAV_MANAGE, NAV_ADMIN = 0, 20, 30, 90


def register(
    *,
    section_links: Callable | None = None,
    happenings: Callable | None = None,
    manage_links: Callable | None = None,
    clp_office_links: Callable | None = None,
    nav_links: tuple[int, Callable] | None = None,
    ballot_status: Callable | None = None,
    demo: tuple[int, Callable] | None = None,
) -> None:
    """Called once per app from ``AppConfig.ready()``; registering the same function twice is a no-op."""
    for provider, registry in (
        (section_links, _section_links),
        (happenings, _happenings),
        (manage_links, _manage_links),
        (clp_office_links, _clp_office_links),
        (nav_links, _nav_links),
        (demo, _demos),
    ):
        if provider is not None and provider not in registry:
            registry.append(provider)
    if ballot_status is not None:
        _ballot_status[:] = [ballot_status]


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


def clp_office_links(clp, section, user) -> list[Link]:
    return [link for provider in _clp_office_links for link in provider(clp, section, user)]


def nav_links(user, own: list[tuple[int, Link]]) -> list[Link]:
    """The base's ``own`` (order, Link) pairs and every app's, in order."""
    entries = own + [(order, link) for order, provider in _nav_links for link in provider(user)]
    return [link for _order, link in sorted(entries, key=lambda entry: entry[0])]


def ballot_status_provider() -> Callable | None:
    return _ballot_status[0] if _ballot_status else None


def demo_loaders() -> list[Callable]:
    return [load for _order, load in sorted(_demos, key=lambda entry: entry[0])]
