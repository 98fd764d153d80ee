"""Writes for nominations: submit, correct and withdraw a CLP's set, and change a section's rules.

Each write locks the CLP's ``NominationSet`` row (``select_for_update``) before reading its
current nominations, so two officers submitting at once are handled one after the other: the
second sees the first's set and must correct it (with a reason) rather than add to it. The
conditional unique constraint on current nominations backs this up in the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from ballots.nominations import checks, selectors
from ballots.nominations.checks import Proposal
from ballots.nominations.models import (
    AffiliateNomination,
    Nomination,
    NominationChange,
    NominationRules,
    NominationRulesChange,
    NominationSet,
    ThresholdKind,
)
from elections import live
from elections.audit import audit_record
from elections.models import CLP, Section
from elections.permissions import require_clp_officer, require_election_manager
from elections.refusals import Conflict, Unprocessable
from elections.services import section_settings_refusal

CURRENT = Nomination.Status.CURRENT
RULE_FIELDS = ("max_per_clp", "min_women_per_clp", "threshold_kind", "threshold_value", "eligibility_months")
WINDOW_FIELDS = ("nomination_opens", "nomination_closes")  # the section's own fields, changed only here


class NominationRefused(Unprocessable):
    """The set breaks one or more rules (422); ``messages`` lists every reason. When someone else
    changed the set after the form was opened, the refusal is a conflict (409) instead."""

    def __init__(self, reasons: list[str], *, stale: bool = False) -> None:
        reasons = list(dict.fromkeys(reasons))
        super().__init__(" ".join(reasons), errors={"non_field_errors": reasons}, code="nomination_refused")
        if stale:
            self.status_code = Conflict.status_code


def _stale(nset: NominationSet, expected_version: int | None) -> bool:
    return expected_version is not None and expected_version != nset.version


@dataclass
class Plan:
    """What recording a proposal would change in a CLP's set."""

    added: list = field(default_factory=list)  # candidates
    changed: list = field(default_factory=list)  # (old nomination, candidate)
    removed: list = field(default_factory=list)  # nominations
    kept: list = field(default_factory=list)  # nominations

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


def require_officer(user, clp: CLP) -> None:
    require_clp_officer(user, clp, "record its nominations")


def nomination_set_submit(
    *, section: Section, clp: CLP, user, proposal: Proposal, reason: str = "", expected_version: int | None = None,
    source: str = NominationChange.Source.PAGE, now: dt.datetime | None = None,
) -> NominationChange:  # fmt: skip
    """Record a CLP's whole set (a first submission, or a correction replacing the current set).

    Refuses with every reason at once (``NominationRefused``) or records all of it.
    """
    require_officer(user, clp)
    with transaction.atomic():
        return record_set(
            section=section, clp=clp, user=user, proposal=proposal, reason=reason,
            expected_version=expected_version, source=source, now=now,
        )  # fmt: skip


def record_set(*, section, clp, user, proposal, reason="", expected_version=None, source, now=None):
    """Check and record a set. Call inside ``transaction.atomic()``; the caller has checked who may."""
    now = now or timezone.now()
    nset = locked_set(section, clp)
    rules = selectors.nomination_rules_for(section)
    current = current_of(nset)
    plan = plan_for(current, proposal)
    reasons = checks.window_reasons(section, now) + checks.set_reasons(section, rules, proposal, now)
    reasons += _change_reasons(nset, current, plan, reason, expected_version)
    if reasons:
        raise NominationRefused(reasons, stale=_stale(nset, expected_version))
    action = NominationChange.Action.CORRECTED if current else NominationChange.Action.SUBMITTED
    change = _new_change(nset, action, user, reason, source, now)
    _end(plan.removed, change, Nomination.Status.WITHDRAWN)
    _end([old for old, _c in plan.changed], change, Nomination.Status.SUPERSEDED)
    Nomination.objects.bulk_create(
        [_new_nomination(nset, change, c, proposal, rules) for c in plan.added + [c for _old, c in plan.changed]]
    )
    _bump(nset)
    _publish(section, clp, {n.candidate_id for n in current} | {c.pk for c in proposal.candidates}, rules)
    return change


