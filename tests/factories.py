"""Test data factories. Named people appear in tests/conftest.py."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from elections.models import CLP, Candidate, CLPOfficer, Election, Endorsement, Member, Region, Section, Slate

# The one password every test user has (the ``password`` fixture in tests/conftest.py).
TEST_PASSWORD = "pw-for-tests-only"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(TEST_PASSWORD)


class CLPFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CLP

    name = factory.Sequence(lambda n: f"Testtown {n}")
    slug = factory.Sequence(lambda n: f"testtown-{n}")
    region = Region.LONDON


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    user = factory.SubFactory(UserFactory)
    clp = factory.SubFactory(CLPFactory)
    membership_number = factory.Sequence(lambda n: f"T{n:06d}")
    joined_on = dt.date(2020, 1, 1)
    in_good_standing = True


class CLPOfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CLPOfficer

    user = factory.SubFactory(UserFactory)
    clp = factory.SubFactory(CLPFactory)
    office = CLPOfficer.Office.SECRETARY


class ElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Election

    name = factory.Sequence(lambda n: f"NEC {2026 + n}")
    slug = factory.Sequence(lambda n: f"nec-{2026 + n}")


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    election = factory.SubFactory(ElectionFactory)
    name = "CLP section"
    slug = factory.Sequence(lambda n: f"clp-section-{n}")
    seats = 9
    min_women = 4
    freeze_date = dt.date(2026, 6, 24)
    nomination_opens = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    nomination_closes = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=10))
    ballot_opens = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=20))
    ballot_closes = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=40))


class SlateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slate

    election = factory.SubFactory(ElectionFactory)
    name = factory.Sequence(lambda n: f"Slate {n}")
    slug = factory.Sequence(lambda n: f"slate-{n}")


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    section = factory.SubFactory(SectionFactory)
    display_name = factory.Sequence(lambda n: f"Candidate {n}")
    slug = factory.Sequence(lambda n: f"candidate-{n}")
    home_clp = factory.SubFactory(CLPFactory)


class EndorsementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Endorsement

    slate = factory.SubFactory(SlateFactory)
    candidate = factory.SubFactory(CandidateFactory)
    position = factory.Sequence(lambda n: n + 1)
