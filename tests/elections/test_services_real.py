"""The parts that only a real PostgreSQL or Redis can prove."""

import pytest
from channels.layers import get_channel_layer
from django.db import close_old_connections, transaction

from elections import live
from elections.models import LiveEvent
from tests.concurrency import race


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_publishers_never_share_a_sequence_number():
    def publisher():
        close_old_connections()
        for _ in range(10):
            with transaction.atomic():
                live.publish("race", "t", {})

    assert race(*[publisher] * 4) == [None] * 4  # no publisher raised
    assert sorted(LiveEvent.objects.filter(stream="race").values_list("seq", flat=True)) == list(range(1, 41))


@pytest.mark.redis
async def test_the_redis_layer_delivers_group_messages_between_channels(settings):
    layer = get_channel_layer()
    assert type(layer).__name__ == "RedisChannelLayer"
    receiver = await layer.new_channel()
    await layer.group_add("live.test-redis", receiver)
    await layer.group_send("live.test-redis", {"type": "live.event", "event": {"seq": 1}})
    assert (await layer.receive(receiver))["event"] == {"seq": 1}
    await layer.group_discard("live.test-redis", receiver)
