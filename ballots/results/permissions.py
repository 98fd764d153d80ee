"""Who may load ballots, run counts, declare and see results. Pages and API call the same checks."""

from __future__ import annotations

from elections.models import Section
from elections.permissions import can_manage_election, member_of, require, require_election_manager


def can_manage_results(user, section: Section) -> bool:
    """The section's returning officers and staff."""
    return bool(getattr(user, "is_authenticated", False)) and can_manage_election(user, section.election)


def require_manage(user, section: Section, doing: str) -> None:
    require_election_manager(user, section.election, doing)


def require_see_count(user, count) -> None:
    """Declared results are for every member; anything before declaration is for the RO and staff."""
    if can_manage_results(user, count.section):
        return
    require(
        count.is_declared,
        f"This count of {count.section} has not been declared: until the returning officer declares "
        "a result, counts are shown only to the returning officers and staff.",
    )
    require_see_declared(user)


def require_see_declared(user) -> None:
    require(
        bool(getattr(user, "is_staff", False)) or member_of(user) is not None,
        "Declared results are shown to party members; your account has no membership record.",
    )


def require_staff(user, doing: str) -> None:
    require(bool(getattr(user, "is_staff", False)), f"Only staff can {doing}.")


def require_see_comparison(user, comparison) -> None:
    """A rule comparison is the returning officers' until the section's result is declared; then
    every member may read the comparison of the declared count's ballots."""
    if can_manage_results(user, comparison.section):
        return
    from ballots.results.selectors import declared_count

    declared = declared_count(comparison.section)
    require(
        declared is not None and declared.ballot_set_id == comparison.ballot_set_id,
        f"This comparison of the counting rules for {comparison.section} is not published: until the returning "
        "officer declares a result from these ballots, it is shown only to the returning officers and staff.",
    )
    require_see_declared(user)
