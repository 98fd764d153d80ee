"""Who may do what at a hustings. Pages, the API and the websocket consumer all call these.

Roles, most powerful first: administrators (returning officers of the election and staff) may
do everything the chair does; the chair runs the session; moderators screen questions; members
of the hustings' area (in good standing) ask and vote; candidates taking part may watch.
"""

from __future__ import annotations

from django.utils import timezone

from elections import permissions as base
from hustings.models import Hustings

CHAIR, MODERATOR, MEMBER, CANDIDATE = "chair", "moderator", "member", "candidate"


def can_chair(user, hustings: Hustings) -> bool:
    return role_of(user, hustings) == CHAIR


def can_moderate(user, hustings: Hustings) -> bool:
    return role_of(user, hustings) in (CHAIR, MODERATOR)


def member_refusal(user, hustings: Hustings) -> str | None:
    """Why this person may not take part as a member, or None if they may."""
    member = base.member_of(user)
    if member is None:
        return "Only party members can take part in hustings."
    if not member.in_good_standing:
        return "Your membership is not in good standing, so you cannot take part in hustings until it is."
    if hustings.clp_id and member.clp_id != hustings.clp_id:
        return f"This hustings is for members of {hustings.clp}; your CLP is {member.clp}."
    if hustings.region and member.clp.region != hustings.region:
        return f"This hustings is for members in {hustings.get_region_display()}; your CLP is in {member.clp.get_region_display()}."
    return None


def role_of(user, hustings: Hustings) -> str | None:
    """The most powerful role this person has at this hustings, or None if they may not attend."""
    return roles_of([user], hustings).get(getattr(user, "pk", None))


def roles_of(users, hustings: Hustings) -> dict:
    """``role_of`` for many people at once, in a few queries whatever their number: the live page
    checks every connected person's role again every few seconds (elections/live)."""
    signed_in = [u for u in users if getattr(u, "is_authenticated", False)]
    ids = [u.pk for u in signed_in]
    admins = base.election_managers_among(signed_in, hustings.section.election)
    moderators = set(hustings.moderators.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    candidates = set(hustings.candidates.filter(user_id__in=ids).values_list("user_id", flat=True)) if ids else set()
    roles = {}
    for user in signed_in:
        if hustings.chair_id == user.pk or user.pk in admins:
            roles[user.pk] = CHAIR
        elif user.pk in moderators:
            roles[user.pk] = MODERATOR
        elif member_refusal(user, hustings) is None:
            roles[user.pk] = MEMBER
        elif user.pk in candidates:
            roles[user.pk] = CANDIDATE
        else:
            roles[user.pk] = None
    return roles


def attendance_refusal(user, hustings: Hustings) -> str | None:
    if role_of(user, hustings) is not None:
        return None
    return member_refusal(user, hustings)


def ask_refusal(user, hustings: Hustings) -> str | None:
    """Why this person may not ask or vote now, or None if they may."""
    refusal = member_refusal(user, hustings)
    if refusal:
        return refusal
    if hustings.state == Hustings.State.SCHEDULED:
        starts = timezone.localtime(hustings.starts_at)
        return f"Questions open when the hustings opens; it starts {starts:%d %B at %H:%M}."
    if hustings.state == Hustings.State.ENDED:
        return "This hustings has ended; it no longer takes questions or votes."
    return None


def can_export_transcript(user, hustings: Hustings) -> bool:
    return can_chair(user, hustings)


def require_chair(user, hustings: Hustings) -> None:
    base.require(can_chair(user, hustings), f"Only the chair of {hustings} or a returning officer can do that.")


def require_moderator(user, hustings: Hustings) -> None:
    base.require(can_moderate(user, hustings), f"Only the moderators and chair of {hustings} can do that.")


def require_transcript_reader(user, hustings: Hustings) -> None:
    base.require(
        can_export_transcript(user, hustings),
        f"Only the chair of {hustings} and the returning officers can download its transcript.",
    )


def require_attendance(user, hustings: Hustings) -> None:
    refusal = attendance_refusal(user, hustings)
    base.require(refusal is None, refusal or "")


def require_asker(user, hustings: Hustings) -> None:
    refusal = ask_refusal(user, hustings)
    base.require(refusal is None, refusal or "")
