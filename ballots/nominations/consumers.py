"""The live nominations tracker: ``/ws/nominations/<section id>/``.

Any signed-in user may follow a section's nominations (they are public); events come only from
``services`` through ``elections.live.publish``. Clients send nothing but ``resync``.
"""

from __future__ import annotations

from ballots.nominations import selectors
from elections import live
from elections.models import Section


class TrackerPage(live.LivePage):
    @classmethod
    def topic(cls, kwargs) -> str:
        return f"nominations-{kwargs['section_id']}"

    @classmethod
    def authorise(cls, kwargs, users) -> dict:
        section = Section.objects.filter(pk=kwargs["section_id"]).first()
        if section is None:
            return {u.pk: live.Refusal("There is no such section.", live.CLOSE_NOT_FOUND) for u in users}
        return {u.pk: live.Access(streams=(selectors.stream_name(section),)) for u in users}

    @classmethod
    def snapshots(cls, kwargs, streams) -> dict:
        section = Section.objects.select_related("election").get(pk=kwargs["section_id"])
        return {stream: selectors.tracker(section) for stream in streams}