def nomination_withdraw(
    *, section: Section, clp: CLP, user, candidate_ids: list[int] | None, reason: str,
    expected_version: int | None = None, source: str = NominationChange.Source.PAGE, now: dt.datetime | None = None,
) -> NominationChange:  # fmt: skip
    """Withdraw some (or, with ``candidate_ids=None``, all) of a CLP's current nominations."""
    require_officer(user, clp)
    now = now or timezone.now()
    with transaction.atomic():
        nset = locked_set(section, clp)
        current = current_of(nset)
        wanted, reasons = _withdrawal_targets(section, clp, current, candidate_ids)
        reasons = checks.window_reasons(section, now) + reasons
        reasons += _reason_and_version(nset, reason, expected_version, "withdrawal")
        if reasons:
            raise NominationRefused(reasons, stale=_stale(nset, expected_version))
        change = _new_change(nset, NominationChange.Action.WITHDRAWN, user, reason, source, now)
        _end(list(wanted.values()), change, Nomination.Status.WITHDRAWN)
        _bump(nset)
        _publish(section, clp, set(wanted))
    return change


def _withdrawal_targets(section, clp, current: list[Nomination], candidate_ids) -> tuple[dict, list[str]]:
    """The current nominations to withdraw (by candidate id), and the reasons it cannot be done."""
    by_id = {n.candidate_id: n for n in current}
    if not current:
        return {}, [f"{clp} has no nominations recorded in {section.name} to withdraw."]
    if candidate_ids is None:
        return by_id, []
    if not candidate_ids or any(cid not in by_id for cid in candidate_ids):
        return {}, [f"{clp} has no current nomination for that candidate to withdraw."]
    return {cid: by_id[cid] for cid in candidate_ids}, []


def nomination_rules_update(
    *, section: Section, user, reason: str = "", confirm: bool = False, **changes
) -> NominationRules:
    """Change a section's nomination rules (the window too): its returning officers (or staff) only.

    Once any CLP has nominated, the change needs ``confirm`` and a ``reason``; every change is kept
    (``NominationRulesChange``) and shown on the trail and the tracker. Nominations already recorded
    are not judged again under the new rules: they stand as recorded.
    """
    require_election_manager(user, section.election, "change the nomination rules")
    unknown = set(changes) - set(RULE_FIELDS) - set(WINDOW_FIELDS)
    if unknown:
        raise ValueError(f"not a nomination rule: {', '.join(sorted(unknown))}")
    reason = (reason or "").strip()
    with transaction.atomic():
        section = Section.objects.select_for_update(of=("self",)).select_related("election").get(pk=section.pk)
        selectors.nomination_rules_for(section)
        rules = NominationRules.objects.select_for_update().get(section=section)
        rules.section = section
        before = rules_described(rules, section)
        _apply_rule_changes(rules, section, changes)
        changed = {k: [before[k], after] for k, after in rules_described(rules, section).items() if before[k] != after}
        if not changed:
            return rules
        nominated = selectors.clps_ever_nominated(section)
        _refuse_unconfirmed(section, nominated, reason, confirm)
        rules.save()
        section.save(update_fields=list(WINDOW_FIELDS))
        NominationRulesChange.objects.create(
            section=section, made_by=user, reason=reason, changes=changed, clps_nominated=nominated
        )
        audit_record(
            actor=user, action="nomination_rules.changed", section=section, obj=rules,
            details={"changes": changed, "reason": reason, "clps_nominated": nominated},
        )  # fmt: skip
    return rules


def _apply_rule_changes(rules: NominationRules, section: Section, changes: dict) -> None:
    """Set the new values and check them whole; the window is frozen with the counting settings."""
    window = {k: v for k, v in changes.items() if k in WINDOW_FIELDS}
    refusal = section_settings_refusal(section, window)
    if refusal is not None:
        raise refusal
    for name, value in changes.items():
        target = section if name in WINDOW_FIELDS else rules
        if name not in WINDOW_FIELDS or _minute(getattr(section, name)) != _minute(value):
            setattr(target, name, value)
    section.full_clean()
    rules.full_clean()


def _minute(moment):
    return moment.replace(second=0, microsecond=0) if moment else moment


