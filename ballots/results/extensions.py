"""What results add to the elections pages (registered in ``ballots.apps``): a section's declared
result (or, for its returning officers, its ballots and counts), and on the home page the
results declared and, for returning officers, the closed ballots still to declare."""

from __future__ import annotations

from django.urls import reverse

from ballots.results import permissions, selectors
from elections.extensions import Happening, Link
from elections.models import Section
from elections.wording import moment


def section_links(section: Section, user) -> list[Link]:
    links = []
    declared = selectors.declared_count(section)
    if declared:
        links.append(
            Link("The declared result", declared.get_absolute_url(), f"declared {moment(declared.declared_at)}")
        )
    if permissions.can_manage_results(user, section):
        links.append(Link("Ballots and counts", reverse("results:section", args=[section.election.slug, section.slug])))
    return links


def happenings(user, now) -> list[Happening]:
    found = []
    for count in selectors.declared_counts():
        elected = ", ".join(count.elected) or "nobody"
        found.append(Happening(
            "done", f"Result declared: {count.section}", f"Elected: {elected}.", count.get_absolute_url(),
            "Read the result sheet", count.declared_at, count.section_id,
        ))  # fmt: skip
    declared_sections = {h.section_id for h in found}
    closed = Section.objects.select_related("election").filter(ballot_closes__lte=now)
    for section in closed:
        if section.pk not in declared_sections and permissions.can_manage_results(user, section):
            found.append(Happening(
                "to do", f"Count and declare {section}", f"The ballot closed at {moment(section.ballot_closes)}.",
                reverse("results:section", args=[section.election.slug, section.slug]), "Ballots and counts",
                section.ballot_closes, section.pk,
            ))  # fmt: skip
    return found


def manage_links(section: Section, user) -> tuple[str, list[Link]]:
    if not permissions.can_manage_results(user, section):
        return "Results", []
    args = [section.election.slug, section.slug]
    links = [Link("Ballots and counts", reverse("results:section", args=args))]
    declared = selectors.declared_count(section)
    if declared:
        links.append(
            Link("The declared result", declared.get_absolute_url(), f"declared {moment(declared.declared_at)}")
        )
    else:
        links += [Link("Load a ballot file", reverse("results:upload", args=args)),
                  Link("Record a scrutineer's return", reverse("results:return_create", args=args))]  # fmt: skip
    return "Results", links


def nav_links(user) -> list[Link]:
    return [Link("Results", reverse("results:index"))]


def load_demo():
    from ballots.results import demo

    return demo.load()
