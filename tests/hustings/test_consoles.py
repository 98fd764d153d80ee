"""The hustings consoles' rules (issue 13): putting a question over waiting candidates, the
candidate order, candidates who are also members, bulk approval, the next speaker, fairness."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from elections.refusals import Conflict, Unprocessable
from hustings import permissions, selectors, services, transcript
from hustings.models import Answer, Question
from tests.factories import MemberFactory

WAITING = (
    "3 candidates have still to answer the current question (Ayesha Rahman, Ben Okafor and Cara Doyle). Finish it "
    "first, or confirm to put this question now: anyone still waiting is recorded as not called."
)


@pytest.fixture
def live(hustings, hannah):
    return services.hustings_set_state(actor=hannah, hustings=hustings, state="live")


@pytest.fixture
def approve(ask, alice, mo, settings):
    settings.HUSTINGS_QUESTIONS_PER_MINUTE = 50

    def approved(text):
        return services.question_approve(actor=mo, question=ask(alice, text))

    return approved


@pytest.fixture
def clock(monkeypatch):
    now = {"t": timezone.now()}

    def advance(seconds):
        now["t"] += dt.timedelta(seconds=seconds)

    monkeypatch.setattr(timezone, "now", lambda: now["t"])
    return advance


def statuses(question):
    return [a.status for a in question.answers.order_by("order")]


def first_speakers(hustings):
    return list(Answer.objects.filter(question__hustings=hustings, order=1).order_by("question__put_order")
                .values_list("candidate__display_name", flat=True))  # fmt: skip


# --- putting a question while candidates are still to answer ---------------------------------


def test_a_new_question_over_waiting_candidates_is_refused_and_nothing_changes(live, approve, hannah):
    first, second = approve("first?"), approve("second?")
    services.question_put(actor=hannah, hustings=live, question=first)
    with pytest.raises(Conflict) as refused:
        services.question_put(actor=hannah, hustings=live, question=second)
    assert refused.value.message == WAITING
    live.refresh_from_db()
    assert live.current_question_id == first.pk
    assert Question.objects.get(pk=second.pk).status == "approved" and not second.answers.exists()
    assert statuses(first) == ["waiting"] * 3


def test_once_confirmed_the_speaker_is_done_and_those_waiting_are_not_called(live, approve, hannah, candidates):
    first, second = approve("first?"), approve("second?")
    services.question_put(actor=hannah, hustings=live, question=first)
    services.timer_start(actor=hannah, hustings=live)
    services.question_put(actor=hannah, hustings=live, question=second, replace=True)
    assert statuses(first) == ["done", "not_called", "not_called"]
    assert Question.objects.get(pk=first.pk).status == "answered"
    live.refresh_from_db()
    assert live.current_question_id == second.pk


def test_no_confirmation_is_needed_when_everyone_has_answered(live, approve, hannah, candidates):
    first, second = approve("first?"), approve("second?")
    services.question_put(actor=hannah, hustings=live, question=first)
    for _ in candidates:
        services.timer_start(actor=hannah, hustings=live)
        services.timer_end(actor=hannah, hustings=live)
    services.question_put(actor=hannah, hustings=live, question=second)
    assert statuses(first) == ["done"] * 3


def test_finishing_a_question_records_those_waiting_as_not_called(live, approve, hannah):
    first = approve("first?")
    services.question_put(actor=hannah, hustings=live, question=first)
    services.candidate_skip(actor=hannah, hustings=live, candidate=first.answers.get(order=1).candidate_id)
    services.question_finish(actor=hannah, hustings=live)
    assert statuses(first) == ["skipped", "not_called", "not_called"]
    markdown = transcript.as_markdown(live)
    assert "| 2 | Ben Okafor | Not called (question closed first) |" in markdown


def test_replace_must_be_true_or_false(live, approve, hannah):
    with pytest.raises(ValidationError, match="'replace' must be true or false"):
        services.question_put(actor=hannah, hustings=live, question=approve("q?"), replace="yes")


# --- who answers first ---------------------------------------------------------------------------


def put_and_close(hustings, hannah, questions):
    for q in questions:
        services.question_put(actor=hannah, hustings=hustings, question=q, replace=True)


def test_rotating_order_starts_each_question_with_the_next_candidate(live, approve, hannah):
    assert live.candidate_order == "rotate"  # the default: nobody always answers first
    put_and_close(live, hannah, [approve(f"q{n}?") for n in range(4)])
    assert first_speakers(live) == ["Ayesha Rahman", "Ben Okafor", "Cara Doyle", "Ayesha Rahman"]
    last = Question.objects.get(put_order=2)
    assert [a.candidate.display_name for a in last.answers.order_by("order")] == [
        "Ben Okafor",
        "Cara Doyle",
        "Ayesha Rahman",
    ]


def test_fixed_order_is_alphabetical_every_time(live, approve, hannah):
    live.candidate_order = "fixed"
    live.save()
    put_and_close(live, hannah, [approve(f"q{n}?") for n in range(3)])
    assert first_speakers(live) == ["Ayesha Rahman"] * 3


def test_an_order_is_refused_unless_the_chair_chooses_it(live, approve, hannah, candidates):
    with pytest.raises(Unprocessable) as refused:
        services.question_put(actor=hannah, hustings=live, question=approve("q?"), order=[c.pk for c in candidates])
    assert refused.value.message == (
        "This hustings sets the order of candidates itself (rotate: each question starts with the next candidate); "
        "to choose it for each question, change the hustings' settings."
    )


def test_when_the_chair_chooses_the_order_it_must_be_given(live, approve, hannah):
    live.candidate_order = "chosen"
    live.save()
    with pytest.raises(Unprocessable) as refused:
        services.question_put(actor=hannah, hustings=live, question=approve("q?"))
    assert (
        refused.value.message
        == "Choose the order in which the candidates answer: Ayesha Rahman, Ben Okafor, Cara Doyle."
    )


def test_the_next_speaker_and_the_fairness_summary(live, approve, hannah, candidates, clock):
    first = approve("first?")
    assert selectors.current_state(live)["next"] is None
    services.question_put(actor=hannah, hustings=live, question=first)
    live.refresh_from_db()
    assert selectors.current_state(live)["next"] == {"candidate": candidates[0].pk, "name": "Ayesha Rahman"}
    services.timer_start(actor=hannah, hustings=live)
    clock(41.04)
    assert selectors.current_state(live)["next"]["name"] == "Ben Okafor"
    services.timer_end(actor=hannah, hustings=live)
    services.question_put(actor=hannah, hustings=live, question=approve("second?"), replace=True)
    services.timer_start(actor=hannah, hustings=live)  # Ben first this time (rotating)
    clock(12)
    services.timer_end(actor=hannah, hustings=live)
    rows = {r["name"]: r for r in selectors.fairness(live)}
    assert rows["Ayesha Rahman"] == {
        "candidate": candidates[0].pk, "name": "Ayesha Rahman", "questions": 2, "answered": 1, "first": 1,
        "spoken": 41.0, "spoken_label": "0:41",
    }  # fmt: skip
    assert (rows["Ben Okafor"]["answered"], rows["Ben Okafor"]["first"], rows["Ben Okafor"]["spoken"]) == (1, 1, 12.0)
    assert (rows["Cara Doyle"]["questions"], rows["Cara Doyle"]["answered"], rows["Cara Doyle"]["first"]) == (2, 0, 0)
    assert "| Ayesha Rahman | 2 | 1 | 1 | 0:41 |" in transcript.as_markdown(live)


# --- candidates who are also members -----------------------------------------------------------


@pytest.fixture
def cara_a_member(hustings, hackney):
    cara = hustings.candidates.get(slug="cara").user
    MemberFactory(user=cara, clp=hackney)
    return cara


def test_a_candidate_who_is_a_member_answers_and_may_not_ask(hustings, cara_a_member):
    assert permissions.member_refusal(cara_a_member, hustings) is None  # a member in good standing…
    assert permissions.role_of(cara_a_member, hustings) == "candidate"  # …but answering here
    with pytest.raises(PermissionDenied) as refused:
        services.question_submit(actor=cara_a_member, hustings=hustings, text="A question from a candidate?")
    assert str(refused.value) == permissions.CANDIDATE_REFUSAL
    assert permissions.CANDIDATE_REFUSAL == (
        "You are a candidate at this hustings: you answer the questions here, so you cannot ask or vote."
    )


def test_a_candidate_who_is_a_member_may_not_vote(hustings, cara_a_member, approved):
    with pytest.raises(PermissionDenied, match="You are a candidate at this hustings"):
        services.question_vote(actor=cara_a_member, question=approved)
    assert not approved.votes.exists()


# --- approving several at once -------------------------------------------------------------------


def test_bulk_approve_approves_every_question_named(hustings, ask, alice, bob, mo):
    waiting = [ask(alice, "one?"), ask(bob, "two?")]
    approved = services.questions_approve(actor=mo, hustings=hustings, ids=[q.pk for q in waiting])
    assert {q.status for q in approved} == {"approved"}
    assert [q["id"] for q in selectors.public_snapshot(hustings)["queue"]] == sorted(q.pk for q in waiting)


def test_bulk_approve_is_all_or_nothing(hustings, ask, alice, bob, mo, approved):
    waiting = ask(bob, "two?")
    with pytest.raises(Conflict) as refused:
        services.questions_approve(actor=mo, hustings=hustings, ids=[waiting.pk, approved.pk])
    assert refused.value.message == (
        f"Question {approved.pk} is approved, so nothing was approved: untick it and approve the others."
    )
    assert Question.objects.get(pk=waiting.pk).status == "pending"


def test_bulk_approve_is_for_moderators_only(hustings, ask, alice, bob):
    waiting = ask(bob, "two?")
    with pytest.raises(PermissionDenied, match="Only the moderators and chair"):
        services.questions_approve(actor=alice, hustings=hustings, ids=[waiting.pk])
    assert Question.objects.get(pk=waiting.pk).status == "pending"


@pytest.mark.parametrize(
    "ids, error, message",
    [
        ("7", ValidationError, "'ids' must be a list of question ids."),
        ([True], ValidationError, "'ids' must be a list of question ids."),
        ([], Unprocessable, "Choose between 1 and 100 questions to approve at once."),
        (list(range(1, 102)), Unprocessable, "Choose between 1 and 100 questions to approve at once."),
        ([999999], Unprocessable, "Not questions at this hustings: 999999."),
    ],
)
def test_bulk_approve_bounds_its_input(hustings, mo, ids, error, message):
    with pytest.raises(error) as refused:
        services.questions_approve(actor=mo, hustings=hustings, ids=ids)
    assert message in str(refused.value)


def test_moderators_see_the_approved_queue_with_the_members_wording(hustings, approved, mo):
    services.question_edit(actor=mo, question=approved, text="Reworded?")
    state = selectors.moderator_snapshot(hustings)
    (item,) = state["approved"]
    assert (item["text"], item["original_text"]) == ("Reworded?", "How will you make the NEC transparent?")
    assert "original_text" not in selectors.public_snapshot(hustings)["queue"][0]


def test_a_confirmed_put_bulk_approval_and_settings_are_in_the_audit_log(live, approve, hannah, ask, alice, mo):
    from elections.models import AuditEntry

    first, second = approve("first?"), approve("second?")
    services.question_put(actor=hannah, hustings=live, question=first)
    services.timer_start(actor=hannah, hustings=live)
    services.question_put(actor=hannah, hustings=live, question=second, replace=True)
    put = AuditEntry.objects.filter(action="question.put", object_id=second.pk).get()
    assert put.details["not_called"] == ["Ben Okafor", "Cara Doyle"]  # Ayesha was speaking: her answer ended
    waiting = [ask(alice, "a?"), ask(alice, "b?")]
    services.questions_approve(actor=mo, hustings=live, ids=[q.pk for q in waiting])
    assert AuditEntry.objects.filter(action="question.approved", object_id__in=[q.pk for q in waiting]).count() == 2
    services.hustings_update_settings(
        actor=hannah, hustings=live, answer_seconds=45, candidate_order="fixed", video_url=""
    )
    entry = AuditEntry.objects.get(action="hustings.settings_changed")
    assert entry.details == {"answer_seconds": 45, "candidate_order": "fixed", "video_url": ""}