def _refuse_unconfirmed(section: Section, nominated: int, reason: str, confirm: bool) -> None:
    if nominated == 0 or (reason and confirm):
        return
    clps = f"{nominated} CLP{'s' if nominated != 1 else ''} {'have' if nominated != 1 else 'has'}"
    errors = {}
    if not reason:
        errors["reason"] = ["Give the reason for changing the rules now."]
    if not confirm:
        errors["confirm"] = ["Confirm the change."]
    raise Unprocessable(
        f"{clps} already nominated in {section.name}: changing its nomination rules now needs your confirmation "
        "and a reason, which the trail and the tracker show. Nominations already recorded stand as recorded.",
        errors=errors,
        code="rules_confirm",
    )


def rules_described(rules: NominationRules, section: Section) -> dict[str, str]:
    """Each rule in the words the rules page uses, to record what a change did."""
    return {
        "nomination_opens": checks.when(section.nomination_opens),
        "nomination_closes": checks.when(section.nomination_closes),
        "max_per_clp": str(rules.max_per_clp) if rules.max_per_clp else f"the number of seats ({section.seats})",
        "min_women_per_clp": str(rules.min_women_per_clp) if rules.min_women_per_clp else "no rule",
        "threshold_kind": str(ThresholdKind(rules.threshold_kind).label),
        "threshold_value": f"{rules.threshold_value.normalize():f}",
        "eligibility_months": str(rules.eligibility_months) if rules.eligibility_months else "no check",
    }


# --- pieces (call while holding the set's row lock) -----------------------------------------


def locked_set(section: Section, clp: CLP) -> NominationSet:
    NominationSet.objects.get_or_create(section=section, clp=clp)
    return NominationSet.objects.select_for_update().get(section=section, clp=clp)


def current_of(nset: NominationSet) -> list[Nomination]:
    return list(nset.nominations.filter(status=CURRENT).select_related("candidate").order_by("candidate__display_name"))


def plan_for(current: list[Nomination], proposal: Proposal) -> Plan:
    plan = Plan()
    by_candidate = {n.candidate_id: n for n in current}
    wanted = {c.pk: c for c in proposal.candidates}
    for candidate_id, candidate in wanted.items():
        old = by_candidate.get(candidate_id)
        if old is None:
            plan.added.append(candidate)
        elif (old.meeting_date, old.method, old.votes) != (
            proposal.meeting_date,
            proposal.method,
            proposal.votes.get(candidate_id),
        ):
            plan.changed.append((old, candidate))
        else:
            plan.kept.append(old)
    plan.removed = [n for n in current if n.candidate_id not in wanted]
    return plan


def _change_reasons(nset, current, plan: Plan, reason: str, expected_version) -> list[str]:
    if not current:
        return _reason_and_version(nset, reason, expected_version, None)
    reasons = _reason_and_version(nset, reason, expected_version, "correction")
    if plan.empty:
        reasons.append("This is the set already recorded: there is nothing to correct.")
    return reasons


def _reason_and_version(nset, reason: str, expected_version, kind: str | None) -> list[str]:
    reasons = []
    if _stale(nset, expected_version):
        last = nset.changes.select_related("made_by").first()
        who = f" by {_name(last.made_by)} at {checks.when(last.made_at)}" if last else ""
        reasons.append(
            f"{nset.clp}'s nominations were changed{who} after you opened this form: review them and submit again."
        )
    elif kind == "correction" and not reason.strip():
        reasons.append(
            f"{nset.clp} already has nominations recorded: to correct them, give a reason for the correction."
        )
    elif kind == "withdrawal" and not reason.strip():
        reasons.append("Give a reason for the withdrawal.")
    return reasons


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else "someone"


def _new_change(nset, action, user, reason, source, now) -> NominationChange:
    change = NominationChange(
        nomination_set=nset, action=action, made_by=user, made_at=now, reason=reason.strip(), source=source
    )
    change.full_clean(exclude=["nomination_set", "made_by"])  # both already loaded; no need to look them up again
    change.save()
    return change


def _end(nominations: list[Nomination], change: NominationChange, status: str) -> None:
    for n in nominations:
        n.status, n.ended_by = status, change
        n.save(update_fields=["status", "ended_by"])


