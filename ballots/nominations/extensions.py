"""What nominations add to the elections pages (registered in ``ballots.apps``): the tracker link
on each section page, and on the home page the windows open now or next and, for a CLP's
secretary or chair, their CLP's nominations to record."""

from __future__ import annotations

from django.urls import reverse

from ballots.nominations import selectors
from elections.extensions import Happening, Link
from elections.models import Section
from elections.permissions import offices_held
from elections.wording import moment, quantity


def _tracker(section: Section) -> str:
    return reverse("nominations:tracker", args=[section.election.slug, section.slug])


def section_links(section: Section, user) -> list[Link]:
    note = "open now" if section.nominations_open_now else ""
    return [Link("CLP nominations: the running count", _tracker(section), note)]


def happenings(user, now) -> list[Happening]:
    found = []
    sections = Section.objects.select_related("election").filter(nomination_closes__gt=now)
    offices = offices_held(user)
    for section in sections:
        if section.nomination_opens > now:
            found.append(Happening(
                "next", f"Nominations open for {section}", f"CLPs can nominate from {moment(section.nomination_opens)} "
                f"until {moment(section.nomination_closes)}.", _tracker(section), "The nominations tracker",
                section.nomination_opens, section.pk,
            ))  # fmt: skip
            continue
        nominated = selectors.current_nominations(section).values("clp_id").distinct().count()
        found.append(Happening(
            "now", f"Nominations are open: {section}",
            f"CLPs can nominate until {moment(section.nomination_closes)}; {quantity(nominated, 'CLP')} "
            f"{'has' if nominated == 1 else 'have'} nominated so far.",
            _tracker(section), "See the running count", section.nomination_closes, section.pk,
        ))  # fmt: skip
        for office in offices:
            found.append(_for_officer(section, office.clp))
    return found


def _for_officer(section: Section, clp) -> Happening:
    _nset, current = selectors.clp_set(section, clp)
    url = reverse("nominations:clp", args=[section.election.slug, section.slug, clp.slug])
    if current:
        detail = f"{clp} has nominated {quantity(len(current), 'candidate')}; you can correct them until {moment(section.nomination_closes)}."
        return Happening("done", f"{clp}'s nominations for {section.name} are recorded", detail, url,
                         f"Check {clp}'s nominations", section.nomination_closes, section.pk)  # fmt: skip
    detail = f"Record the nominations your meeting decided before {moment(section.nomination_closes)}."
    return Happening("to do", f"{clp} has not nominated yet in {section.name}", detail, url,
                     f"Record {clp}'s nominations", section.nomination_closes, section.pk)  # fmt: skip


def manage_links(section: Section, user) -> tuple[str, list[Link]]:
    args = [section.election.slug, section.slug]
    names = [("nominations:tracker", "Tracker"), ("nominations:rules", "Nomination rules"),
             ("nominations:trail", "Trail of changes"), ("nominations:import", "Import a CSV"),
             ("nominations:affiliates", "Affiliates' nominations")]  # fmt: skip
    return "Nominations", [Link(text, reverse(name, args=args)) for name, text in names]


def clp_office_links(clp, section: Section, user) -> list[Link]:
    """On a CLP's officers' page: the CLP's nominations form for the section."""
    url = reverse("nominations:clp", args=[section.election.slug, section.slug, clp.slug])
    return [Link(f"{clp}'s nominations for {section.name}", url)]


def load_demo():
    from ballots.nominations import demo

    return demo.load()
