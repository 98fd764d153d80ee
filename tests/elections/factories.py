"""Factories for candidates' statements (kept here, not in tests/factories.py, for clean merges)."""

import factory

from elections.models import Statement, StatementKind, StatementRevision
from tests.factories import CandidateFactory


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement

    candidate = factory.SubFactory(CandidateFactory)
    kind = StatementKind.LONG_FORM


class StatementRevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatementRevision

    statement = factory.SubFactory(StatementFactory)
    number = factory.Sequence(lambda n: n + 1)
    body = "My statement."
    word_count = 2
