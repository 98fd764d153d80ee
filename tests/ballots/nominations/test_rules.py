"""Every nomination rule refuses a set that breaks it, says why, and records nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ballots.nominations import services
from ballots.nominations.models import Nomination, NominationChange
from ballots.nominations.services import NominationRefused
from tests.factories import CandidateFactory, MemberFactory, SectionFactory


def refusal(call) -> list[str]:
    """Run a submission that must be refused; check it recorded nothing; return its reasons."""
    before = (Nomination.objects.count(), NominationChange.objects.count())
    with pytest.raises(NominationRefused) as caught:
        call()
    assert (Nomination.objects.count(), NominationChange.objects.count()) == before
    return caught.value.messages


def test_a_secretary_records_a_set(sam, hackney, section, women, men, submit, today):
    change = submit(sam, hackney, women[:2] + men[:1], votes={women[0].pk: 31})
    assert change.action == "submitted" and change.made_by == sam
    current = Nomination.objects.filter(status="current").order_by("candidate__display_name")
    assert [n.candidate.display_name for n in current] == ["Man 0", "Woman 0", "Woman 1"]
    assert {n.votes for n in current} == {31, None}
    assert {(n.method, n.meeting_date) for n in current} == {("stv", today - dt.timedelta(days=1))}


def test_the_chair_may_submit_too(chris, hackney, women, submit):
    assert submit(chris, hackney, women[:1]).made_by == chris


@pytest.mark.parametrize("who", ["alice", "sunita", "rita", "stella", "nobody"])
def test_only_that_clps_secretary_or_chair_may_submit(request, who, hackney, women, submit):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied, match="Only the secretary or chair of Hackney"):
        submit(user, hackney, women[:1])
    assert Nomination.objects.count() == 0


def test_it_refuses_after_the_window_closed_and_says_when(sam, hackney, section, women, submit):
    section.nomination_closes = dt.datetime(2026, 6, 17, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    section.nomination_opens = section.nomination_closes - dt.timedelta(days=30)
    section.save()
    reasons = refusal(
        lambda: submit(sam, hackney, women[:1], now=section.nomination_closes, meeting_date=dt.date(2026, 6, 1))
    )
    assert reasons == [
        "Nominations for CLP section closed at 12:00 on 17 June 2026; nothing can be recorded, amended or withdrawn now."
    ]


def test_it_refuses_before_the_window_opens(sam, hackney, section, women, submit):
    early = section.nomination_opens - dt.timedelta(minutes=1)
    reasons = refusal(lambda: submit(sam, hackney, women[:1], now=early, meeting_date=early.date()))
    assert len(reasons) == 1 and reasons[0].startswith("Nominations for CLP section open at ")


def test_the_last_moment_before_the_close_is_inside_the_window(sam, hackney, section, women, submit):
    just_before = section.nomination_closes - dt.timedelta(microseconds=1)
    assert submit(sam, hackney, women[:1], now=just_before).action == "submitted"


def test_it_refuses_more_candidates_than_seats(sam, hackney, women, men, submit):
    reasons = refusal(lambda: submit(sam, hackney, women + men[:4]))
    assert reasons == ["A CLP may nominate at most 9 candidates in CLP section; this set has 10."]


def test_the_limit_is_a_section_setting(sam, rita, hackney, section, women, submit):
    services.nomination_rules_update(section=section, user=rita, max_per_clp=2)
    assert refusal(lambda: submit(sam, hackney, women[:3])) == [
        "A CLP may nominate at most 2 candidates in CLP section; this set has 3."
    ]


def test_it_refuses_a_candidate_twice(sam, hackney, women, submit):
    reasons = refusal(lambda: submit(sam, hackney, [women[0], women[1], women[0]]))
    assert reasons == ["Woman 0 is listed more than once: a CLP may nominate each candidate only once."]


def test_it_refuses_a_withdrawn_candidate(sam, hackney, women, submit):
    women[0].withdrawn = True
    women[0].save()
    assert refusal(lambda: submit(sam, hackney, women[:1])) == [
        "Woman 0 has withdrawn from the contest and cannot be nominated."
    ]


def test_it_refuses_a_candidate_from_another_section(sam, hackney, women, submit):
    other = CandidateFactory(section=SectionFactory(), display_name="Elsewhere")
    reasons = refusal(lambda: submit(sam, hackney, [women[0], other]))
    assert reasons == [f"Candidate number {other.pk} is not a candidate in CLP section."]


def test_it_refuses_an_empty_set(sam, hackney, submit):
    assert refusal(lambda: submit(sam, hackney, [])) == ["Choose at least one candidate to nominate."]


@pytest.mark.parametrize(
    "min_women, women_n, men_n, refused",
    [
        (0, 0, 3, False),  # rule off
        (1, 0, 1, False),  # a single nominee is exempt
        (1, 0, 2, True),
        (1, 1, 1, False),
        (2, 1, 3, True),
        (2, 2, 0, False),
        (4, 2, 0, False),  # nominating two: at most both need be women
        (4, 1, 1, True),
    ],
)
def test_the_minimum_women_rule(sam, rita, hackney, section, women, men, submit, min_women, women_n, men_n, refused):
    services.nomination_rules_update(section=section, user=rita, min_women_per_clp=min_women)
    chosen = women[:women_n] + men[:men_n]
    if refused:
        reasons = refusal(lambda: submit(sam, hackney, chosen))
        assert len(reasons) == 1 and reasons[0].startswith("When a CLP nominates more than one candidate, at least ")
    else:
        assert submit(sam, hackney, chosen).action == "submitted"


def test_the_minimum_women_refusal_names_the_women_chosen(sam, rita, hackney, section, women, men, submit):
    services.nomination_rules_update(section=section, user=rita, min_women_per_clp=2)
    reasons = refusal(lambda: submit(sam, hackney, [women[0], men[0], men[1]]))
    assert reasons == [
        f"When a CLP nominates more than one candidate, at least 2 must be women; this set has 1 woman ({women[0].display_name})."
    ]


def test_it_refuses_a_candidate_without_twelve_months_membership_at_the_close(sam, hackney, section, submit):
    closes = timezone.localtime(section.nomination_closes).date()
    recent = MemberFactory(joined_on=closes - dt.timedelta(days=300))
    candidate = CandidateFactory(section=section, user=recent.user, display_name="New Joiner")
    reasons = refusal(lambda: submit(sam, hackney, [candidate]))
    assert len(reasons) == 1
    assert reasons[0].startswith("New Joiner will not have 12 months' continuous membership when nominations close")


def test_it_refuses_a_candidate_not_in_good_standing(sam, hackney, section, submit):
    lapsed = MemberFactory(in_good_standing=False)
    candidate = CandidateFactory(section=section, user=lapsed.user, display_name="Lapsed")
    assert refusal(lambda: submit(sam, hackney, [candidate])) == ["Lapsed is not a member in good standing."]


def test_a_long_standing_member_passes_and_is_marked_checked(sam, hackney, section, submit):
    veteran = CandidateFactory(section=section, user=MemberFactory(joined_on=dt.date(2001, 1, 1)).user)
    submit(sam, hackney, [veteran])
    assert Nomination.objects.get().eligibility_checked is True


def test_a_candidate_without_a_membership_record_is_recorded_but_flagged(sam, hackney, women, submit):
    submit(sam, hackney, women[:1])
    assert Nomination.objects.get().eligibility_checked is False


def test_the_eligibility_months_are_a_setting(sam, rita, hackney, section, submit):
    closes = timezone.localtime(section.nomination_closes).date()
    candidate = CandidateFactory(section=section, user=MemberFactory(joined_on=closes - dt.timedelta(days=100)).user)
    services.nomination_rules_update(section=section, user=rita, eligibility_months=3)
    assert submit(sam, hackney, [candidate]).action == "submitted"


def test_it_refuses_a_meeting_in_the_future_and_an_unknown_method(sam, hackney, women, submit, today):
    reasons = refusal(lambda: submit(sam, hackney, women[:1], meeting_date=today + dt.timedelta(days=2), method="lot"))
    assert reasons[0].startswith("The meeting date (") and reasons[0].endswith(") is in the future.")
    assert reasons[1].startswith("Say how the meeting decided")


def test_it_refuses_votes_for_someone_not_nominated(sam, hackney, women, submit):
    reasons = refusal(lambda: submit(sam, hackney, women[:1], votes={women[1].pk: 4}))
    assert reasons == ["Votes can be given only for candidates the CLP nominates."]


def test_it_lists_every_reason_at_once(sam, rita, hackney, section, women, men, submit, today):
    services.nomination_rules_update(section=section, user=rita, max_per_clp=3, min_women_per_clp=2)
    men[0].withdrawn = True
    men[0].save()
    reasons = refusal(lambda: submit(sam, hackney, men[:4] + [men[1]], meeting_date=None))
    assert reasons == [
        "Man 0 has withdrawn from the contest and cannot be nominated.",
        "Man 1 is listed more than once: a CLP may nominate each candidate only once.",
        "A CLP may nominate at most 3 candidates in CLP section; this set has 4.",
        "When a CLP nominates more than one candidate, at least 2 must be women; this set has no women.",
        "Give the date of the meeting that decided the nominations.",
    ]
    assert Nomination.objects.count() == 0 and NominationChange.objects.count() == 0
