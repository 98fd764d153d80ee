"""Who may do what. Every check runs on the server; views, API views and consumers call these.

Each kind of check has one ``can_*`` question and one ``require_*`` refusal with one wording, so
a page, the API and a service refusing the same thing say the same sentence. A refusal here is
"not yours to do" (``PermissionDenied``, 403); a rule of the election that stops an action raises
``elections.refusals.Refusal`` instead (409/422).

Roles: member (has a membership record in good standing), candidate (of a section), CLP secretary
and CLP chair (for one CLP), hustings chair and moderator (for one hustings: see
``hustings.permissions``), returning officer (for one election), staff.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from elections.models import CLP, Candidate, CLPOfficer, Election, Member


def member_of(user) -> Member | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.member
    except Member.DoesNotExist:
        return None


def is_member_in_good_standing(user) -> bool:
    member = member_of(user)
    return bool(member and member.in_good_standing)


def offices_held(user) -> list[CLPOfficer]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(CLPOfficer.objects.filter(user=user).select_related("clp"))


def is_clp_officer(user, clp: CLP) -> bool:
    """Secretary or chair of this CLP (not of another, however senior)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return CLPOfficer.objects.filter(user=user, clp=clp).exists()


def is_returning_officer(user, election: Election) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return election.returning_officers.filter(pk=user.pk).exists()


def can_manage_election(user, election: Election) -> bool:
    """Returning officers of this election, and staff."""
    return getattr(user, "pk", None) in election_managers_among([user], election)


def election_managers_among(users, election: Election) -> set[int]:
    """``can_manage_election`` for many people at once (one query): the ids of those who may."""
    signed_in = [u for u in users if getattr(u, "is_authenticated", False)]
    staff = {u.pk for u in signed_in if u.is_staff}
    others = [u.pk for u in signed_in if u.pk not in staff]
    officers = set(election.returning_officers.filter(pk__in=others).values_list("pk", flat=True)) if others else set()
    return staff | officers


def is_candidate(user, candidate: Candidate) -> bool:
    return getattr(user, "is_authenticated", False) and candidate.user_id == user.pk


def require(allowed: bool, reason: str) -> None:
    """Refuse with a reason the person can read (rendered on the 403 page / API error)."""
    if not allowed:
        raise PermissionDenied(reason)


def can_edit_statements(user, candidate: Candidate) -> bool:
    """The candidate themselves, and the election's returning officers (or staff)."""
    return is_candidate(user, candidate) or can_manage_election(user, candidate.section.election)


def can_see_statement_history(user, candidate: Candidate) -> bool:
    """Drafts and earlier revisions: the candidate and the returning officers, never other members."""
    return can_edit_statements(user, candidate)


# -- the refusals: one per kind of check ------------------------------------------------------


def require_election_manager(user, election: Election, doing: str) -> None:
    """``doing`` completes the sentence: "… can {doing}." (e.g. "lock statements")."""
    require(
        can_manage_election(user, election),
        f"Only the returning officers of {election} and staff can {doing}.",
    )


def require_clp_officer(user, clp: CLP, doing: str) -> None:
    require(is_clp_officer(user, clp), f"Only the secretary or chair of {clp} can {doing}.")


def require_candidate(user, candidate: Candidate, doing: str) -> None:
    require(is_candidate(user, candidate), f"Only {candidate.display_name} can {doing}.")


def require_statement_editor(user, candidate: Candidate) -> None:
    require(
        can_edit_statements(user, candidate),
        f"Only {candidate.display_name} and the returning officers of {candidate.section.election} "
        "can edit these statements.",
    )


def require_statement_history_reader(user, candidate: Candidate) -> None:
    require(
        can_see_statement_history(user, candidate),
        f"Only {candidate.display_name} and the returning officers of {candidate.section.election} "
        "can see earlier versions of these statements.",
    )
