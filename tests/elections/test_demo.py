"""The demo loads a realistic election, and loading it twice changes nothing."""

from django.core.management import call_command

from elections.demo import DEMO_PASSWORD
from elections.models import (
    CLP,
    Candidate,
    CLPOfficer,
    Endorsement,
    Gender,
    Member,
    Section,
    Slate,
    Statement,
    StatementRevision,
)


def counts():
    return [
        m.objects.count()
        for m in (CLP, Member, CLPOfficer, Section, Slate, Candidate, Endorsement, Statement, StatementRevision)
    ]


def test_the_demo_has_an_nec_clp_section_with_its_candidates(db, capsys):
    call_command("load_demo")
    section = Section.objects.get(election__slug="nec-2026", slug="clp-section")
    assert (section.seats, section.min_women) == (9, 4)
    assert CLP.objects.count() >= 300
    assert CLP.objects.values("region").distinct().count() == 11
    assert section.candidates.count() == 24
    assert Slate.objects.filter(election=section.election).count() == 4
    assert section.candidates.filter(endorsements__isnull=True).exists(), "some candidates stand as independents"
    assert section.candidates.filter(gender=Gender.WOMAN).count() >= 4
    out = capsys.readouterr().out
    for username in ["member", "candidate", "secretary", "chair", "returning", "staff"]:
        assert f"  {username} " in out


def test_loading_the_demo_twice_changes_nothing(db):
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first


def test_a_demo_member_sees_the_candidates_and_slates(client, sign_in, db):
    call_command("load_demo")
    assert sign_in("member", DEMO_PASSWORD)
    page = client.get("/elections/nec-2026/clp-section/").content.decode()
    assert "Ayesha Rahman" in page and "Zoe Barnard" in page
    assert "Centre-Left Grassroots Alliance" in client.get("/elections/nec-2026/").content.decode()


def test_every_demo_candidate_has_published_statements_within_the_limits(db):
    from elections.contact_details import find_contact_details
    from elections.models import StatementKind
    from elections.wordcount import count_words

    call_command("load_demo")
    section = Section.objects.get(election__slug="nec-2026", slug="clp-section")
    statements = Statement.objects.filter(candidate__section=section).select_related("published")
    assert statements.filter(kind=StatementKind.LONG_FORM, published__isnull=False).count() == 24
    for statement in statements.filter(kind=StatementKind.BALLOT):
        assert 0 < count_words(statement.published.body) <= section.statement_word_limit
        assert find_contact_details(statement.published.body) == []
    for statement in statements.filter(kind=StatementKind.LONG_FORM):
        assert statement.published.body.count("\n\n## ") >= 3, "a few paragraphs of Markdown"
    ayesha = statements.get(candidate__display_name="Ayesha Rahman", kind=StatementKind.LONG_FORM)
    assert ayesha.revisions.count() == 3 and ayesha.published.number == 3
