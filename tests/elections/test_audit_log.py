"""The shared audit log: append-only in the database itself, and fed by hustings moderation and
by every change made in the admin."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from elections.admin import AuditedAdmin, ReadOnlyAdmin
from elections.audit import audit_record
from elections.models import AuditEntry, Candidate
from hustings import services as hustings_services
from hustings.models import Hustings
from tests.elections.test_admin import registered_models
from tests.factories import CandidateFactory


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE elections_auditentry SET action = 'rewritten' WHERE id = %s",
        "DELETE FROM elections_auditentry WHERE id = %s",
    ],
    ids=["update", "delete"],
)
def test_postgresql_itself_refuses_to_change_or_delete_an_entry(section, stella, sql):
    entry = audit_record(actor=stella, action="test.recorded", section=section)
    with (
        pytest.raises(IntegrityError, match="the audit log is append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk, action="test.recorded").exists()


@pytest.mark.postgres
def test_postgresql_still_takes_new_entries(section, stella):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO elections_auditentry (at, action, object_type, details) VALUES (now(), 'sql.insert', '', '{}')"
        )
    assert AuditEntry.objects.filter(action="sql.insert").count() == 1


# -- hustings moderation ---------------------------------------------------------------------------
@pytest.fixture
def hustings(section, stella):
    from tests.factories import UserFactory
    from tests.hustings.factories import HustingsFactory

    mo = UserFactory(username="mo")
    h = HustingsFactory(section=section, title="CLP section hustings", chair=stella)
    h.moderators.add(mo)
    h.candidates.add(
        CandidateFactory(section=section, display_name="Ayesha Rahman", slug="ayesha"),
        CandidateFactory(section=section, display_name="Ben Okafor", slug="ben"),
    )
    return h


def _question(hustings, alice, text="What will you do for CLPs?"):
    return hustings_services.question_submit(actor=alice, hustings=hustings, text=text)


def test_every_moderation_decision_is_in_the_audit_log(hustings, alice, stella, settings):
    settings.HUSTINGS_QUESTIONS_PER_MINUTE = 10
    mo = hustings.moderators.get()
    first, second, third = (_question(hustings, alice, f"Question {n} for the candidates?") for n in (1, 2, 3))
    hustings_services.question_edit(actor=mo, question=first, text="Question one, reworded?")
    hustings_services.question_approve(actor=mo, question=first)
    hustings_services.question_tag(actor=mo, question=first, topics=["Housing"])
    hustings_services.question_reject(actor=mo, question=second, reason="Off topic")
    hustings_services.question_merge(actor=mo, duplicate=third, into=first)
    hustings_services.hustings_set_state(actor=stella, hustings=hustings, state=Hustings.State.LIVE)
    hustings_services.question_put(actor=stella, hustings=hustings, question=first)

    entries = list(AuditEntry.objects.order_by("id"))
    assert [(e.action, e.actor.username, e.object_id) for e in entries] == [
        ("question.edited", "mo", first.pk),
        ("question.approved", "mo", first.pk),
        ("question.tagged", "mo", first.pk),
        ("question.rejected", "mo", second.pk),
        ("question.merged", "mo", third.pk),
        ("hustings.state_changed", "stella", hustings.pk),
        ("question.put", "stella", first.pk),
    ]
    assert all(e.section_id == hustings.section_id for e in entries)
    assert entries[0].details["before"] == "Question 1 for the candidates?"
    assert entries[0].details["after"] == "Question one, reworded?"
    assert entries[3].details["reason"] == "Off topic" and entries[4].details["into"] == first.pk
    assert entries[5].details == {"from": "open", "to": "live"}
    assert entries[6].details["order"] == ["Ayesha Rahman", "Ben Okafor"]


def test_a_refused_moderation_writes_nothing(hustings, alice):
    from django.core.exceptions import PermissionDenied

    question = _question(hustings, alice)
    with pytest.raises(PermissionDenied):
        hustings_services.question_approve(actor=alice, question=question)
    assert not AuditEntry.objects.exists()


# -- the admin -------------------------------------------------------------------------------------
def test_every_admin_page_of_ours_either_audits_its_changes_or_changes_nothing():
    unaudited = [
        m.__name__ for m in registered_models() if not isinstance(admin.site._registry[m], AuditedAdmin | ReadOnlyAdmin)
    ]
    assert unaudited == []
    assert isinstance(admin.site._registry[get_user_model()], AuditedAdmin)  # Django's own user admin too


def test_a_change_in_the_admin_is_audited_with_what_it_was_and_what_it_became(client_for, stella, section):
    candidate = CandidateFactory(section=section, display_name="Ann Able", slug="ann")
    url = reverse("admin:elections_candidate_change", args=[candidate.pk])
    client = client_for(stella)
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in {"photo", "slates"}}
    data.update(display_name="Ann Able-Baker", home_clp=candidate.home_clp_id, section=section.pk, withdrawn="on")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.get(action="admin.changed")
    assert entry.actor == stella and entry.section == section and entry.object_id == candidate.pk
    assert entry.details["model"] == "elections.Candidate"
    assert entry.details["changes"]["display_name"] == ["Ann Able", "Ann Able-Baker"]
    assert entry.details["changes"]["withdrawn"] == [False, True]


def test_a_deletion_in_the_admin_is_audited(client_for, stella, section):
    candidate = CandidateFactory(section=section, display_name="Ann Able", slug="ann")
    url = reverse("admin:elections_candidate_delete", args=[candidate.pk])
    assert client_for(stella).post(url, {"post": "yes"}).status_code == 302
    assert not Candidate.objects.filter(pk=candidate.pk).exists()
    entry = AuditEntry.objects.get(action="admin.deleted")
    assert entry.details == {"model": "elections.Candidate", "object": "Ann Able"} and entry.section == section


def test_making_someone_staff_in_the_admin_is_audited(client_for, stella, alice):
    url = reverse("admin:auth_user_change", args=[alice.pk])
    client = client_for(stella)
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v not in (None, [], "") and k not in {"password", "groups"}}
    data.update(
        is_staff="on", is_active="on", date_joined_0="2026-01-01", date_joined_1="10:00:00", last_login_0="",
        last_login_1="",
    )  # fmt: skip
    data.pop("date_joined", None)
    data.pop("last_login", None)
    data.pop("user_permissions", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.get(action="admin.changed")
    assert entry.details["changes"]["is_staff"] == [False, True] and entry.object_id == alice.pk


@pytest.mark.parametrize(
    "model_path",
    [
        "hustings.Question",
        "hustings.Answer",
        "hustings.Vote",
        "ballots.NominationRules",
        "ballots.AffiliateNomination",
        "ballots.Nomination",
        "ballots.Count",
        "ballots.BallotSet",
        "elections.AuditEntry",
    ],
)
def test_records_that_must_pass_the_platforms_rules_are_read_only_in_the_admin(rf, stella, model_path):
    from django.apps import apps

    model = apps.get_model(model_path)
    request = rf.get("/")
    request.user = stella
    model_admin = admin.site._registry[model]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_a_hustings_state_is_not_set_in_the_admin(rf, stella):
    request = rf.get("/")
    request.user = stella
    assert {"state", "current_question"} <= set(admin.site._registry[Hustings].get_readonly_fields(request))
