"""What hustings add to the elections pages (registered in ``hustings.apps``): a section's
hustings on its page, and on the home page the hustings live now or next that this person may
attend, chair or moderate."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from elections.extensions import Happening, Link
from elections.wording import moment
from hustings import permissions, selectors
from hustings.models import Hustings

CONSOLES = {permissions.CHAIR: ("hustings:chair", "Open the chair console"),
            permissions.MODERATOR: ("hustings:moderate", "Open the moderator console")}  # fmt: skip


def _note(hustings: Hustings) -> str:
    if hustings.state == Hustings.State.ENDED:
        return "ended"
    if hustings.state == Hustings.State.LIVE:
        return "live now"
    return f"{moment(hustings.starts_at)}"


def section_links(section, user) -> list[Link]:
    links = []
    for hustings in selectors.hustings_list().filter(section=section).order_by("starts_at"):
        if permissions.role_of(user, hustings):
            url = reverse("hustings:audience", args=[hustings.pk])
        else:
            url = reverse("hustings:list")
        links.append(Link(f"Hustings: {hustings.title}", url, _note(hustings)))
    return links


def happenings(user, now) -> list[Happening]:
    found = []
    upcoming = selectors.hustings_list().exclude(state=Hustings.State.ENDED).filter(ends_at__gt=now)
    for hustings in upcoming.order_by("starts_at"):
        role = permissions.role_of(user, hustings)
        if role is None:
            continue
        live = hustings.state == Hustings.State.LIVE or hustings.starts_at <= now
        name, text = CONSOLES.get(role, ("hustings:audience", "Join the hustings" if live else "Send a question"))
        detail = f"{hustings.section}: {moment(hustings.starts_at)} to {timezone.localtime(hustings.ends_at):%H:%M}."
        if hustings.state == Hustings.State.OPEN and not live:
            detail += " Questions are open now."
        found.append(Happening(
            "now" if live else "next", f"{'Hustings live now' if live else 'Next hustings'}: {hustings.title}",
            detail, reverse(name, args=[hustings.pk]), text, hustings.starts_at, hustings.section_id,
        ))  # fmt: skip
    return found


def manage_links(section, user) -> tuple[str, list[Link]]:
    links = []
    for hustings in selectors.hustings_list().filter(section=section).order_by("starts_at"):
        if permissions.can_chair(user, hustings):
            links.append(Link(hustings.title, reverse("hustings:chair", args=[hustings.pk]), _note(hustings)))
    return "Hustings", links


def nav_links(user) -> list[Link]:
    return [Link("Hustings", reverse("hustings:list"))]


def load_demo():
    from hustings import demo

    return demo.load()
