"""On PostgreSQL, members asking and voting while the chair runs the session and presence is
written never deadlock: locks are taken in one order and never block the inserts that refer to
the locked rows."""

import threading

import pytest
from django.db import close_old_connections, connection

from elections.live import presence, store
from hustings import services
from hustings.models import Question
from tests.factories import MemberFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(jobs) -> list:
    """Run every job at once in its own thread (and database connection); return what they raised."""
    barrier, errors = threading.Barrier(len(jobs)), []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_asking_voting_chairing_and_presence_at_once_never_deadlock(hustings, hackney, hannah, mo, ask):
    askers = [MemberFactory(clp=hackney).user for _ in range(12)]
    voters = [MemberFactory(clp=hackney).user for _ in range(8)]
    queue = [services.question_approve(actor=mo, question=ask(askers[i], f"Queued {i}")) for i in range(3)]
    services.hustings_set_state(actor=hannah, hustings=hustings, state="live")
    book = presence.Book("test-process")
    for user in askers + voters:
        book.arrive(hustings.stream, user.pk)

    def asker(user, n):
        return lambda: [ask(user, f"Question {n}.{k}") for k in range(2)]

    def voter(user):
        return lambda: [services.question_vote(actor=user, question=q) for q in queue]

    def chair():
        for q in queue:
            services.question_put(actor=hannah, hustings=hustings, question=q)
            services.timer_start(actor=hannah, hustings=hustings)
            services.question_finish(actor=hannah, hustings=hustings)

    def presence_writer():
        for _ in range(5):
            book.flush({hustings.stream: None}, lambda topic, n: store.publish(topic, "presence", {"present": n}))

    jobs = [asker(u, n) for n, u in enumerate(askers)] + [voter(u) for u in voters] + [chair, presence_writer]
    errors = run_together(jobs)
    deadlocks = [e for e in errors if "deadlock" in str(e).lower()]
    assert deadlocks == [], "\n\n".join(str(e) for e in deadlocks)
    assert Question.objects.filter(hustings=hustings).count() == 3 + 2 * len(askers)
