"""Who reaches the ballot: N CLPs, a percentage of all CLPs (rounded up), or N affiliates."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ballots.nominations import selectors, services
from ballots.nominations.models import NominationRules
from elections.models import CLP
from tests.ballots.nominations.factories import AffiliateNominationFactory
from tests.factories import CandidateFactory, CLPFactory, CLPOfficerFactory, MemberFactory, UserFactory


@pytest.fixture
def nominate(section, submit):
    """nominate(candidate, times) -> that many fresh CLPs nominate the candidate."""

    def run(candidate, times, region="london"):
        for _ in range(times):
            clp = CLPFactory(region=region)
            officer = CLPOfficerFactory(clp=clp, user=MemberFactory(clp=clp).user)
            submit(officer.user, clp, [candidate])

    return run


def test_the_default_is_five_clps(section, women, nominate):
    nominate(women[0], 5)
    nominate(women[1], 4)
    assert selectors.qualified_candidate_ids(section) == {women[0].pk}


@pytest.mark.parametrize("percent, clps_needed", [("5", 1), ("10", 2), ("50", 6), ("20", 3)])
def test_a_percentage_of_all_clps_is_rounded_up(rita, section, women, nominate, percent, clps_needed):
    nominate(women[0], clps_needed)
    nominate(women[1], clps_needed - 1)
    CLPFactory.create_batch(12 - 2 * clps_needed)  # 12 CLPs in all, counting Hackney
    services.nomination_rules_update(
        section=section, user=rita, threshold_kind="percent_of_clps", threshold_value=Decimal(percent),
        reason="Test: the leadership rule", confirm=True,  # CLPs have nominated already
    )  # fmt: skip
    assert CLP.objects.count() == 12
    summary = selectors.rules_summary(selectors.nomination_rules_for(section))
    assert summary["needed"] == clps_needed
    assert selectors.qualified_candidate_ids(section) == {women[0].pk}


def test_percent_rounding_matches_the_rule_text():
    rules = NominationRules(threshold_kind="percent_of_clps", threshold_value=Decimal("5"))
    assert [rules.needed(total) for total in (348, 400, 401, 20)] == [18, 20, 21, 1]


def test_the_affiliates_threshold_counts_affiliates_not_clps(rita, section, women, nominate):
    services.nomination_rules_update(
        section=section, user=rita, threshold_kind="affiliates", threshold_value=Decimal("2")
    )
    nominate(women[0], 6)
    AffiliateNominationFactory.create_batch(2, candidate=women[1])
    AffiliateNominationFactory(candidate=women[2])
    assert selectors.qualified_candidate_ids(section) == {women[1].pk}
    row = {r["id"]: r for r in selectors.candidate_rows(section)}[women[1].pk]
    assert (row["affiliates"], row["clps"]) == (2, 0)


def test_a_withdrawn_candidate_never_qualifies(section, women, nominate):
    nominate(women[0], 6)
    women[0].withdrawn = True
    women[0].save()
    assert selectors.qualified_candidate_ids(section) == set()


def test_withdrawn_and_superseded_nominations_do_not_count(sam, hackney, section, women, nominate, submit):
    nominate(women[0], 4)
    submit(sam, hackney, [women[0]])
    assert women[0].pk in selectors.qualified_candidate_ids(section)
    services.nomination_withdraw(section=section, clp=hackney, user=sam, candidate_ids=None, reason="inquorate")
    assert selectors.qualified_candidate_ids(section) == set()


def test_counts_are_broken_down_by_region(section, women, nominate):
    nominate(women[0], 2, region="wales")
    nominate(women[0], 1, region="scotland")
    row = selectors.candidate_rows(section)[0]
    assert (row["name"], row["clps"], row["by_region"]) == ("Woman 0", 3, {"wales": 2, "scotland": 1})


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"threshold_kind": "clps", "threshold_value": Decimal("2.5")}, "must be a whole number"),
        ({"threshold_kind": "percent_of_clps", "threshold_value": Decimal("120")}, "cannot be more than 100"),
        ({"max_per_clp": 2, "min_women_per_clp": 3}, "cannot exceed the most a CLP may nominate"),
        ({"threshold_value": Decimal("0")}, "greater than or equal to 0.01"),
    ],
)
def test_bad_rules_are_refused(rita, section, changes, message):
    with pytest.raises(ValidationError, match=message):
        services.nomination_rules_update(section=section, user=rita, **changes)


def test_only_a_returning_officer_or_staff_may_change_the_rules(otto, sam, stella, section):
    for user in (otto, sam):
        with pytest.raises(
            PermissionDenied, match="Only the returning officers of NEC 2026 and staff can change the nomination rules."
        ):
            services.nomination_rules_update(section=section, user=user, max_per_clp=3)
    assert services.nomination_rules_update(section=section, user=stella, max_per_clp=3).max_per_clp == 3


def test_a_candidate_whose_user_has_no_membership_is_flagged_not_passed(sam, hackney, section, submit):
    candidate = CandidateFactory(section=section, user=UserFactory())
    submit(sam, hackney, [candidate])
    assert list(selectors.unchecked_eligibility(section)) == [candidate]
