"""After the close: the published list, the receipt check, the downloads, and a recount by the CLI."""

import csv
import datetime as dt
import io
import re
import shlex
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from ballots.voting import receipts, services
from ballots.voting.models import BallotPaper
from tests import factories
from tests.ballots.voting.helpers import text as words

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def counted(hackney_ballot, sam, alice, chris, hal, ivy, people, cast, now):
    p = people
    codes = {
        "alice": cast(hackney_ballot, alice, [p["cara"], p["ann"], p["dan"]]),
        "chris": cast(hackney_ballot, chris, [p["dan"], p["eli"]]),
        "hal": cast(hackney_ballot, hal, [p["cara"], p["beth"]]),
        "ivy": cast(hackney_ballot, ivy, []),
    }
    services.online_ballot_close(ballot=hackney_ballot, user=sam, now=now + dt.timedelta(minutes=1))
    ballot = services.online_ballot_count_clp(ballot=hackney_ballot, user=sam)
    return ballot, codes


def test_a_voter_finds_their_ballot_by_receipt_code(client_for, counted, alice):
    ballot, codes = counted
    client = client_for(alice)
    page = client.post(reverse("voting:papers", args=[ballot.pk]), {"code": codes["alice"].lower()})
    text = words(page)
    digest = receipts.code_hash(ballot.pk, codes["alice"])
    position = sorted(BallotPaper.objects.values_list("receipt_hash", flat=True)).index(digest) + 1
    assert f"Your ballot is in the list, number {position} of 4 (receipt hash {digest})." in text
    assert "It reads: 1 Cara Cole; 2 Ann Adams; 3 Dan Dyer." in text
    blank = client.post(reverse("voting:papers", args=[ballot.pk]), {"code": codes["ivy"]})
    assert "It is a blank ballot." in blank.content.decode()
    wrong = client.post(reverse("voting:papers", args=[ballot.pk]), {"code": receipts.new_code()})
    assert "No ballot in this list has that receipt code." in wrong.content.decode()


def test_the_list_is_for_the_electorate_and_the_officers(client_for, counted, sunita, nobody, sam, chris):
    ballot, _codes = counted
    for user in (sunita, nobody):
        for name in ("papers", "papers_blt", "papers_csv", "result"):
            page = client_for(user).get(reverse(f"voting:{name}", args=[ballot.pk]))
            assert page.status_code == 403, (user, name)
    assert "The list of ballots cast is published to the members who could vote in this ballot." in (
        client_for(sunita).get(reverse("voting:papers", args=[ballot.pk])).content.decode()
    )
    for user in (sam, chris):
        assert client_for(user).get(reverse("voting:papers", args=[ballot.pk])).status_code == 200


def test_the_csv_is_the_published_list_with_formula_safe_cells(
    client_for, open_clp_ballot, section, hackney, sam, alice, chris, cast, people, now
):
    sly = factories.CandidateFactory(section=section, display_name="=HYPERLINK(1)", slug="sly", home_clp=hackney)
    ballot = open_clp_ballot(sam, candidate_ids=[*[c.pk for c in people.values()], sly.pk])
    cast(ballot, alice, [sly, people["ann"]])
    cast(ballot, chris, [people["ann"]])
    services.online_ballot_close(ballot=ballot, user=sam, now=now + dt.timedelta(minutes=1))
    body = b"".join(client_for(alice).get(reverse("voting:papers_csv", args=[ballot.pk])).streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["position", "receipt_hash", "preferences"]
    assert [r[1] for r in rows[1:]] == list(
        BallotPaper.objects.order_by("receipt_hash").values_list("receipt_hash", flat=True)
    )
    assert sorted(r[2] for r in rows[1:]) == ["'=HYPERLINK(1); Ann Adams", "Ann Adams"]


def test_anyone_can_recount_the_downloaded_file_with_the_cli(client_for, counted, alice, tmp_path):
    ballot, _codes = counted
    client = client_for(alice)
    download = client.get(reverse("voting:papers_blt", args=[ballot.pk]))
    data = b"".join(download.streaming_content)
    with default_storage.open(ballot.sealed_file.name, "rb") as f:
        assert data == f.read()
    path = tmp_path / "ballots.blt"
    path.write_bytes(data)
    shown = re.search(
        r'<code class="cli">([^<]+)</code>', client.get(reverse("voting:papers", args=[ballot.pk])).content.decode()
    )
    args = shlex.split(unescape(shown.group(1)))
    assert args[:4] == ["python", "-m", "ballots.counting", "ballots.blt"]
    run = subprocess.run(
        [sys.executable, "-m", "ballots.counting", str(path), *args[4:], "--format", "json"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert run.stdout == ballot.result_json  # byte for byte: the same engine on the same file
