"""elections is the base the apps build on: it names none of them. Apps plug in through
elections/extensions.py (links, ballot status, demo data) from their AppConfig.ready(). The one
thing it may use from ``ballots`` is the counting engine, ``ballots.counting``: a plain library
with no Django (its own test enforces that) beneath every app, whose lists of methods and options
the models' choices are."""

import re
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse

from elections import extensions

ROOT = Path(__file__).resolve().parents[2]
APPS = ("ballots", "hustings")
ENGINE = "ballots.counting"
APP_NAMESPACES = ("nominations", "results", "hustings")


def elections_files():
    return [p for p in (ROOT / "elections").rglob("*") if p.suffix in {".py", ".html"} and "migrations" not in p.parts]


def test_elections_imports_no_app_and_loads_nothing_by_name():
    offenders = []
    for path in elections_files():
        text = path.read_text(encoding="utf-8")
        imports = re.findall(rf"^\s*(?:from|import)\s+((?:{'|'.join(APPS)})\b[\w.]*)", text, re.M)
        if any(name != ENGINE and not name.startswith(ENGINE + ".") for name in imports) or "importlib" in text:
            offenders.append(path.relative_to(ROOT).as_posix())
    assert offenders == []


def test_elections_names_no_other_apps_urls():
    pattern = re.compile(rf"""(\{{%\s*url\s+|reverse\()\s*["']({"|".join(APP_NAMESPACES)}):""")
    offenders = [p.relative_to(ROOT).as_posix() for p in elections_files() if pattern.search(p.read_text("utf-8"))]
    assert offenders == []


def test_the_navigation_puts_each_apps_links_in_place(client_for, rita, hackney):
    from tests.factories import CLPOfficerFactory

    CLPOfficerFactory(user=rita, clp=hackney)
    links = client_for(rita).get(reverse("elections:home")).context["nav_links"]
    assert [label for label, _url in links] == [
        "Home",
        "Hustings",
        "Hackney (secretary)",
        "Manage NEC 2026",
        "Ballots",
        "Results",
    ]
    assert dict(links)["Results"] == reverse("results:index")


def test_a_section_page_links_to_its_nominations_tracker(client_for, alice, section):
    page = client_for(alice).get(reverse("elections:section_detail", args=[section.election.slug, section.slug]))
    tracker = reverse("nominations:tracker", args=[section.election.slug, section.slug])
    assert f'href="{tracker}"' in page.content.decode()


def test_a_clp_office_links_to_each_sections_nominations_form(client_for, sam, hackney, section):
    page = client_for(sam).get(reverse("elections:clp_office", args=[hackney.slug]))
    form = reverse("nominations:clp", args=[section.election.slug, section.slug, hackney.slug])
    assert f'href="{form}"' in page.content.decode()


def test_the_demo_command_runs_each_registered_loader_in_order(db, monkeypatch, capsys):
    ran = []
    monkeypatch.setattr(extensions, "_demos", [])
    monkeypatch.setattr("elections.demo.load", lambda: ran.append("elections") or [("member", "a member")])
    extensions.register(demo=(30, lambda: ran.append("second") or [("second", "the second app's login")]))
    extensions.register(demo=(10, lambda: ran.append("first") or []))
    call_command("load_demo")
    assert ran == ["elections", "first", "second"]
    out = capsys.readouterr().out
    assert "member" in out and "the second app's login" in out


def test_every_app_registers_its_demo():
    assert len(extensions.demo_loaders()) == 4  # nominations, results, hustings, online ballots
