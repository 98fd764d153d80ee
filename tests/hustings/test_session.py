"""Running the session: states, putting questions in the chair's order, the server-side timer."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from elections.models import LiveEvent
from elections.refusals import Conflict
from hustings import selectors, services
from hustings.models import Answer, Question


@pytest.fixture
def chosen(live):
    """The live hustings, with the chair choosing the order of candidates for each question."""
    live.candidate_order = "chosen"
    live.save()
    return live


@pytest.fixture
def live(hustings, hannah):
    return services.hustings_set_state(actor=hannah, hustings=hustings, state="live")


@pytest.fixture
def clock(monkeypatch):
    """A controllable 'now' for the services and the timer arithmetic."""
    now = {"t": timezone.now()}

    def advance(seconds):
        now["t"] += dt.timedelta(seconds=seconds)

    monkeypatch.setattr(timezone, "now", lambda: now["t"])
    advance.now = lambda: now["t"]
    return advance


def now_answering(hustings):
    hustings.refresh_from_db()
    return selectors.current_state(hustings)


def last_current(hustings):
    event = LiveEvent.objects.filter(stream=hustings.stream, type="current").order_by("-seq").first()
    return event.payload["current"]


@pytest.mark.parametrize(
    "start, goal, ok",
    [
        ("scheduled", "open", True), ("open", "live", True), ("live", "ended", True), ("scheduled", "live", True),
        ("live", "open", False), ("ended", "live", False), ("open", "scheduled", False),
    ],
)  # fmt: skip
def test_the_state_only_moves_forward(hustings, hannah, start, goal, ok):
    hustings.state = start
    hustings.save()
    if ok:
        assert services.hustings_set_state(actor=hannah, hustings=hustings, state=goal).state == goal
    else:
        with pytest.raises(ValidationError, match="cannot become"):
            services.hustings_set_state(actor=hannah, hustings=hustings, state=goal)


@pytest.mark.parametrize("who", ["mo", "alice", "otto"])
def test_only_the_chair_and_returning_officers_run_the_session(hustings, request, who):
    with pytest.raises(PermissionDenied, match="Only the chair"):
        services.hustings_set_state(actor=request.getfixturevalue(who), hustings=hustings, state="live")


@pytest.mark.parametrize("who", ["rita", "stella"])
def test_returning_officers_and_staff_may_chair(hustings, request, who):
    assert (
        services.hustings_set_state(actor=request.getfixturevalue(who), hustings=hustings, state="live").state == "live"
    )


def test_a_question_is_put_in_the_chairs_order(chosen, approved, hannah, candidates):
    live, (ayesha, ben, cara) = chosen, candidates
    services.question_put(actor=hannah, hustings=live, question=approved, order=[cara.pk, ayesha.pk, ben.pk])
    approved.refresh_from_db()
    assert (approved.status, approved.put_order) == ("put", 1)
    assert [a.candidate for a in approved.answers.order_by("order")] == [cara, ayesha, ben]
    current = last_current(live)
    assert current["question"]["id"] == approved.pk and current["speaking"] is None
    assert [a["status"] for a in current["answers"]] == ["waiting"] * 3


def test_a_question_to_named_candidates_goes_only_to_them(chosen, ask, alice, mo, hannah, candidates):
    live = chosen
    q = services.question_approve(actor=mo, question=ask(alice, "Ben?", to=[candidates[1].pk]))
    with pytest.raises(ValidationError, match="each candidate the question is for exactly once: Ben Okafor"):
        services.question_put(actor=hannah, hustings=live, question=q, order=[c.pk for c in candidates])
    services.question_put(actor=hannah, hustings=live, question=q, order=[candidates[1].pk])
    assert [a.candidate for a in q.answers.all()] == [candidates[1]]


@pytest.mark.parametrize(
    "order, error",
    [("abc", "must be a list of candidate ids"), ([1, 1], "exactly once"), ([], "exactly once")],
)
def test_it_refuses_a_bad_order(chosen, approved, hannah, order, error):
    with pytest.raises(ValidationError, match=error):
        services.question_put(actor=hannah, hustings=chosen, question=approved, order=order)
    assert not Answer.objects.exists()


def test_it_refuses_to_put_a_question_before_going_live_or_unapproved(hustings, ask, alice, approved, hannah):
    with pytest.raises(Conflict, match="only while the hustings is live"):
        services.question_put(actor=hannah, hustings=hustings, question=approved)
    services.hustings_set_state(actor=hannah, hustings=hustings, state="live")
    with pytest.raises(Conflict, match="Only approved questions"):
        services.question_put(actor=hannah, hustings=hustings, question=ask(alice, "pending one"))


def test_the_timer_runs_pauses_and_ends_on_the_server(live, approved, hannah, candidates, clock):
    services.question_put(actor=hannah, hustings=live, question=approved)  # alphabetical: Ayesha first
    services.timer_start(actor=hannah, hustings=live)
    clock(20)
    current = now_answering(live)
    assert current["speaking"] == candidates[0].pk
    assert current["answers"][0]["remaining"] == 40.0 and current["answers"][0]["running"]
    services.timer_pause(actor=hannah, hustings=live)
    clock(100)  # time paused does not count
    assert now_answering(live)["answers"][0]["remaining"] == 40.0
    services.timer_resume(actor=hannah, hustings=live)
    clock(15)
    assert now_answering(live)["answers"][0]["remaining"] == 25.0
    clock(60)  # overran: the timer shows zero, the transcript keeps the real time spoken
    assert now_answering(live)["answers"][0]["remaining"] == 0.0
    answer = services.timer_end(actor=hannah, hustings=live)
    assert (answer.status, answer.spoken_seconds) == ("done", 95.0)


def test_the_snapshot_carries_server_time_so_clients_can_offset_their_clocks(live, approved, hannah, clock):
    services.question_put(actor=hannah, hustings=live, question=approved)
    services.timer_start(actor=hannah, hustings=live)
    event = last_current(live)
    assert event["server_time"] == int(clock.now().timestamp() * 1000)
    assert event["answers"][0]["remaining"] == 60.0


def test_the_chair_can_start_a_named_candidate_and_skip_an_absent_one(live, approved, hannah, candidates):
    services.question_put(actor=hannah, hustings=live, question=approved)
    services.candidate_skip(actor=hannah, hustings=live, candidate=candidates[0].pk)
    started = services.timer_start(actor=hannah, hustings=live)
    assert started.candidate == candidates[1]
    with pytest.raises(ValidationError, match="Ben Okafor is still answering"):
        services.timer_start(actor=hannah, hustings=live, candidate=candidates[2].pk)
    services.timer_end(actor=hannah, hustings=live)
    assert services.timer_start(actor=hannah, hustings=live, candidate=candidates[2].pk).candidate == candidates[2]
    statuses = [a["status"] for a in now_answering(live)["answers"]]
    assert statuses == ["skipped", "done", "speaking"]


@pytest.mark.parametrize(
    "service, error",
    [("timer_pause", "No candidate speaking"), ("timer_resume", "No candidate paused"), ("timer_end", "No candidate")],
)
def test_timer_actions_need_a_candidate_in_the_right_state(live, approved, hannah, service, error):
    services.question_put(actor=hannah, hustings=live, question=approved)
    with pytest.raises(ValidationError, match=error):
        getattr(services, service)(actor=hannah, hustings=live)


def test_timer_actions_need_a_question(live, hannah):
    with pytest.raises(ValidationError, match="No question is being answered"):
        services.timer_start(actor=hannah, hustings=live)


def test_putting_the_next_question_once_confirmed_finishes_the_current_one(
    live, ask, alice, mo, hannah, approved, settings
):
    settings.HUSTINGS_QUESTIONS_PER_MINUTE = 10
    services.question_put(actor=hannah, hustings=live, question=approved)
    services.timer_start(actor=hannah, hustings=live)
    second = services.question_approve(actor=mo, question=ask(alice, "second"))
    services.question_put(actor=hannah, hustings=live, question=second, replace=True)
    approved.refresh_from_db()
    assert approved.status == Question.Status.ANSWERED
    assert approved.answers.get(order=1).status == "done"
    # Those still waiting are recorded as not called, not left "waiting" in the transcript.
    assert [a.status for a in approved.answers.order_by("order")][1:] == ["not_called", "not_called"]
    assert Question.objects.get(pk=second.pk).put_order == 2


def test_ending_the_hustings_closes_the_current_question(live, approved, hannah):
    services.question_put(actor=hannah, hustings=live, question=approved)
    ended = services.hustings_set_state(actor=hannah, hustings=live, state="ended")
    assert ended.current_question is None
    assert selectors.current_state(ended)["question"] is None
