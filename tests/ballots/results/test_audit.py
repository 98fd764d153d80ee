"""The audit log: every action recorded; staff read it; nobody edits it."""

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from elections.models import AuditEntry
from tests.ballots.results.factories import declare


def test_every_step_is_recorded_with_who_and_what(rita, count):
    declare(rita, count)
    entries = AuditEntry.objects.order_by("id")
    assert [e.action for e in entries] == ["ballot_set.loaded", "count.requested", "count.done", "count.declared"]
    assert all(e.actor == rita for e in entries)
    assert entries[1].details["input_sha256"] == count.input_sha256
    assert entries[3].object_type == "Count" and entries[3].object_id == count.pk


def test_an_entry_cannot_be_changed(count):
    entry = AuditEntry.objects.first()
    entry.action = "something else"
    with pytest.raises(PermissionError):
        entry.save()


def test_an_entry_cannot_be_deleted(count):
    with pytest.raises(PermissionError):
        AuditEntry.objects.first().delete()


def test_the_log_cannot_be_changed_or_deleted_in_bulk(count):
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().update(action="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.filter(action="x").count() == 0


def test_the_admin_offers_no_way_to_add_change_or_delete(stella, count):
    request = RequestFactory().get("/")
    request.user = stella
    model_admin = site._registry[AuditEntry]
    entry = AuditEntry.objects.first()
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)


def test_staff_read_the_log_in_the_admin(client_for, stella, count):
    response = client_for(stella).get(reverse("admin:elections_auditentry_changelist"))
    assert response.status_code == 200 and "count.done" in response.content.decode()


def test_staff_read_the_log_on_its_page(client_for, stella, count):
    page = client_for(stella).get(reverse("results:audit")).content.decode()
    assert "ballot_set.loaded" in page and "count.requested" in page


@pytest.mark.parametrize("who", ["rita", "alice", "nobody"])
def test_only_staff_read_the_log_page(client_for, count, who, request):
    response = client_for(request.getfixturevalue(who)).get(reverse("results:audit"))
    assert response.status_code == 403
    assert "Only staff can read the results audit log" in response.content.decode()
