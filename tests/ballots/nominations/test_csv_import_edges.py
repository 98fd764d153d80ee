"""The nominations CSV import refuses, with the reason, every file it cannot read as meant:
CR-only line endings (a 500 before), a header with no lines (an "import" of nothing before),
an empty file, broken CSV, numbers out of range, too many lines, a file too large."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ballots.nominations.csvimport import nominations_import
from ballots.nominations.models import Nomination

HEADER = "clp,candidate,date,method,votes"


def run(section, user, text: str | bytes, commit=True):
    data = text.encode() if isinstance(text, str) else text
    return nominations_import(section=section, user=user, data=data, reason="From the export", commit=commit)


def test_a_file_with_cr_only_line_endings_is_read_line_by_line(stella, hackney, leeds, section, women):
    text = "\r".join([HEADER, "Hackney,Woman 0,2026-01-10,stv,41", "Leeds Central,Woman 1,2026-01-12,fptp,"]) + "\r"
    report = run(section, stella, text)
    assert report.errors == [] and report.committed and report.lines == 2
    assert Nomination.objects.count() == 2


@pytest.mark.parametrize("text", [HEADER + "\n", HEADER, HEADER + "\n\n ,,,,\n"])
def test_a_header_with_no_nominations_is_refused(stella, section, women, text):
    report = run(section, stella, text)
    assert not report.committed
    assert report.errors == [(0, "The file has a header but no nominations: there is nothing to import.")]


@pytest.mark.parametrize("data", [b"", b"   \n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_refused(stella, section, data):
    report = run(section, stella, data)
    assert report.errors == [(0, "The file is empty: export the nominations as CSV and upload that file.")]


def test_csv_that_cannot_be_read_is_refused_with_its_line(stella, hackney, section, women):
    """A field longer than the CSV reader's limit (as a corrupt export can give) stops the reader."""
    long_field = '"' + "x" * 200_000 + '"'
    report = run(section, stella, f"{HEADER}\nHackney,Woman 0,2026-01-10,stv,1\n{long_field},Woman 1,2026-01-10,stv,\n")
    assert not report.committed
    [(line, message)] = report.errors
    assert line == 3 and message == "Line 3: this is not CSV that can be read (field larger than field limit (131072))."
    assert Nomination.objects.count() == 0


@pytest.mark.parametrize("votes", ["99999999999999999999", "2147483648", "²", "-3", "4.5"])
def test_votes_out_of_range_or_not_whole_are_refused_with_the_line(stella, hackney, section, women, votes):
    report = run(section, stella, f"{HEADER}\nHackney,Woman 0,2026-01-10,stv,{votes}\n")
    assert report.errors == [
        (2, f"Line 2: the votes {votes!r} are not a whole number from 0 to 2,147,483,647."),
    ]
    assert Nomination.objects.count() == 0


def test_a_file_with_more_lines_than_the_limit_is_refused(stella, hackney, section, women, settings):
    settings.NOMINATIONS_IMPORT_MAX_LINES = 2
    lines = [f"Hackney,Woman {n},2026-01-10,stv," for n in range(3)]
    report = run(section, stella, "\n".join([HEADER, *lines]) + "\n")
    assert (4, "Line 4: the file has more than 2 nominations; split it.") in report.errors
    assert not report.committed


def test_the_import_page_refuses_a_file_over_the_limit_before_reading_it(client_for, rita, section, settings):
    settings.NOMINATIONS_IMPORT_MAX_BYTES = 1024
    big = SimpleUploadedFile("n.csv", (HEADER + "\n" + "Hackney,Woman 0,2026-01-10,stv,\n" * 5000).encode())
    url = reverse("nominations:import", args=[section.election.slug, section.slug])
    page = client_for(rita).post(url, {"file": big, "check": "1"})
    assert page.status_code == 413
    assert "the largest nominations file accepted here is 1 KB." in page.content.decode()
    assert Nomination.objects.count() == 0


def test_the_import_page_shows_a_header_only_file_as_refused(client_for, rita, section, women):
    url = reverse("nominations:import", args=[section.election.slug, section.slug])
    page = client_for(rita).post(url, {"file": SimpleUploadedFile("n.csv", (HEADER + "\n").encode()), "check": "1"})
    assert page.status_code == 400
    assert "The file has a header but no nominations" in page.content.decode()
