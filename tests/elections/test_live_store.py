"""Live events in the store: numbered per stream, sent only after commit, replayed, pruned."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from elections import live
from elections.live import store, transport
from elections.models import LiveEvent, LiveStream


def test_it_refuses_to_publish_outside_a_transaction(transactional_db):
    with pytest.raises(RuntimeError, match="inside transaction.atomic"):
        live.publish("s", "thing", {})


def test_events_are_numbered_within_their_stream(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(), transaction.atomic():
        first = live.publish("hustings-1", "question.approved", {"id": 1})
        second = live.publish("hustings-1/mod", "question.submitted", {"id": 2})
        third = live.publish("hustings-1", "question.approved", {"id": 3})
        other = live.publish("hustings-2", "question.approved", {"id": 4})
    assert (first["seq"], second["seq"], third["seq"], other["seq"]) == (1, 1, 2, 1)
    assert first == {"type": "question.approved", "stream": "hustings-1", "seq": 1, "id": 1}
    # the topic's counter row exists (it is locked first by every publish on the topic)
    assert set(LiveStream.objects.values_list("name", flat=True)) == {"hustings-1", "hustings-1/mod", "hustings-2"}


def test_nothing_is_sent_until_the_transaction_commits(db, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr(transport, "send", sent.append)
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        live.publish("s", "t", {})
    assert sent == [] and len(callbacks) == 1
    callbacks[0]()
    assert [e["seq"] for e in sent] == [1]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_sends_and_keeps_nothing(monkeypatch):
    sent = []
    monkeypatch.setattr(transport, "send", sent.append)
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        live.publish("s", "t", {})
        raise ZeroDivisionError
    assert LiveEvent.objects.count() == 0 and live.last_seq("s") == 0 and sent == []


def test_stored_events_are_replayed_in_order_or_not_at_all(db):
    with transaction.atomic():
        for n in range(5):
            live.publish("s", "t", {"n": n})
    assert [e["seq"] for e in live.events_between("s", 2)] == [3, 4, 5]
    assert [e["n"] for e in live.events_between("s", 1, 3)] == [1, 2]
    assert live.events_between("s", 5) == []
    LiveEvent.objects.filter(seq=4).delete()
    assert live.events_between("s", 2) is None  # pruned: only a snapshot is safe


def test_pruning_keeps_the_last_events_of_each_stream_and_the_counters(db):
    with transaction.atomic():
        for _ in range(30):
            live.publish("busy", "t", {})
        for _ in range(3):
            live.publish("quiet", "t", {})
    LiveEvent.objects.filter(stream="quiet").update(created=timezone.now() - dt.timedelta(days=10))
    deleted = live.prune(keep=10, days=7)
    assert deleted == 20 + 3
    assert list(LiveEvent.objects.filter(stream="busy").values_list("seq", flat=True)) == list(range(21, 31))
    assert not LiveEvent.objects.filter(stream="quiet").exists()
    with transaction.atomic():
        assert live.publish("busy", "t", {})["seq"] == 31  # numbering carries on after pruning


def test_the_prune_command_reports_and_bounds_its_arguments(db, capsys):
    with transaction.atomic():
        for _ in range(4):
            live.publish("s", "t", {})
    call_command("prune_live_events", "--keep", "1")
    assert "Deleted 3 live events." in capsys.readouterr().out
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--keep must be between 1 and"):
        call_command("prune_live_events", "--keep", "0")
    with pytest.raises(CommandError, match="--days must be between 1 and 3,650."):
        call_command("prune_live_events", "--days", "99999")


def test_stream_names_are_bounded(db):
    with pytest.raises(ValueError, match="at most 80 characters"), transaction.atomic():
        live.publish("x" * 81, "t", {})


async def test_the_group_name_is_safe_for_every_channel_layer():
    from channels.layers import get_channel_layer

    name = transport.group_name("hustings: 4 / moderators" + "x" * 200)
    assert len(name) < 100
    await get_channel_layer().group_add(name, "test.channel")  # raises on an invalid name


def test_the_topic_of_a_stream_is_its_first_part():
    assert [store.topic_of(s) for s in ("hustings-4", "hustings-4/mod", "hustings-4/user-9")] == ["hustings-4"] * 3


def _counters_of_many_streams():
    with transaction.atomic():
        for n in range(1, 4):
            for _ in range(n):
                live.publish(f"hustings-9/member-{n}", "question.mine", {})
    # 1,200 names, most never used: more than one chunk of the portable path's IN lists
    names = [f"hustings-9/member-{n}" for n in range(1, 1201)]
    return store.last_seqs(names)


def test_the_last_numbers_of_many_streams_are_read_at_once(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        found = _counters_of_many_streams()
    assert len(found) == 1200
    assert [found[f"hustings-9/member-{n}"] for n in (1, 2, 3, 4, 1200)] == [1, 2, 3, 0, 0]


@pytest.mark.postgres
def test_the_last_numbers_of_many_streams_are_one_query_on_postgresql(db, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with django_capture_on_commit_callbacks(), transaction.atomic():
        live.publish("hustings-9/member-2", "question.mine", {})
    with CaptureQueriesContext(connection) as queries:
        found = store.last_seqs([f"hustings-9/member-{n}" for n in range(1, 1201)])
    assert found["hustings-9/member-2"] == 1 and found["hustings-9/member-1"] == 0
    assert len(queries) == 1 and "ANY" in queries[0]["sql"]
