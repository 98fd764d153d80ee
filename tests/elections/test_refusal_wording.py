"""One helper per kind of permission check, with one wording: the service, the page and the API
refusing the same thing say the same sentence (they were written separately, and differed)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from elections import permissions, services

EDIT = "Only Ayesha Rahman and the returning officers of NEC 2026 can edit these statements."
LOCK = "Only the returning officers of NEC 2026 and staff can lock statements."


def test_editing_someone_elses_statement_is_refused_in_one_sentence_everywhere(client_for, alice, ayesha):
    with pytest.raises(PermissionDenied) as refused:
        services.statement_save(candidate=ayesha, kind="ballot", body="Mine", user=alice)
    assert str(refused.value) == EDIT
    args = [ayesha.section.election.slug, ayesha.section.slug, ayesha.slug, "ballot"]
    page = client_for(alice).get(reverse("elections:statement_edit", args=args))
    assert page.status_code == 403 and EDIT in page.content.decode()
    api = client_for(alice).put(
        f"/api/candidates/{ayesha.pk}/statements/ballot/", {"body": "Mine"}, content_type="application/json"
    )
    assert api.status_code == 403 and api.json()["detail"] == EDIT


def test_locking_statements_is_refused_in_one_sentence_everywhere(client_for, alice, section):
    with pytest.raises(PermissionDenied) as refused:
        services.section_lock_statements(section=section, user=alice)
    assert str(refused.value) == LOCK
    page = client_for(alice).get(reverse("elections:statements_lock", args=[section.election.slug, section.slug]))
    assert page.status_code == 403 and LOCK in page.content.decode()
    api = client_for(alice).post(f"/api/sections/{section.pk}/statements-lock/", {}, content_type="application/json")
    assert api.status_code == 403 and api.json()["detail"] == LOCK


def test_results_refusals_use_the_same_election_manager_wording(alice, section):
    from ballots.results.permissions import require_manage

    with pytest.raises(PermissionDenied) as results:
        require_manage(alice, section, "lock statements")
    with pytest.raises(PermissionDenied) as elections:
        permissions.require_election_manager(alice, section.election, "lock statements")
    assert str(results.value) == str(elections.value) == LOCK
