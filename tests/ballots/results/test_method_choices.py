"""Every list of counting methods on the platform is the engine's one list."""

from ballots.counting import methods
from ballots.results import forms, services
from ballots.results.models import BallotReturn
from elections.models import CountingMethod, Section


def test_a_sections_methods_are_the_engines():
    assert Section._meta.get_field("counting_method").choices == methods.choices()
    assert CountingMethod.ERS97 == "ers97" and CountingMethod.ERS97.label == "STV (ERS97 rules)"


def test_the_count_form_offers_every_engine_method():
    assert forms.CountForm().fields["method"].choices == methods.choices()


def test_returns_offer_exactly_the_methods_the_engine_counts_from_totals():
    expected = [("fptp", "First past the post"), ("block", "Block vote")]
    assert methods.totals_choices() == expected
    assert BallotReturn._meta.get_field("method").choices == expected
    assert forms.ReturnForm().fields["method"].choices == expected
    assert services.RETURN_METHODS == ("fptp", "block")
