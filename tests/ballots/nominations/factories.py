"""Factories for nominations tests (kept here, not in tests/factories.py, to keep merges clean)."""

import datetime as dt

import factory

from ballots.nominations.models import Affiliate, AffiliateNomination
from elections.models import Gender
from tests.factories import CandidateFactory


class WomanCandidateFactory(CandidateFactory):
    gender = Gender.WOMAN


class ManCandidateFactory(CandidateFactory):
    gender = Gender.MAN


class AffiliateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliate

    name = factory.Sequence(lambda n: f"Union {n}")
    slug = factory.Sequence(lambda n: f"union-{n}")
    kind = Affiliate.Kind.TRADE_UNION


class AffiliateNominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AffiliateNomination

    affiliate = factory.SubFactory(AffiliateFactory)


MEETING = dt.date(2026, 1, 10)
