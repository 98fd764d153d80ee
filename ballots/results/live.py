"""A count's progress, live: ``/ws/counts/<id>/`` (the result sheet page while a count runs).

``services.counts`` publishes ``count.progress`` on the count's stream whenever it records
progress; the page shows it and reloads when the count is done or failed. Who may follow a
count is who may see it (``permissions.require_see_count``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from ballots.results import permissions
from ballots.results.models import Count
from elections import live

PROGRESS = "count.progress"


def count_stream(count_id: int) -> str:
    return f"count-{count_id}"


def progress_of(count: Count) -> dict:
    return {
        "status": count.status,
        "progress": count.progress,
        "progress_text": count.progress_text,
        "finished": count.is_finished,
    }


class CountPage(live.LivePage):
    @classmethod
    def topic(cls, kwargs) -> str:
        return count_stream(kwargs["count_id"])

    @classmethod
    def authorise(cls, kwargs, users) -> dict:
        count = Count.objects.select_related("section__election").filter(pk=kwargs["count_id"]).first()
        if count is None:
            return {u.pk: live.Refusal("There is no such count.", live.CLOSE_NOT_FOUND) for u in users}
        decided = {}
        for user in users:  # a count's page has a handful of viewers: the single-person check will do
            try:
                permissions.require_see_count(user, count)
            except PermissionDenied as refusal:
                decided[user.pk] = live.Refusal(str(refusal))
            else:
                decided[user.pk] = live.Access(streams=(count_stream(count.pk),))
        return decided

    @classmethod
    def snapshots(cls, kwargs, streams) -> dict:
        count = Count.objects.defer("result_json", "result_flows_json").get(pk=kwargs["count_id"])
        return {stream: progress_of(count) for stream in streams}


class RevealPage(live.LivePage):
    """The live results page (``services.reveal``): anyone who may see the declared count follows
    its reveal stream; ``advance`` is handed to ``services.reveal_advance``, which lets only the
    returning officers and staff reveal the next stage and says so to anyone else."""

    actions = {"advance": "advance"}

    @classmethod
    def topic(cls, kwargs) -> str:
        from ballots.results.services import reveal_stream

        return reveal_stream(kwargs["pk"])

    @classmethod
    def authorise(cls, kwargs, users) -> dict:
        count = (
            Count.objects.select_related("section__election")
            .defer("result_json", "result_flows_json")
            .filter(pk=kwargs["pk"])
            .first()
        )
        if count is None:
            return {u.pk: live.Refusal("There is no such count.", live.CLOSE_NOT_FOUND) for u in users}
        decided = {}
        for user in users:
            try:
                permissions.require_see_count(user, count)
            except PermissionDenied as refusal:
                decided[user.pk] = live.Refusal(str(refusal))
                continue
            if not count.is_declared:  # an undeclared count is never on the live page
                decided[user.pk] = live.Refusal(f"Count {count.pk} is not a declared result.")
            else:
                decided[user.pk] = live.Access(streams=(cls.topic(kwargs),), actions=frozenset({"advance"}))
        return decided

    @classmethod
    def snapshots(cls, kwargs, streams) -> dict:
        from ballots.results.services import reveal_state

        return {stream: reveal_state(Count.objects.get(pk=kwargs["pk"])) for stream in streams}

    def advance(self, user, content):
        from ballots.results.services import reveal_advance
        from elections.refusals import Refusal

        try:
            event = reveal_advance(
                user=user, count=Count.objects.select_related("section__election").get(pk=self.kwargs["pk"])
            )
        except Refusal as exc:
            raise live.Refused(exc.message) from None
        return {"shown": event["shown"]}
