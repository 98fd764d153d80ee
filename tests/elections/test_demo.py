"""The demo loads a realistic election, and loading it twice changes nothing."""

from django.core.management import call_command

from elections.models import CLP, Candidate, CLPOfficer, Endorsement, Gender, Member, Section, Slate


def counts():
    return [m.objects.count() for m in (CLP, Member, CLPOfficer, Section, Slate, Candidate, Endorsement)]


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


def test_a_demo_member_sees_the_candidates_and_slates(client, db):
    call_command("load_demo")
    assert client.login(username="member", password="demo-pass-2026")
    page = client.get("/elections/nec-2026/clp-section/").content.decode()
    assert "Ayesha Rahman" in page and "Zoe Barnard" in page
    assert "Centre-Left Grassroots Alliance" in client.get("/elections/nec-2026/").content.decode()
