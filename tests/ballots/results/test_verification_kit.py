"""The verification kit: the published ballots re-counted by the printed command give the printed
sheet hash; members check files against it; unpublished ballots stay with the returning officer."""

from __future__ import annotations

import hashlib
import json
import shlex

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from ballots.counting.__main__ import main as engine_cli
from ballots.results import verification
from tests.ballots.results.factories import declare

pytestmark = pytest.mark.django_db


@pytest.fixture
def declared(count, rita):
    declare(rita, count)
    count.refresh_from_db()
    return count


def _publish(section, on=True):
    section.publish_ballots = on
    section.save(update_fields=["publish_ballots"])


def test_the_printed_command_on_the_published_file_prints_the_printed_sheet_hash(
    client, alice, declared, tmp_path, capsys, monkeypatch
):
    _publish(declared.section)
    client.force_login(alice)
    page = client.get(declared.get_absolute_url()).content.decode()
    kit = verification.kit_for(declared)
    assert kit.ballots_sha256 in page and kit.sheet_sha256 in page and escape(kit.command) in page
    response = client.get(reverse("results:kit_ballots", args=[declared.pk]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert hashlib.sha256(data).hexdigest() == kit.ballots_sha256
    assert b"(" not in data.split(b"\n0\n")[0]  # no ballot numbers in the papers
    (tmp_path / kit.filename).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    argv = shlex.split(kit.command)
    assert argv[:3] == ["python", "-m", "ballots.counting"]
    assert "--min-women" in argv and argv.count("--women") == 3  # Ann, Cat and Eve
    assert engine_cli(argv[3:]) == 0
    printed = capsys.readouterr().out
    assert hashlib.sha256(printed.encode()).hexdigest() == kit.sheet_sha256
    again, stored = json.loads(printed), json.loads(declared.result_json)
    assert again.pop("input_sha256") == kit.ballots_sha256
    assert stored.pop("input_sha256") == declared.input_sha256
    assert again == stored  # the same count, figure for figure


def test_a_member_checks_a_file_against_the_published_hashes(client, alice, declared):
    client.force_login(alice)
    url = reverse("results:kit_check", args=[declared.pk])
    good = verification.ballots_file(declared)
    response = client.post(url, {"file": SimpleUploadedFile("mine.blt", good)})
    assert response.status_code == 200 and "It matches." in response.content.decode()
    assert "mine.blt is the published ballot file" in response.content.decode()
    response = client.post(url, {"file": SimpleUploadedFile("other.blt", good + b"\n")})
    assert "It does not match." in response.content.decode()
    response = client.post(url, {})
    assert response.status_code == 422 and "This field is required." in response.content.decode()


def test_a_file_over_the_upload_limit_is_refused_beside_the_control(client, alice, declared, settings):
    settings.RESULTS_UPLOAD_MAX_BYTES = 2048
    client.force_login(alice)
    response = client.post(
        reverse("results:kit_check", args=[declared.pk]), {"file": SimpleUploadedFile("big.blt", b"1" * 3000)}
    )
    assert response.status_code == 413
    assert (
        "This file is 3,000 bytes; the largest file accepted here is 2,048 bytes (2 KB)." in response.content.decode()
    )


def test_unpublished_ballots_stay_with_the_returning_officer(client, alice, rita, declared):
    _publish(declared.section, on=False)
    url = reverse("results:kit_ballots", args=[declared.pk])
    client.force_login(alice)
    response = client.get(url)
    assert response.status_code == 403
    assert (
        f"The ballots of {declared.section} are not published: the returning officer has not chosen to publish "
        "them with the result." in response.content.decode()
    )
    assert "Its SHA-256" in client.get(declared.get_absolute_url()).content.decode()  # the hashes still show
    client.force_login(rita)
    assert client.get(url).status_code == 200


def test_an_undeclared_count_has_no_kit_and_members_cannot_check_against_it(client, alice, rita, count):
    client.force_login(rita)
    assert "Check this count yourself" not in client.get(count.get_absolute_url()).content.decode()
    assert client.get(reverse("results:kit_ballots", args=[count.pk])).status_code == 404
    client.force_login(alice)
    response = client.post(reverse("results:kit_check", args=[count.pk]), {"file": SimpleUploadedFile("a", b"x")})
    assert response.status_code == 403 and "has not been declared" in response.content.decode()


def test_the_returning_officer_chooses_to_publish_the_ballots_even_after_declaring(client, rita, declared):
    from tests.elections.test_section_settings import form_data, settings_url

    section = declared.section
    client.force_login(rita)
    response = client.post(settings_url(section), form_data(section, publish_ballots="on"))
    assert response.status_code == 302, response.content.decode()
    section.refresh_from_db()
    assert section.publish_ballots is True
