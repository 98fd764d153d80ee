"""How the apps built on ``elections`` plug into it: the dependency points one way.

``elections`` is the shared base (members, sections, candidates, statements); nominations,
results and hustings build on it and may import it, never the reverse. Where an elections page
or command needs something an app provides (a link to the nominations tracker, whether a
candidate has reached the ballot, an app's demo data), the app registers it here from its
``AppConfig.ready()`` and ``elections`` asks the registry, without naming the app, its modules
or its URL names. An app that is not installed simply registers nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass
class _Registry:
    ballot_status: Callable | None = None  # (section) -> set of the ids of candidates on the ballot
    nav: list[tuple[int, Callable]] = field(default_factory=list)  # (order, (user) -> [Link])
    section: list[Callable] = field(default_factory=list)  # (section, user) -> [Link]
    clp_office: list[Callable] = field(default_factory=list)  # (clp, section, user) -> [Link]
    demos: list[tuple[int, Callable]] = field(default_factory=list)  # (order, () -> [(username, role)])


_registry = _Registry()

# Where the base's own navigation links sit, so an app can place its links among them.
NAV_HOME, NAV_OFFICES, NAV_MANAGE, NAV_ADMIN = 0, 20, 30, 90


def register_ballot_status(provider: Callable) -> None:
    """``provider(section)`` returns the ids of the section's candidates who have reached the ballot."""
    _registry.ballot_status = provider


def register_nav_links(order: int, links: Callable) -> None:
    """``links(user)`` returns the Links this app adds to a signed-in person's navigation."""
    _registry.nav.append((order, links))


def register_section_links(links: Callable) -> None:
    """``links(section, user)`` returns the Links shown on a section's page."""
    _registry.section.append(links)


def register_clp_office_links(links: Callable) -> None:
    """``links(clp, section, user)`` returns the Links shown for a section on a CLP's officers' page."""
    _registry.clp_office.append(links)


def register_demo(order: int, load: Callable) -> None:
    """``load()`` creates or refreshes the app's demo data (idempotent) and returns (username, role)
    pairs for the logins banner. Loaders run in ``order``, after the elections demo."""
    _registry.demos.append((order, load))


def ballot_status_provider() -> Callable | None:
    return _registry.ballot_status


def nav_links(user, own: list[tuple[int, Link]]) -> list[Link]:
    entries = own + [(order, link) for order, links in _registry.nav for link in links(user)]
    return [link for _order, link in sorted(entries, key=lambda entry: entry[0])]


def section_links(section, user) -> list[Link]:
    return [link for links in _registry.section for link in links(section, user)]


def clp_office_links(clp, section, user) -> list[Link]:
    return [link for links in _registry.clp_office for link in links(clp, section, user)]


def demo_loaders() -> list[Callable]:
    return [load for _order, load in sorted(_registry.demos, key=lambda entry: entry[0])]
