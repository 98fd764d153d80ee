"""Asking, voting and moderating: the rules, and what is announced to whom."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from elections.models import LiveEvent
from hustings import services
from hustings.models import Hustings, Question, Vote


def events(stream):
    return [(e.type, e.payload) for e in LiveEvent.objects.filter(stream=stream).order_by("seq")]


def test_a_member_submits_a_question_that_waits_for_the_moderators(hustings, ask, alice):
    question = ask(alice, "  How will you   support CLPs?  ")
    assert question.status == Question.Status.PENDING
    assert question.text == "How will you   support CLPs?"
    assert list(question.askers.all()) == [alice]
    mod = events(hustings.mod_stream)
    assert mod[0][0] == "question.submitted" and mod[0][1]["question"]["author"] == alice.get_full_name()
    assert [t for t, _ in events(hustings.stream)] == ["counts"]  # the public never sees the pending text
    assert events(hustings.stream)[0][1]["counts"]["received"] == 1


def test_a_question_can_be_addressed_to_named_candidates(hustings, ask, alice, candidates):
    question = ask(alice, "For Ben only", to=[candidates[1].pk])
    assert not question.to_all and list(question.to_candidates.all()) == [candidates[1]]


@pytest.mark.parametrize(
    "text, to, error",
    [
        ("", "all", "cannot be empty"),
        ("   \n ", "all", "cannot be empty"),
        ("x" * 501, "all", "501 characters long; the limit is 500"),
        (42, "all", "must be text"),
        ("Fine", [], "'to' must be \"all\" or a list of candidate ids"),
        ("Fine", ["1"], "'to' must be \"all\" or a list of candidate ids"),
        ("Fine", [999999], "Not candidates at this hustings: [999999]"),
        ("Half a character \ud800", "all", "A question contains an invalid character; send valid Unicode text."),
    ],
)
def test_it_refuses_a_malformed_question_and_stores_nothing(hustings, ask, alice, text, to, error):
    with pytest.raises(ValidationError) as refused:
        ask(alice, text, to)
    assert error in " ".join(refused.value.messages)
    assert not Question.objects.exists()


def test_a_question_sent_again_with_its_key_is_stored_once(hustings, alice):
    first = services.question_submit(actor=alice, hustings=hustings, text="Once only", key="abc-1")
    again = services.question_submit(actor=alice, hustings=hustings, text="Once only", key="abc-1")
    other = services.question_submit(actor=alice, hustings=hustings, text="Once only", key="abc-2")
    assert again.pk == first.pk and other.pk != first.pk
    assert Question.objects.filter(author=alice).count() == 2
    assert [t for t, _ in events(hustings.mod_stream)] == ["question.submitted"] * 2  # nothing announced twice


@pytest.mark.parametrize("key", ["", "has space", "x" * 65, 7, ["k"]])
def test_a_malformed_question_key_is_refused(hustings, alice, key):
    with pytest.raises(ValidationError, match="'key' must be 1 to 64 letters, digits"):
        services.question_submit(actor=alice, hustings=hustings, text="Keyed", key=key)


def test_the_length_limit_is_a_setting(hustings, ask, alice, settings):
    settings.HUSTINGS_QUESTION_MAX_CHARS = 20
    with pytest.raises(ValidationError, match="the limit is 20"):
        ask(alice, "x" * 21)


@pytest.mark.parametrize(
    "who, reason",
    [
        ("nobody", "Only party members"),
        ("lapsed", "not in good standing"),
    ],
)
def test_it_refuses_questions_from_people_who_may_not_ask(hustings, ask, request, who, reason):
    with pytest.raises(PermissionDenied, match=reason):
        ask(request.getfixturevalue(who))


def test_it_refuses_members_from_outside_the_hustings_area(hustings, ask, leo, alice, hackney):
    hustings.clp = hackney
    hustings.save()
    with pytest.raises(PermissionDenied, match="for members of Hackney; your CLP is Leeds Central"):
        ask(leo)
    assert ask(alice).pk
    hustings.clp, hustings.region = None, "london"
    hustings.save()
    with pytest.raises(PermissionDenied, match="for members in London; your CLP is in Yorkshire"):
        ask(leo)


@pytest.mark.parametrize("state, reason", [("scheduled", "Questions open when"), ("ended", "has ended")])
def test_it_refuses_questions_before_opening_and_after_the_end(hustings, ask, alice, state, reason):
    hustings.state = state
    hustings.save()
    with pytest.raises(PermissionDenied, match=reason):
        ask(alice)


def test_it_accepts_questions_while_live(hustings, ask, alice):
    hustings.state = Hustings.State.LIVE
    hustings.save()
    assert ask(alice).status == "pending"


def test_it_limits_questions_per_member_per_minute(hustings, ask, alice, bob, settings):
    settings.HUSTINGS_QUESTIONS_PER_MINUTE = 2
    ask(alice, "one")
    ask(alice, "two")
    with pytest.raises(ValidationError, match="Rate limit: at most 2 questions a minute"):
        ask(alice, "three")
    assert Question.objects.filter(author=alice).count() == 2
    assert ask(bob, "bob is not limited by alice").pk


def test_a_member_votes_once_per_question(approved, bob):
    services.question_vote(actor=bob, question=approved)
    with pytest.raises(ValidationError, match="already voted"):
        services.question_vote(actor=bob, question=approved)
    approved.refresh_from_db()
    assert approved.votes_count == 1


def test_the_database_refuses_a_second_vote_row(approved, bob):
    Vote.objects.create(question=approved, user=bob)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(question=approved, user=bob)


def test_a_member_can_withdraw_a_vote(approved, bob, hustings):
    services.question_vote(actor=bob, question=approved)
    services.question_unvote(actor=bob, question=approved)
    approved.refresh_from_db()
    assert approved.votes_count == 0
    assert ("question.votes", {"id": approved.pk, "votes": 0}) in events(hustings.stream)
    assert events(hustings.personal_stream(bob.pk))[-1] == ("vote", {"id": approved.pk, "voted": False})
    with pytest.raises(ValidationError, match="have not voted"):
        services.question_unvote(actor=bob, question=approved)


def test_it_refuses_votes_on_pending_questions(hustings, ask, alice, bob):
    with pytest.raises(ValidationError, match="Only questions in the approved queue"):
        services.question_vote(actor=bob, question=ask(alice))


def test_it_limits_votes_per_member_per_minute(hustings, ask, alice, bob, mo, settings):
    settings.HUSTINGS_VOTES_PER_MINUTE = 1
    settings.HUSTINGS_QUESTIONS_PER_MINUTE = 10
    first, second = (services.question_approve(actor=mo, question=ask(alice, t)) for t in ("a", "b"))
    services.question_vote(actor=bob, question=first)
    with pytest.raises(ValidationError, match="at most 1 votes a minute"):
        services.question_vote(actor=bob, question=second)


def test_approval_publishes_to_everyone_and_tells_the_author(hustings, ask, alice, mo):
    question = services.question_approve(actor=mo, question=ask(alice))
    public = events(hustings.stream)
    assert ("question.approved", question.pk) in [(t, p.get("question", {}).get("id")) for t, p in public]
    assert public[-1][0] == "question.approved" and public[-1][1]["counts"]["approved"] == 1  # counts ride along
    assert "author" not in public[-1][1]["question"]  # who asked stays with the moderators
    assert events(hustings.personal_stream(alice.pk))[-1][1]["question"]["status"] == "approved"


@pytest.mark.parametrize("service", ["question_approve", "question_reject", "question_edit", "question_tag"])
def test_members_cannot_moderate(hustings, ask, alice, bob, service):
    question = ask(alice)
    kwargs = {"question_reject": {"reason": "no"}, "question_edit": {"text": "x"}, "question_tag": {"topics": []}}
    with pytest.raises(PermissionDenied, match="Only the moderators and chair"):
        getattr(services, service)(actor=bob, question=question, **kwargs.get(service, {}))


def test_it_refuses_to_approve_twice(approved, mo):
    with pytest.raises(ValidationError, match="this one is approved"):
        services.question_approve(actor=mo, question=approved)


def test_a_rejection_needs_a_reason_that_the_author_sees(hustings, ask, alice, mo):
    question = ask(alice)
    with pytest.raises(ValidationError, match="The reason cannot be empty"):
        services.question_reject(actor=mo, question=question, reason=" ")
    services.question_reject(actor=mo, question=question, reason="Already answered in the statements")
    mine = events(hustings.personal_stream(alice.pk))[-1][1]["question"]
    assert (mine["status"], mine["reject_reason"]) == ("rejected", "Already answered in the statements")
    assert events(hustings.stream)[-1][1]["counts"]["dismissed"] == 1


def test_rejecting_an_approved_question_removes_it_from_the_public_queue(hustings, approved, mo):
    services.question_reject(actor=mo, question=approved, reason="Off topic")
    removed = events(hustings.stream)[-1]
    assert removed[0] == "question.removed" and removed[1]["id"] == approved.pk
    assert (removed[1]["status"], removed[1]["counts"]["dismissed"]) == ("rejected", 1)


def test_an_edit_keeps_the_original_and_the_author_sees_it(hustings, approved, mo, alice):
    original = approved.text
    services.question_edit(actor=mo, question=approved, text="Will you publish NEC minutes?")
    services.question_edit(actor=mo, question=approved, text="Will you publish the NEC's minutes?")
    approved.refresh_from_db()
    assert (approved.text, approved.original_text, approved.edited) == (
        "Will you publish the NEC's minutes?",
        original,
        True,
    )
    mine = events(hustings.personal_stream(alice.pk))[-1][1]["question"]
    assert mine["edited"] and mine["original_text"] == original
    public = events(hustings.stream)[-1][1]["question"]
    assert public["edited"] and "original_text" not in public


def test_merging_moves_askers_and_votes_without_double_counting(hustings, ask, alice, bob, mo, leo, settings):
    settings.HUSTINGS_QUESTIONS_PER_MINUTE = 10
    keep = services.question_approve(actor=mo, question=ask(alice, "Open selections?"))
    dup = services.question_approve(actor=mo, question=ask(bob, "Open selections please?"))
    services.question_vote(actor=bob, question=keep)
    services.question_vote(actor=bob, question=dup)
    services.question_vote(actor=alice, question=dup)
    merged = services.question_merge(actor=mo, duplicate=dup, into=keep)
    dup.refresh_from_db()
    assert (dup.status, dup.merged_into_id) == ("merged", keep.pk)
    assert set(merged.askers.all()) == {alice, bob}
    assert merged.votes_count == 2 and set(merged.votes.values_list("user__username", flat=True)) == {"alice", "bob"}
    assert ("question.removed", {"id": dup.pk, "status": "merged"}) in events(hustings.stream)
    assert events(hustings.personal_stream(bob.pk))[-1][1]["question"]["id"] == keep.pk


@pytest.mark.parametrize(
    "case, error",
    [("self", "cannot be merged into itself"), ("rejected", "only pending or approved questions can be merged")],
)
def test_it_refuses_impossible_merges(hustings, ask, alice, mo, settings, case, error):
    settings.HUSTINGS_QUESTIONS_PER_MINUTE = 10
    a, b = ask(alice, "a"), ask(alice, "b")
    if case == "rejected":
        services.question_reject(actor=mo, question=b, reason="no")
    with pytest.raises(ValidationError, match=error):
        services.question_merge(actor=mo, duplicate=a, into=a if case == "self" else b)


def test_topics_are_cleaned_and_limited(approved, mo):
    services.question_tag(actor=mo, question=approved, topics=["Democracy", "democracy ", "selections"])
    approved.refresh_from_db()
    assert approved.topics == ["democracy", "selections"]
    with pytest.raises(ValidationError, match="At most 5 topics"):
        services.question_tag(actor=mo, question=approved, topics=list("abcdef"))
    with pytest.raises(ValidationError, match="must be a list"):
        services.question_tag(actor=mo, question=approved, topics="democracy")


def test_question_text_is_sanitised_on_the_way_out(hustings, ask, alice):
    ask(alice, "<script>alert(1)</script><b>Bold</b> question")
    sent = events(hustings.mod_stream)[0][1]["question"]
    assert "<script" not in sent["html"] and "<b>" not in sent["html"]
    assert "Bold" in sent["html"] and sent["text"].startswith("<script>")  # stored as written, escaped on output
