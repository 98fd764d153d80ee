"""The hustings live page: ``/ws/hustings/<id>/`` (protocol: docs/hustings-protocol.md).

The person's current role (hustings.permissions.roles_of) decides their streams and the messages
they may send: everyone gets the public stream and their personal stream; moderators and the
chair also get the moderators' stream. The live package (elections/live) re-checks the role
before every action and every few seconds, so a moderator removed, a membership lapsed or a
logout takes effect at once. Each action method checks the message's shape and hands it to a
service, which checks the rule again.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from elections import live
from hustings import permissions, selectors, services
from hustings.models import Hustings, Question

ASK = {"question.submit": "submit", "question.vote": "vote", "question.unvote": "unvote"}
MODERATE = {
    "question.approve": "approve",
    "question.reject": "reject",
    "question.edit": "edit",
    "question.merge": "merge",
    "question.tag": "tag",
}
CHAIR = {
    "hustings.state": "set_state",
    "question.put": "put",
    "question.finish": "finish",
    "timer.start": "timer_start",
    "timer.pause": "timer_pause",
    "timer.resume": "timer_resume",
    "timer.end": "timer_end",
    "candidate.skip": "skip",
}
ACTIONS_BY_ROLE = {
    permissions.CHAIR: frozenset({*ASK, *MODERATE, *CHAIR}),
    permissions.MODERATOR: frozenset({*ASK, *MODERATE}),
    permissions.MEMBER: frozenset(ASK),
    permissions.CANDIDATE: frozenset(),
}
_PERSONAL = re.compile(r"^hustings-\d+/user-(\d+)$")


def _hustings(kwargs) -> Hustings | None:
    return Hustings.objects.select_related("section__election", "clp").filter(pk=kwargs["hustings_id"]).first()


class HustingsPage(live.LivePage):
    actions = {**ASK, **MODERATE, **CHAIR}

    # --- what the live package asks (sync, for many people at once) ---------------------------
    @classmethod
    def topic(cls, kwargs) -> str:
        return f"hustings-{kwargs['hustings_id']}"

    @classmethod
    def authorise(cls, kwargs, users) -> dict:
        hustings = _hustings(kwargs)
        if hustings is None:
            return {u.pk: live.Refusal("There is no such hustings.", live.CLOSE_NOT_FOUND) for u in users}
        roles = permissions.roles_of(users, hustings)
        decided = {}
        for user in users:
            role = roles.get(user.pk)
            if role is None:
                reason = permissions.member_refusal(user, hustings) or "You cannot attend this hustings."
                decided[user.pk] = live.Refusal(reason)
                continue
            streams = [hustings.stream, hustings.personal_stream(user.pk)]
            if role in (permissions.CHAIR, permissions.MODERATOR):
                streams.append(hustings.mod_stream)
            decided[user.pk] = live.Access(
                streams=tuple(streams),
                actions=ACTIONS_BY_ROLE[role],
                presence=hustings.stream,
                welcome={"role": role},
                role=role,
            )
        return decided

    @classmethod
    def snapshots(cls, kwargs, streams) -> dict:
        hustings = _hustings(kwargs)
        people = {int(m.group(1)): s for s in streams if (m := _PERSONAL.match(s))}
        states = {}
        if hustings.stream in streams:
            states[hustings.stream] = selectors.public_snapshot(hustings)
        if hustings.mod_stream in streams:
            states[hustings.mod_stream] = selectors.moderator_snapshot(hustings)
        for user_id, state in selectors.personal_snapshots(hustings, people).items():
            states[people[user_id]] = state
        return states

    # --- actions: shape checks, then a service (sync, in a worker thread) ----------------------
    def _here(self) -> Hustings:
        return _hustings(self.kwargs)

    def _question(self, content: dict, key: str = "id") -> Question:
        value = content.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValidationError(f"'{key}' must be a question id (a whole number).")
        question = Question.objects.select_related("hustings").filter(pk=value, hustings_id=self.kwargs["hustings_id"])
        found = question.first()
        if found is None:
            raise live.Refused(f"no such question at this hustings: {value!r}")
        return found

    def submit(self, user, content):
        question = services.question_submit(
            actor=user, hustings=self._here(), text=content.get("text"), to=content.get("to", "all"),
            key=content.get("key"),
        )  # fmt: skip
        return {"question": selectors.question_for_author(question)}

    def vote(self, user, content):
        services.question_vote(actor=user, question=self._question(content))

    def unvote(self, user, content):
        services.question_unvote(actor=user, question=self._question(content))

    def approve(self, user, content):
        services.question_approve(actor=user, question=self._question(content))

    def reject(self, user, content):
        services.question_reject(actor=user, question=self._question(content), reason=content.get("reason"))

    def edit(self, user, content):
        services.question_edit(actor=user, question=self._question(content), text=content.get("text"))

    def merge(self, user, content):
        services.question_merge(actor=user, duplicate=self._question(content), into=self._question(content, "into"))

    def tag(self, user, content):
        services.question_tag(actor=user, question=self._question(content), topics=content.get("topics"))

    def set_state(self, user, content):
        services.hustings_set_state(actor=user, hustings=self._here(), state=content.get("state"))

    def put(self, user, content):
        services.question_put(
            actor=user, hustings=self._here(), question=self._question(content), order=content.get("order")
        )

    def finish(self, user, content):
        services.question_finish(actor=user, hustings=self._here())

    def timer_start(self, user, content):
        services.timer_start(actor=user, hustings=self._here(), candidate=content.get("candidate"))

    def timer_pause(self, user, content):
        services.timer_pause(actor=user, hustings=self._here())

    def timer_resume(self, user, content):
        services.timer_resume(actor=user, hustings=self._here())

    def timer_end(self, user, content):
        services.timer_end(actor=user, hustings=self._here())

    def skip(self, user, content):
        services.candidate_skip(actor=user, hustings=self._here(), candidate=content.get("candidate"))
