"""Candidates write statements; every save is a revision; members see only the published one."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from elections import services
from elections.models import Statement, StatementKind, StatementRevision
from elections.refusals import Conflict

LONG = StatementKind.LONG_FORM
BALLOT = StatementKind.BALLOT


def page(client, candidate):
    return client.get(candidate.get_absolute_url()).content.decode()


def edit_url(candidate, kind=LONG):
    return f"{candidate.get_absolute_url()}statements/{kind}/edit/"


def test_every_save_is_a_revision_and_members_see_only_the_published_one(client_for, ayesha, alice):
    services.statement_save(candidate=ayesha, kind=LONG, body="First, published.", user=ayesha.user, publish=True)
    services.statement_save(candidate=ayesha, kind=LONG, body="Second, a draft.", user=ayesha.user)
    statement = Statement.objects.get(candidate=ayesha, kind=LONG)
    assert list(statement.revisions.values_list("number", "body")) == [
        (2, "Second, a draft."),
        (1, "First, published."),
    ]
    html = page(client_for(alice), ayesha)
    assert "First, published." in html
    assert "Second, a draft." not in html


def test_saving_the_same_text_again_adds_no_revision(ayesha):
    services.statement_save(candidate=ayesha, kind=LONG, body="Same.", user=ayesha.user)
    services.statement_save(candidate=ayesha, kind=LONG, body="Same.", user=ayesha.user, publish=True)
    statement = Statement.objects.get(candidate=ayesha, kind=LONG)
    assert statement.revisions.count() == 1
    assert statement.published.number == 1


def test_a_candidate_writes_and_publishes_through_the_page(client_for, ayesha, alice):
    client = client_for(ayesha.user)
    response = client.post(edit_url(ayesha), {"body": "## Why me\n\nBecause.", "publish": "1"})
    assert response.status_code == 302
    html = page(client_for(alice), ayesha)
    assert "<h3>Why me</h3>" in html, "the author's headings sit below the page's h2"


@pytest.mark.parametrize("who", ["alice", "ben", "otto", "nobody"])
def test_it_refuses_edits_by_anyone_but_the_candidate_or_returning_officer(request, client_for, ayesha, ben, who):
    user = ben.user if who == "ben" else request.getfixturevalue(who)
    with pytest.raises(PermissionDenied, match="Only Ayesha Rahman and the returning officers of NEC 2026 can edit"):
        services.statement_save(candidate=ayesha, kind=LONG, body="Hijack", user=user)
    response = client_for(user).post(edit_url(ayesha), {"body": "Hijack", "publish": "1"})
    assert response.status_code == 403
    assert "Only Ayesha Rahman and the returning officers of NEC 2026 can edit" in response.content.decode()
    assert not StatementRevision.objects.exists()


def test_a_returning_officer_may_edit_a_statement(ayesha, rita):
    revision = services.statement_save(candidate=ayesha, kind=LONG, body="Redacted by the RO.", user=rita, publish=True)
    assert revision.author == rita


def test_publishing_a_ballot_statement_over_the_word_limit_is_refused_and_the_text_kept(client_for, ayesha, section):
    section.statement_word_limit = 5
    section.save()
    text = "One two three four five six seven."
    message = "has 7 words; the limit in CLP section is 5. Please remove 2 words before publishing it"
    with pytest.raises(ValidationError, match=message):
        services.statement_save(candidate=ayesha, kind=BALLOT, body=text, user=ayesha.user, publish=True)
    response = client_for(ayesha.user).post(edit_url(ayesha, BALLOT), {"body": text, "publish": "1"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert text in response.content.decode(), "nothing the candidate typed is lost"
    assert not StatementRevision.objects.exists()


def test_a_draft_may_run_over_the_word_limit(client_for, ayesha, section):
    section.statement_word_limit = 5
    section.save()
    text = "One two three four five six seven."
    response = client_for(ayesha.user).post(edit_url(ayesha, BALLOT), {"body": text, "draft": "1"})
    assert response.status_code == 302
    revision = StatementRevision.objects.get()
    assert (revision.body, revision.word_count, revision.published_at) == (text, 7, None)
    with pytest.raises(ValidationError, match="Please remove 1 word before publishing it"):
        services.statement_save(
            candidate=ayesha, kind=BALLOT, body="One two three four five six.", user=ayesha.user, publish=True
        )


def test_the_long_form_statement_has_no_word_limit(ayesha, section):
    section.statement_word_limit = 5
    section.save()
    revision = services.statement_save(candidate=ayesha, kind=LONG, body="word " * 500, user=ayesha.user)
    assert revision.word_count == 500


def test_an_empty_statement_is_refused(ayesha):
    with pytest.raises(ValidationError, match="Write the statement"):
        services.statement_save(candidate=ayesha, kind=LONG, body="  \n", user=ayesha.user)


def test_publishing_contact_details_needs_confirmation_naming_what_was_found(client_for, ayesha, alice):
    text = "Visit me at 12 Acacia Avenue, SW1A 1AA, or call 07700 900123."
    with pytest.raises(services.ContactDetailsFound) as refused:
        services.statement_save(candidate=ayesha, kind=LONG, body=text, user=ayesha.user, publish=True)
    assert [f.kind for f in refused.value.findings] == ["address", "postcode", "phone"]
    response = client_for(ayesha.user).post(edit_url(ayesha), {"body": text, "publish": "1"})
    html = response.content.decode()
    assert response.status_code == 422
    assert "a street address (12 Acacia Avenue)" in html and "a postcode (SW1A 1AA)" in html
    assert 'name="confirm_contact_details"' in html
    assert not StatementRevision.objects.exists()
    response = client_for(ayesha.user).post(
        edit_url(ayesha), {"body": text, "publish": "1", "confirm_contact_details": "on"}
    )
    assert response.status_code == 302
    revision = Statement.objects.get(candidate=ayesha).published
    assert revision.contact_details_confirmed and len(revision.contact_details) == 3
    assert "12 Acacia Avenue" in page(client_for(alice), ayesha)


def test_a_draft_with_contact_details_saves_without_confirmation(ayesha):
    revision = services.statement_save(candidate=ayesha, kind=LONG, body="Email me: a@example.org", user=ayesha.user)
    assert revision.contact_details == [{"kind": "email", "text": "a@example.org"}]
    assert not revision.contact_details_confirmed


def test_after_the_lock_edits_are_refused_with_the_reason(client_for, ayesha, rita, section):
    at = timezone.make_aware(dt.datetime(2026, 7, 1, 12, 0))
    services.statement_save(candidate=ayesha, kind=LONG, body="Before the lock.", user=ayesha.user, publish=True)
    services.section_lock_statements(section=section, user=rita, at=at)
    reason = "Statements for CLP section were locked by the returning officer at 12:00 on 1 July 2026."
    for user in (ayesha.user, rita):
        with pytest.raises(Conflict) as refused:
            services.statement_save(candidate=ayesha, kind=LONG, body="After.", user=user, publish=True)
        assert refused.value.message == reason
    # A rule of the election, not "not yours": the edit page says why, where the form was.
    response = client_for(ayesha.user).post(edit_url(ayesha), {"body": "After.", "publish": "1"})
    assert response.status_code == 409 and reason in response.content.decode()
    assert reason in client_for(ayesha.user).get(edit_url(ayesha)).content.decode()
    assert Statement.objects.get(candidate=ayesha).revisions.count() == 1


def test_a_lock_set_for_later_does_not_refuse_edits_yet(ayesha, rita, section):
    services.section_lock_statements(section=section, user=rita, at=timezone.now() + dt.timedelta(days=1))
    assert services.statement_save(candidate=ayesha, kind=LONG, body="Still open.", user=ayesha.user)


def test_unlocking_allows_edits_again(ayesha, rita, section):
    services.section_lock_statements(section=section, user=rita)
    services.section_unlock_statements(section=section, user=rita)
    assert services.statement_save(candidate=ayesha, kind=LONG, body="Open again.", user=ayesha.user)


@pytest.mark.parametrize("who", ["alice", "otto"])
def test_only_a_returning_officer_can_lock_or_unlock(request, client_for, section, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied, match="Only the returning officers of NEC 2026 and staff can lock statements"):
        services.section_lock_statements(section=section, user=user)
    with pytest.raises(PermissionDenied, match="can unlock"):
        services.section_unlock_statements(section=section, user=user)
    response = client_for(user).post(f"{section.get_absolute_url()}statements/lock/", {"action": "lock"})
    assert response.status_code == 403
    section.refresh_from_db()
    assert section.statements_locked_at is None


def test_the_returning_officer_locks_through_the_page(client_for, rita, section):
    response = client_for(rita).post(f"{section.get_absolute_url()}statements/lock/", {"action": "lock", "at": ""})
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.statements_locked and section.statements_locked_by == rita


def test_a_hidden_statement_shows_members_the_reason(client_for, ayesha, rita, alice):
    services.statement_save(candidate=ayesha, kind=LONG, body="Something defamatory.", user=ayesha.user, publish=True)
    statement = Statement.objects.get(candidate=ayesha)
    response = client_for(rita).post(
        f"{ayesha.get_absolute_url()}statements/long-form/hide/", {"reason": "Legal advice <b>pending</b>"}
    )
    assert response.status_code == 302
    html = page(client_for(alice), ayesha)
    assert "Statement withdrawn by the returning officer: Legal advice pending" in html
    assert "Something defamatory." not in html
    statement.refresh_from_db()
    assert (statement.hidden_by, statement.hidden_reason) == (rita, "Legal advice <b>pending</b>")
    services.statement_unhide(statement=statement, user=rita)
    assert "Something defamatory." in page(client_for(alice), ayesha)


@pytest.mark.parametrize("who", ["alice", "otto", "ayesha"])
def test_only_a_returning_officer_can_hide_or_unhide_a_statement(request, client_for, ayesha, who):
    user = ayesha.user if who == "ayesha" else request.getfixturevalue(who)
    services.statement_save(candidate=ayesha, kind=LONG, body="Mine.", user=ayesha.user, publish=True)
    statement = Statement.objects.get(candidate=ayesha)
    with pytest.raises(PermissionDenied, match="Only the returning officers of NEC 2026 and staff can hide"):
        services.statement_hide(statement=statement, user=user, reason="x")
    with pytest.raises(PermissionDenied, match="can show a hidden statement"):
        services.statement_unhide(statement=statement, user=user)
    assert (
        client_for(user).post(f"{ayesha.get_absolute_url()}statements/long-form/hide/", {"reason": "x"}).status_code
        == 403
    )
    statement.refresh_from_db()
    assert not statement.hidden


def test_hiding_needs_a_reason(ayesha, rita):
    services.statement_save(candidate=ayesha, kind=LONG, body="Mine.", user=ayesha.user, publish=True)
    with pytest.raises(ValidationError, match="Give the reason"):
        services.statement_hide(statement=Statement.objects.get(candidate=ayesha), user=rita, reason="  ")


def test_hiding_still_works_after_the_lock(ayesha, rita, section):
    services.statement_save(candidate=ayesha, kind=LONG, body="Mine.", user=ayesha.user, publish=True)
    services.section_lock_statements(section=section, user=rita)
    statement = services.statement_hide(
        statement=Statement.objects.get(candidate=ayesha), user=rita, reason="Complaint upheld"
    )
    assert statement.hidden


def test_preview_shows_what_members_will_see_and_saves_nothing(client_for, ayesha):
    body = "## Why\n\nI am a **nurse**. <span>odd</span> ![me](https://example.org/me.png)\n\n```\n<b>code</b>\n```"
    response = client_for(ayesha.user).post(edit_url(ayesha, LONG), {"body": body, "preview": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Preview: what members will see" in page
    assert "<h3>Why</h3>" in page and "<strong>nurse</strong>" in page and "&lt;b&gt;code&lt;/b&gt;" in page
    assert "Members will not see 1 image and HTML (&lt;span&gt;)." in page
    assert not StatementRevision.objects.exists()


def test_the_editor_warns_about_removed_html_in_the_saved_text(client_for, ayesha):
    services.statement_save(candidate=ayesha, kind=LONG, body="Hello <iframe src=x></iframe>", user=ayesha.user)
    page = client_for(ayesha.user).get(edit_url(ayesha, LONG)).content.decode()
    assert "Members will not see HTML (&lt;iframe&gt;)." in page
    assert "Preview: what members will see" not in page


def test_the_editor_has_one_primary_action(client_for, ayesha):
    page = client_for(ayesha.user).get(edit_url(ayesha, BALLOT)).content.decode()
    assert '<button type="submit" name="publish">Save and publish</button>' in page
    assert '<button type="submit" name="draft" class="button-secondary">Save draft</button>' in page
    assert '<button type="submit" name="preview" class="button-secondary">Preview</button>' in page
