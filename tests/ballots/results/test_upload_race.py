"""Two uploads of the same file at the same moment: one is stored, the other is refused like any
file already loaded (422 with the reason, on the page and in the API), never a 500, and nothing
of the loser is left behind. On PostgreSQL, with real concurrent transactions: both uploads are
held until each has passed the whole-file check, so they truly race to store."""

import threading

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ballots.results.models import BallotSet
from ballots.results.services import ballot_sets
from elections.models import AuditEntry
from tests.concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def both_checked_before_either_stores(monkeypatch):
    """Hold each upload after the whole-file check (which finds nothing loaded yet) until both
    have done it: without the section lock and the second look under it, both would insert."""
    barrier = threading.Barrier(2, timeout=30)
    real = ballot_sets.ballot_set_check

    def check_then_wait(**kwargs):
        outcome = real(**kwargs)
        barrier.wait()
        return outcome

    monkeypatch.setattr(ballot_sets, "ballot_set_check", check_then_wait)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _stored_files():
    _dirs, files = default_storage.listdir("ballot-sets")
    return files


def test_two_pages_uploading_the_same_file_at_once(section, rita, good_blt, both_checked_before_either_stores):
    url = reverse("results:upload", args=["nec-2026", section.slug])

    def upload():
        data = {"file": SimpleUploadedFile("same.blt", good_blt), "mapping": "name"}
        return _client(rita).post(url, data)

    outcomes = race(upload, upload)
    assert sorted(o.status_code for o in outcomes) == [302, 422], outcomes
    loser = next(o for o in outcomes if o.status_code == 422).content.decode()
    ballot_set = BallotSet.objects.get()
    assert f"was already loaded as ballot set {ballot_set.pk}." in loser
    assert _stored_files() == [ballot_set.file.name.split("/")[-1]]  # the loser's copy is gone
    assert AuditEntry.objects.filter(action="ballot_set.refused").count() == 1


def test_two_api_uploads_of_the_same_file_at_once(section, rita, good_blt, both_checked_before_either_stores):
    def upload():
        data = {"section": section.pk, "file": SimpleUploadedFile("same.blt", good_blt), "mapping": "name"}
        return _client(rita).post("/api/results/ballot-sets/", data)

    outcomes = race(upload, upload)
    assert sorted(o.status_code for o in outcomes) == [201, 422], outcomes
    loser = next(o for o in outcomes if o.status_code == 422).json()
    assert loser["detail"] == "The file was not loaded."
    assert loser["report"]["errors"] == [
        f"This exact file (SHA-256 {BallotSet.objects.get().sha256[:12]}…) was already loaded as ballot set "
        f"{BallotSet.objects.get().pk}."
    ]
    assert BallotSet.objects.count() == 1 and len(_stored_files()) == 1