def _new_nomination(nset, change, candidate, proposal: Proposal, rules) -> Nomination:
    checked, _note = checks.eligibility(candidate, rules, nset.section)
    nomination = Nomination(
        nomination_set=nset, section=nset.section, clp=nset.clp, candidate=candidate,
        meeting_date=proposal.meeting_date, method=proposal.method, votes=proposal.votes.get(candidate.pk),
        eligibility_checked=checked is not None, added_by=change,
    )  # fmt: skip
    # The related rows are already loaded and the constraints are the database's to enforce under the lock.
    nomination.full_clean(
        exclude=["nomination_set", "section", "clp", "candidate", "added_by"], validate_constraints=False
    )
    return nomination


def _bump(nset: NominationSet) -> None:
    nset.version += 1
    nset.save(update_fields=["version"])


def _publish(section: Section, clp: CLP, candidate_ids: set[int], rules: NominationRules | None = None) -> None:
    payload = {
        "clp": (selectors.clp_rows(section, clp) or [selectors.clp_entry([], clp)])[0],
        "candidates": selectors.candidate_rows(section, ids=candidate_ids, rules=rules),
        "clps_nominated": selectors.current_nominations(section).values("clp_id").distinct().count(),
    }
    live.publish(selectors.stream_name(section), "nomination.changed", payload)


def proposal_from_ids(
    *, section: Section, candidate_ids: list[int], meeting_date, method: str, votes: dict | None = None
) -> Proposal:
    """A proposal from candidate ids as a form or API sends them (unknown ids are reported, not dropped)."""
    found = {c.pk: c for c in section.candidates.select_related("user__member").filter(pk__in=candidate_ids)}
    return Proposal(
        candidates=[found[i] for i in candidate_ids if i in found],
        meeting_date=meeting_date,
        method=method,
        votes={int(k): v for k, v in (votes or {}).items()},
        unknown=[f"Candidate number {i}" for i in dict.fromkeys(candidate_ids) if i not in found],
    )


def affiliate_nomination_record(*, candidate, affiliate, user, now: dt.datetime | None = None):
    """Record an affiliate's nomination (returning officers and staff; inside the window)."""
    section = candidate.section
    require_election_manager(user, section.election, "record affiliates' nominations")
    now = now or timezone.now()
    with transaction.atomic():
        Section.objects.select_for_update().filter(pk=section.pk).first()  # one affiliate record at a time per section
        reasons = checks.window_reasons(section, now)
        if candidate.withdrawn:
            reasons.append(f"{candidate.display_name} has withdrawn from the contest and cannot be nominated.")
        if AffiliateNomination.objects.filter(affiliate=affiliate, candidate=candidate).exists():
            reasons.append(f"{affiliate} has already nominated {candidate.display_name}.")
        if reasons:
            raise NominationRefused(reasons)
        nomination = AffiliateNomination(affiliate=affiliate, candidate=candidate, recorded_by=user, recorded_at=now)
        nomination.full_clean()
        nomination.save()
        payload = {"candidates": selectors.candidate_rows(section, ids=[candidate.pk])}
        live.publish(selectors.stream_name(section), "nomination.affiliate", payload)
    return nomination


def affiliate_nomination_remove(*, nomination: AffiliateNomination, user, reason: str, now=None) -> None:
    """Remove an affiliate's nomination recorded in error (returning officers and staff; inside the
    window; with a reason, kept in the audit log with what was removed)."""
    candidate = nomination.candidate
    section = candidate.section
    require_election_manager(user, section.election, "remove affiliates' nominations")
    now = now or timezone.now()
    with transaction.atomic():
        Section.objects.select_for_update().filter(pk=section.pk).first()
        reasons = checks.window_reasons(section, now)
        if not (reason or "").strip():
            reasons.append("Give the reason for removing this affiliate's nomination.")
        if reasons:
            raise NominationRefused(reasons)
        details = {
            "affiliate": str(nomination.affiliate), "candidate": candidate.display_name, "reason": reason.strip(),
            "recorded_at": nomination.recorded_at.isoformat(),
            "recorded_by": getattr(nomination.recorded_by, "username", None),
        }  # fmt: skip
        audit_record(
            actor=user, action="affiliate_nomination.removed", section=section, obj=nomination, details=details
        )
        nomination.delete()
        payload = {"candidates": selectors.candidate_rows(section, ids=[candidate.pk])}
        live.publish(selectors.stream_name(section), "nomination.affiliate", payload)
