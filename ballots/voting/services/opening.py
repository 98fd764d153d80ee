"""Opening a ballot: check what it will be, draw up its electorate, and start it, all or nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from ballots.nominations import checks as nomination_checks
from ballots.nominations import selectors as nomination_selectors
from ballots.results.services import audit_record, require_not_declared
from ballots.voting import electorate, permissions
from ballots.voting.choices import plural
from ballots.voting.models import OnlineBallot, Voter
from elections.models import CLP, Candidate, CountingMethod, Section
from elections.refusals import Conflict, Unprocessable

when = nomination_checks.when
MAX_DAYS_OPEN = 90  # a CLP ballot runs for a meeting or a few weeks, never months


def _refuse(errors: dict[str, list[str]]) -> None:
    if errors:
        messages = [m for ms in errors.values() for m in ms]
        raise Unprocessable(" ".join(messages), errors=errors, code="ballot_settings")


def candidate_reasons(candidates: list[Candidate], places: int, min_women: int) -> list[str]:
    """Why these candidates cannot make this ballot (names the sealed file cannot hold, too few, ...)."""
    reasons = []
    if len(candidates) <= places:
        have = "there are none" if not candidates else (
            f"only {plural(len(candidates), 'candidate')} {'is' if len(candidates) == 1 else 'are'} on it"
        )  # fmt: skip
        reasons.append(f"A ballot for {plural(places, 'place')} needs at least {places + 1} candidates; {have}.")
    women = sum(1 for c in candidates if c.counts_as_woman)
    if min_women > women:
        reasons.append(
            f"At least {plural(min_women, 'woman', 'women')} must be elected, but only {women} of the candidates "
            f"{'is a woman' if women == 1 else 'are women'}."
        )
    for c in candidates:
        if '"' in c.display_name:
            reasons.append(f"{c.display_name}: a name on the ballot cannot contain double quotation marks.")
    keys: dict[str, str] = {}
    for c in candidates:
        key = " ".join(c.display_name.split()).casefold()
        if key in keys:
            reasons.append(f"Two candidates are called {c.display_name}: give them names voters can tell apart.")
        keys[key] = c.display_name
    return reasons


def file_order(candidates: list[Candidate]) -> list[int]:
    """The sealed file's order: alphabetical by name as shown (the results services' by-position order)."""
    return [c.pk for c in sorted(candidates, key=lambda c: (c.display_name.casefold(), c.pk))]


@dataclass
class Opening:
    """A ballot as it would open: checked, not yet saved. Pages show it before the officer confirms."""

    ballot: OnlineBallot
    electorate: electorate.Electorate
    candidates: list[Candidate]

    @property
    def electorate_size(self) -> int:
        return electorate.members(self.electorate).count()


def online_ballot_open_clp(**kwargs) -> OnlineBallot:
    """Open a CLP's nomination ballot of its eligible members (see ``online_ballot_plan_clp``)."""
    return _open(online_ballot_plan_clp(**kwargs), kwargs["user"])


def online_ballot_plan_clp(
    *, section: Section, clp: CLP, user, places: int, method: str, candidate_ids: list[int], candidate_order: str,
    mode: str, opens_at: dt.datetime | None, closes_at: dt.datetime, now: dt.datetime | None = None,
) -> Opening:  # fmt: skip
    """Check a CLP ballot (``opens_at`` None: now) and say what it would be; writes nothing."""
    permissions.require_run_clp_ballot(user, clp)
    now = now or timezone.now()
    opens_at = opens_at or now
    rules = nomination_selectors.nomination_rules_for(section)
    chosen = list(section.candidates.select_related("user__member").filter(pk__in=candidate_ids[:500]))
    min_women = min(rules.min_women_per_clp, places) if places > 1 else 0
    _refuse(
        _clp_errors(
            section, clp, rules, chosen, places, method, mode, candidate_order, opens_at, closes_at, now, min_women
        )
    )
    ballot = OnlineBallot(
        kind=OnlineBallot.Kind.CLP_NOMINATION, section=section, clp=clp,
        title=f"{clp}: nominations for {section.election} {section.name}", method=method, places=places,
        min_women=min_women, candidate_order=candidate_order, mode=mode, candidate_ids=file_order(chosen),
        opens_at=opens_at, closes_at=closes_at, opened_by=user, opened_at=now,
    )  # fmt: skip
    return Opening(ballot, electorate.Electorate(section=section, clp=clp), _by_file_order(chosen, ballot))


def _clp_errors(section, clp, rules, chosen, places, method, mode, order, opens_at, closes_at, now, min_women):
    errors: dict[str, list[str]] = {}
    limit = rules.effective_max_per_clp
    if not 1 <= places <= limit:
        errors["places"] = [f"{clp} can nominate from 1 to {plural(limit, 'candidate')} in {section.name}."]
    if method not in CountingMethod.values:
        errors["method"] = ["Choose how the votes are counted."]
    elif method == CountingMethod.AV and places != 1:
        errors["method"] = ["The alternative vote fills one place: choose STV to nominate more than one candidate."]
    if mode not in OnlineBallot.Mode.values:
        errors["mode"] = ["Choose how members vote: online, at the meeting, or both."]
    if order not in OnlineBallot.Order.values:
        errors["candidate_order"] = ["Choose the order candidates are listed in."]
    errors.update(_window_errors(section, opens_at, closes_at, now))
    reasons = candidate_reasons(chosen, places, min_women) if "places" not in errors else []
    for c in chosen:
        if c.withdrawn:
            reasons.append(f"{c.display_name} has withdrawn from the contest and cannot be on the ballot.")
        else:
            eligible, why = nomination_checks.eligibility(c, rules, section)
            if eligible is False:
                reasons.append(why)
    if reasons:
        errors["candidate_ids"] = reasons
    if OnlineBallot.objects.filter(section=section, clp=clp, state=OnlineBallot.State.OPEN).exists():
        errors["__all__"] = [f"{clp} already has an open ballot for {section.name}: close it before opening another."]
    return errors


