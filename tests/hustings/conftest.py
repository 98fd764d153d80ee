"""A hustings for the NEC 2026 CLP section.

Hannah chairs it; Mo moderates it. Alice (Hackney, from the shared cast) and Bob (Islington) are
members who ask and vote; Leo is a member in Leeds (Yorkshire); Lapsed is a member not in good
standing. Three candidates take part: Ayesha, Ben and Cara (Cara is also a signed-in user).
"""

import pytest

from hustings import services
from tests.factories import CandidateFactory, CLPFactory, MemberFactory, UserFactory
from tests.hustings.factories import HustingsFactory


@pytest.fixture
def hannah(db):
    return UserFactory(username="hannah", first_name="Hannah", last_name="Chair")


@pytest.fixture
def mo(db):
    return UserFactory(username="mo", first_name="Mo", last_name="Moderator")


@pytest.fixture
def bob(db):
    return MemberFactory(user__username="bob", clp=CLPFactory(name="Islington", slug="islington")).user


@pytest.fixture
def leo(leeds):
    return MemberFactory(user__username="leo", clp=leeds).user


@pytest.fixture
def lapsed(hackney):
    return MemberFactory(user__username="lapsed", clp=hackney, in_good_standing=False).user


@pytest.fixture
def candidates(section):
    cara = UserFactory(username="cara")
    return [
        CandidateFactory(section=section, display_name="Ayesha Rahman", slug="ayesha"),
        CandidateFactory(section=section, display_name="Ben Okafor", slug="ben"),
        CandidateFactory(section=section, display_name="Cara Doyle", slug="cara", user=cara),
    ]


@pytest.fixture
def hustings(section, hannah, mo, candidates):
    h = HustingsFactory(section=section, title="CLP section hustings", chair=hannah)
    h.moderators.add(mo)
    h.candidates.add(*candidates)
    return h


@pytest.fixture
def ask(hustings):
    """``ask(user, text)`` -> a pending question submitted through the service."""

    def submit(user, text="What will you do for CLPs?", to="all"):
        return services.question_submit(actor=user, hustings=hustings, text=text, to=to)

    return submit


@pytest.fixture
def approved(hustings, ask, alice, mo):
    return services.question_approve(actor=mo, question=ask(alice, "How will you make the NEC transparent?"))
