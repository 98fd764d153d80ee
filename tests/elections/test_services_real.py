"""The parts that only a real PostgreSQL or Redis can prove."""

import threading

import pytest
from channels.layers import get_channel_layer
from django.db import close_old_connections, connection, transaction

from elections import live
from elections.models import LiveEvent


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_publishers_never_share_a_sequence_number():
    barrier = threading.Barrier(4)
    errors = []

    def publisher():
        try:
            barrier.wait()
            for _ in range(10):
                with transaction.atomic():
                    live.publish("race", "t", {})
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=publisher) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
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
