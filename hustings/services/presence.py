"""Who is here: one row per open connection, so every process counts the same people.

Joining and leaving only touch rows; the count is published separately (the consumer calls
``presence_publish`` at most about once a second per process), and only when it changed, so a
crowd arriving at once does not flood everyone with presence events.
"""

from __future__ import annotations

from django.db import transaction

from elections.realtime import publish
from hustings import selectors
from hustings.models import Hustings, Presence


def presence_join(*, hustings: Hustings, channel_name: str, user, role: str) -> None:
    Presence.objects.create(hustings=hustings, channel_name=channel_name, user=user, role=role)


def presence_leave(*, channel_name: str) -> None:
    Presence.objects.filter(channel_name=channel_name).delete()


@transaction.atomic
def presence_publish(*, hustings_id: int) -> int | None:
    """Publish the number of people present if it differs from the last number published."""
    hustings = Hustings.objects.select_for_update().filter(pk=hustings_id).first()
    if hustings is None:
        return None
    present = selectors.present_count(hustings)
    if present == hustings.present_published:
        return None
    hustings.present_published = present
    hustings.save(update_fields=["present_published"])
    publish(hustings.stream, "presence", {"present": present})
    return present
