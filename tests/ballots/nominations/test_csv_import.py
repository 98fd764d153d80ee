"""Staff import nominations from CSV: a dry run shows every change and bad line; the real run is all or nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from ballots.nominations import services
from ballots.nominations.csvimport import nominations_import
from ballots.nominations.models import Nomination, NominationChange

GOOD = (
    "clp,candidate,date,method,votes\n"
    "Hackney,Woman 0,2026-01-10,stv,41\n"
    " hackney ,woman-1,10/01/2026,STV,\n"
    "Leeds Central,Woman 0,2026-01-12,FPTP,\n"
)


def run(section, user, text, commit=False, reason="Imported from the regional office export"):
    return nominations_import(section=section, user=user, data=text.encode(), reason=reason, commit=commit)


def test_a_dry_run_shows_what_would_change_and_saves_nothing(stella, hackney, leeds, section, women):
    report = run(section, stella, GOOD)
    assert report.errors == [] and not report.committed
    assert [(p.clp.name, p.action, p.added, p.lines) for p in report.plans] == [
        ("Hackney", "submit", ["Woman 0", "Woman 1"], [2, 3]),
        ("Leeds Central", "submit", ["Woman 0"], [4]),
    ]
    assert Nomination.objects.count() == 0 and NominationChange.objects.count() == 0


def test_the_real_run_records_every_clps_set(stella, hackney, leeds, section, women):
    report = run(section, stella, GOOD, commit=True)
    assert report.committed
    rows = set(Nomination.objects.values_list("clp__name", "candidate__display_name", "votes", "method"))
    assert rows == {
        ("Hackney", "Woman 0", 41, "stv"),
        ("Hackney", "Woman 1", None, "stv"),
        ("Leeds Central", "Woman 0", None, "fptp"),
    }
    assert set(NominationChange.objects.values_list("source", "made_by__username")) == {("csv", "stella")}


def test_every_bad_line_is_reported_by_number_and_nothing_is_imported(stella, hackney, leeds, section, women):
    text = (
        "clp,candidate,date,method,votes\n"
        "Hackney,Woman 0,2026-01-10,stv,\n"
        "Atlantis,Woman 0,2026-01-10,stv,\n"
        "Hackney,Nobody Known,yesterday,lottery,many\n"
        "\n"
        "Hackney,Woman 0,2026-01-10,stv,\n"
    )
    report = run(section, stella, text, commit=True)
    assert not report.committed
    assert report.errors == [
        (3, "Line 3: no CLP called 'Atlantis'."),
        (
            4,
            "Line 4: no candidate called 'Nobody Known' in this section; the date 'yesterday' is not a date like "
            "2026-06-17 or 17/06/2026; the method 'lottery' is not one of fptp, stv, multi_vote, uncontested; "
            "the votes 'many' are not a whole number from 0 to 2,147,483,647.",
        ),
        (6, "Line 6: it repeats line 2 (Hackney nominating Woman 0)."),
    ]
    assert Nomination.objects.count() == 0


def test_rule_breaches_name_the_clps_lines_and_stop_the_whole_import(stella, rita, hackney, leeds, section, women, men):

    services.nomination_rules_update(section=section, user=rita, max_per_clp=1)
    text = "clp,candidate,date,method\nLeeds Central,Woman 3,2026-01-10,stv\nHackney,Man 0,2026-01-10,stv\nHackney,Man 1,2026-01-10,stv\n"
    report = run(section, stella, text, commit=True)
    assert report.errors == [
        (3, "Hackney (lines 3, 4): A CLP may nominate at most 1 candidate in CLP section; this set has 2.")
    ]
    assert Nomination.objects.count() == 0  # Leeds Central's good line is not imported either


def test_a_header_without_the_required_columns_is_refused(stella, section):
    report = run(section, stella, "constituency,person\nHackney,Woman 0\n")
    assert report.errors == [
        (1, "The header must name the columns clp, candidate, date, method; missing: clp, candidate, date, method.")
    ]


def test_a_file_that_is_not_utf8_is_refused(stella, section):
    report = nominations_import(section=section, user=stella, data=b"clp\n\xff\xfe", reason="", commit=False)
    assert report.errors[0][1].startswith("The file is not UTF-8 text")


def test_lines_for_one_clp_must_come_from_one_meeting(stella, hackney, section, women):
    text = "clp,candidate,date,method\nHackney,Woman 0,2026-01-10,stv\nHackney,Woman 1,2026-01-11,stv\n"
    assert "come from one meeting" in run(section, stella, text).errors[0][1]


def test_importing_over_existing_nominations_is_a_correction_with_the_reason(
    stella, sam, hackney, section, women, submit
):
    submit(sam, hackney, women[:2], meeting_date=dt.date(2026, 1, 10))
    text = "clp,candidate,date,method\nHackney,Woman 0,2026-01-10,stv\n"
    report = run(section, stella, text, commit=True, reason="Regional office records")
    assert [(p.action, p.removed) for p in report.plans] == [("correct", ["Woman 1"])]
    change = NominationChange.objects.get(action="corrected")
    assert change.reason == "Regional office records"
    assert run(section, stella, text).plans[0].action == "unchanged"


def test_the_tracker_download_can_be_imported_back_unchanged(client_for, stella, sam, hackney, section, women, submit):
    submit(sam, hackney, women[:2])
    body = (
        client_for(stella).get(reverse("nominations:csv", args=[section.election.slug, section.slug])).content.decode()
    )
    report = run(section, stella, body)
    assert report.errors == [] and [p.action for p in report.plans] == ["unchanged"]


@pytest.mark.parametrize("who", ["alice", "sam", "otto"])
def test_only_staff_or_the_returning_officer_may_import(request, who, section, women):
    with pytest.raises(PermissionDenied, match="can import nominations"):
        run(section, request.getfixturevalue(who), GOOD)


def test_the_import_page_dry_runs_then_imports(client_for, rita, hackney, leeds, section, women):
    url = reverse("nominations:import", args=[section.election.slug, section.slug])
    client = client_for(rita)
    page = client.post(url, {"file": SimpleUploadedFile("n.csv", GOOD.encode()), "reason": "x", "check": "1"})
    assert b"Dry run:" in page.content and Nomination.objects.count() == 0
    done = client.post(url, {"checked": page.context["checked"]["data"], "reason": "x", "commit": "1"})
    assert done.status_code == 302 and Nomination.objects.count() == 3


def test_uploading_a_file_never_imports_it_in_one_step(client_for, rita, hackney, leeds, section, women):
    """An import is irreversible: the page shows what it will do, then asks again."""
    url = reverse("nominations:import", args=[section.election.slug, section.slug])
    page = client_for(rita).post(
        url, {"file": SimpleUploadedFile("n.csv", GOOD.encode()), "reason": "x", "commit": "1"}
    )
    assert page.status_code == 200 and b"Dry run:" in page.content and b"Import exactly this file" in page.content
    assert Nomination.objects.count() == 0


def test_the_import_page_lists_bad_lines(client_for, rita, section, women):
    url = reverse("nominations:import", args=[section.election.slug, section.slug])
    bad = "clp,candidate,date,method\nAtlantis,Woman 0,2026-01-10,stv\n"
    page = client_for(rita).post(url, {"file": SimpleUploadedFile("n.csv", bad.encode()), "commit": "1"})
    assert page.status_code == 400 and b"Line 2: no CLP called" in page.content


def test_the_management_command_dry_runs_and_commits(tmp_path, stella, hackney, leeds, section, women, capsys):
    path = tmp_path / "n.csv"
    path.write_text(GOOD)
    call_command("import_nominations", "nec-2026", section.slug, str(path), "--user", "stella")
    assert "would change (dry run" in capsys.readouterr().out and Nomination.objects.count() == 0
    call_command("import_nominations", "nec-2026", section.slug, str(path), "--user", "stella", "--commit")
    assert Nomination.objects.count() == 3


def test_the_management_command_fails_on_bad_lines(tmp_path, stella, section, women):
    path = tmp_path / "n.csv"
    path.write_text("clp,candidate,date,method\nAtlantis,Woman 0,2026-01-10,stv\n")
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_nominations", "nec-2026", section.slug, str(path), "--user", "stella", "--commit")


def test_the_page_imports_exactly_the_file_it_checked(client_for, rita, hackney, leeds, section, women):
    url = reverse("nominations:import", args=[section.election.slug, section.slug])
    client = client_for(rita)
    page = client.post(url, {"file": SimpleUploadedFile("n.csv", GOOD.encode()), "reason": "x", "check": "1"})
    checked = page.context["checked"]["data"]
    assert b"Import exactly this file (2 CLPs)" in page.content
    done = client.post(url, {"checked": checked, "reason": "x", "commit": "1"})
    assert done.status_code == 302 and Nomination.objects.count() == 3


def test_the_page_asks_for_a_file(client_for, rita, section):
    url = reverse("nominations:import", args=[section.election.slug, section.slug])
    page = client_for(rita).post(url, {"reason": "x", "check": "1"})
    assert page.status_code == 400 and b"Choose a CSV file to upload." in page.content
