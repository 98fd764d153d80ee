"""The tracker's reads stay bounded however many CLPs have nominated."""

import pytest
from django.urls import reverse

from tests.factories import CLPFactory, CLPOfficerFactory, MemberFactory


@pytest.fixture
def many(section, women, men, submit):
    def nominate(n):
        for i in range(n):
            clp = CLPFactory(region=["london", "wales", "scotland"][i % 3])
            officer = CLPOfficerFactory(clp=clp, user=MemberFactory(clp=clp).user)
            submit(officer.user, clp, (women + men)[i % 6 : i % 6 + 4])

    return nominate


@pytest.mark.parametrize("name", ["nominations:tracker", "nominations:csv", "nominations:counts_csv"])
def test_pages_use_the_same_queries_for_5_or_40_clps(
    client_for, alice, section, many, django_assert_max_num_queries, name
):
    client = client_for(alice)
    url = reverse(name, args=[section.election.slug, section.slug])
    many(5)
    client.get(url)
    many(35)
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", ["api:nominations_tracker", "api:nominations_clps"])
def test_api_reads_are_bounded(client_for, alice, section, many, django_assert_max_num_queries, name):
    many(40)
    client = client_for(alice)
    client.get(reverse("api:election_list"))  # sign-in bookkeeping happens on the first request
    with django_assert_max_num_queries(10):
        assert client.get(reverse(name, kwargs={"section_id": section.pk})).status_code == 200