def _window_errors(section: Section, opens_at, closes_at, now) -> dict[str, list[str]]:
    errors = {}
    if closes_at is None:
        return {"closes_at": ["Give the closing time."]}
    if opens_at < now - dt.timedelta(minutes=1):
        errors["opens_at"] = ["The opening time has passed: leave it blank to open the ballot now."]
    if closes_at <= opens_at:
        errors["closes_at"] = ["The ballot must close after it opens."]
    elif closes_at - opens_at > dt.timedelta(days=MAX_DAYS_OPEN):
        errors["closes_at"] = [f"A CLP ballot can be open for at most {MAX_DAYS_OPEN} days."]
    if closes_at > section.nomination_closes:
        errors.setdefault("closes_at", []).append(
            f"The ballot must close by the time nominations for {section.name} close ({when(section.nomination_closes)}), "
            "so its result can be recorded."
        )
    if now >= section.nomination_closes:
        errors["__all__"] = [f"Nominations for {section.name} closed at {when(section.nomination_closes)}."]
    return errors


def online_ballot_open_section(**kwargs) -> OnlineBallot:
    """Open a section's OMOV ballot (see ``online_ballot_plan_section``)."""
    return _open(online_ballot_plan_section(**kwargs), kwargs["user"])


def online_ballot_plan_section(
    *, section: Section, user, candidate_order: str, now: dt.datetime | None = None
) -> Opening:
    """Check a section's OMOV ballot and say what it would be: the candidates who reached the ballot,
    the section's method and seats, its ballot window. Writes nothing."""
    permissions.require_run_section_ballot(user, section)
    require_not_declared(section)
    now = now or timezone.now()
    qualified = nomination_selectors.qualified_candidate_ids(section)
    chosen = list(section.candidates.filter(pk__in=qualified, withdrawn=False))
    errors: dict[str, list[str]] = {}
    if OnlineBallot.objects.filter(section=section, kind=OnlineBallot.Kind.SECTION).exists():
        errors["__all__"] = [f"The ballot for {section.name} has already been opened."]
    elif now >= section.ballot_closes:
        errors["__all__"] = [f"The ballot window for {section.name} closed at {when(section.ballot_closes)}."]
    if candidate_order not in OnlineBallot.Order.values:
        errors["candidate_order"] = ["Choose the order candidates are listed in."]
    reasons = candidate_reasons(chosen, section.seats, section.min_women)
    if reasons:
        errors["candidate_ids"] = reasons
    _refuse(errors)
    ballot = OnlineBallot(
        kind=OnlineBallot.Kind.SECTION, section=section, title=f"{section.election} {section.name}",
        method=section.counting_method, places=section.seats, min_women=section.min_women,
        candidate_order=candidate_order, candidate_ids=file_order(chosen), opened_by=user, opened_at=now,
    )  # fmt: skip
    rules = electorate.Electorate(section=section, rules=electorate.rules_for(section))
    return Opening(ballot, rules, _by_file_order(chosen, ballot))


def _by_file_order(chosen: list[Candidate], ballot: OnlineBallot) -> list[Candidate]:
    by_id = {c.pk: c for c in chosen}
    return [by_id[cid] for cid in ballot.candidate_ids]


def _open(opening: Opening, user) -> OnlineBallot:
    ballot, rules = opening.ballot, opening.electorate
    with transaction.atomic():
        if ballot.kind == OnlineBallot.Kind.SECTION:
            Section.objects.select_for_update().get(pk=ballot.section_id)  # one opening at a time
            if OnlineBallot.objects.filter(section=ballot.section, kind=ballot.kind).exists():
                raise Conflict(f"The ballot for {ballot.section.name} has already been opened.")
        ballot.full_clean(exclude=["section", "clp", "opened_by"])
        ballot.save()
        total = _draw_electorate(ballot, rules)
        if not total:
            raise Unprocessable(
                "No member meets the rules to vote in this ballot, so it was not opened.", code="empty_electorate"
            )
        ballot.electorate_size = total
        ballot.save(update_fields=["electorate_size"])
        audit_record(
            actor=user, action="voting.opened", section=ballot.section, obj=ballot,
            details={"kind": ballot.kind, "clp": ballot.clp_id, "electorate": total, "method": ballot.method,
                     "places": ballot.places, "candidates": ballot.candidate_ids, "window": _window_text(ballot)},
        )  # fmt: skip
    return ballot


def _draw_electorate(ballot: OnlineBallot, rules: electorate.Electorate) -> int:
    """One INSERT ... SELECT of the members the rules admit: 130,000 rows without a round trip each."""
    members_sql, params = (
        electorate.members(rules).annotate(voter_member=F("pk")).values("voter_member").query.sql_with_params()
    )
    table = Voter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (ballot_id, member_id, added_reason, code_hash) "
            f"SELECT %s, m.voter_member, '', '' FROM ({members_sql}) m",
            [ballot.pk, *params],
        )
    return Voter.objects.filter(ballot=ballot).count()


def _window_text(ballot: OnlineBallot) -> list[str]:
    return [moment.isoformat() for moment in ballot.window()]
