"""Factories for hustings tests (named people are in tests/hustings/conftest.py)."""

import datetime as dt

import factory
from django.utils import timezone

from hustings.models import Hustings, Question
from tests.factories import SectionFactory, UserFactory


class HustingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hustings

    section = factory.SubFactory(SectionFactory)
    title = factory.Sequence(lambda n: f"Hustings {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(hours=1))
    ends_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(hours=3))
    state = Hustings.State.OPEN
    answer_seconds = 60


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    hustings = factory.SubFactory(HustingsFactory)
    author = factory.SubFactory(UserFactory)
    text = factory.Sequence(lambda n: f"Question number {n}?")

    @factory.post_generation
    def asked(obj, create, extracted, **kwargs):
        if create:
            obj.askers.add(obj.author)
