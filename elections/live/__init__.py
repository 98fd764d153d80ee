"""Live pages: one path from a committed change to every open page that shows it.

The parts, each behind a narrow interface (docs/live-protocol.md describes them once):

- ``publish(stream, type, payload)`` (store.py): inside the transaction that made a change;
  numbered per stream, stored, sent after commit through the one transport (transport.py);
- ``LivePage`` (pages.py): the server side of a live page; an app subclasses it and says who
  may follow what (``authorise``), what a stream looks like now (``snapshots``) and which client
  actions it accepts, then lists it in its ``routing.py``;
- the per-process relay (relay.py): one subscription per stream per process, ordered and
  gap-filled delivery, recent events and snapshots in memory, presence (presence.py), periodic
  re-checks of every socket's access, and pruning of old events;
- ``static/js/live.js``: the one client module every live page uses.

The package knows nothing about the apps that use it: apps call ``publish`` and register their
pages in their own routing; config/routing.py gathers the routes.
"""

from django.db import transaction

from elections.live import identity, transport
from elections.live.pages import (
    CLOSE_ACCESS_CHANGED,
    CLOSE_FORBIDDEN,
    CLOSE_NOT_FOUND,
    CLOSE_SIGNED_OUT,
    Access,
    LivePage,
    Refusal,
    Refused,
)
from elections.live.presence import present_count
from elections.live.store import events_between, last_seq, prune, publish


def recheck_soon() -> None:
    """Ask every live process to re-check its sockets' access now (after the current commit).

    Each process also re-checks every ``LIVE_RECHECK_SECONDS`` whatever happens; this makes a
    change made through a service (or a logout) take effect at once.
    """
    transaction.on_commit(lambda: transport.send_control({"action": "recheck"}))


def signed_out(session_key: str | None) -> None:
    """A session ended (logout): every live process closes that session's sockets at once (4401)."""
    if session_key:
        transport.send_control({"action": "signed_out", "session": identity.fingerprint(session_key)})


def on_logout(sender, request, user, **kwargs) -> None:
    """Receiver for Django's ``user_logged_out`` (connected in ElectionsConfig.ready)."""
    signed_out(getattr(getattr(request, "session", None), "session_key", None))


__all__ = [
    "CLOSE_ACCESS_CHANGED",
    "CLOSE_FORBIDDEN",
    "CLOSE_NOT_FOUND",
    "CLOSE_SIGNED_OUT",
    "Access",
    "LivePage",
    "Refusal",
    "Refused",
    "events_between",
    "last_seq",
    "present_count",
    "prune",
    "publish",
    "recheck_soon",
    "signed_out",
]
