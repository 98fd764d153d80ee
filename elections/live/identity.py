"""Who is on the other end of a socket, worked out for many sockets at once.

A browser's websocket carries the Django session cookie; the ASGI stack (elections/live/asgi.py)
only reads the key from it. Joining sockets and the periodic re-check resolve keys in batches:
one query for the sessions and one for their users (with their membership), instead of two
queries per socket on Channels' single database thread. The checks are Django's own
(``django.contrib.auth.get_user``): the session exists and has not expired, names an installed
backend, and its password hash still matches the user's, so a logout, an expired session or a
changed password all end the person's live access.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model, load_backend
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.module_loading import import_string

DB_SESSION_ENGINES = {"django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"}


@dataclass(frozen=True)
class Claim:
    """What a socket brought: a session key from its cookie, or (tests) an already known user id."""

    session_key: str | None = None
    user_id: int | None = None


def fingerprint(session_key: str) -> str:
    """What travels on the bus to name a session that ended (never the key itself)."""
    return hashlib.sha256(session_key.encode()).hexdigest()


def _users(ids) -> dict:
    found = {}
    ids = list(ids)
    for start in range(0, len(ids), 500):
        rows = get_user_model().objects.filter(pk__in=ids[start : start + 500]).select_related("member__clp")
        found.update({u.pk: u for u in rows})
    return found


def _session_data(keys) -> dict[str, dict]:
    """Decoded, unexpired session data by key."""
    keys = [k for k in keys if k]
    if settings.SESSION_ENGINE not in DB_SESSION_ENGINES:  # other engines: one look-up each
        store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
        out = {}
        for key in keys:
            data = store(key).load()
            if data:
                out[key] = data
        return out
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    rows = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        rows.update(
            Session.objects.filter(session_key__in=chunk, expire_date__gt=timezone.now()).values_list(
                "session_key", "session_data"
            )
        )
    out = {}
    for key, data in rows.items():
        known = _decoded.get(key)
        if known is None or known[0] != data:  # decoding is the costly part: only when it changed
            if len(_decoded) >= _DECODED_MAX:
                _decoded.clear()
            known = _decoded[key] = (data, store.decode(data))
        out[key] = known[1]
    return out


# Decoded session data by key, reused while the stored data is unchanged: every connected socket's
# session is read again every few seconds (relay.py), and nearly always it has not changed.
_decoded: dict[str, tuple[str, dict]] = {}
_DECODED_MAX = 100_000


def _verified(user, data: dict) -> bool:
    """The session still belongs to this user (as django.contrib.auth.get_user checks it)."""
    if not hasattr(user, "get_session_auth_hash"):
        return True
    session_hash = data.get(HASH_SESSION_KEY)
    if not session_hash:
        return False
    if constant_time_compare(session_hash, user.get_session_auth_hash()):
        return True
    return any(constant_time_compare(session_hash, h) for h in user.get_session_auth_fallback_hash())


def resolve(claims: list[Claim]) -> list:
    """The signed-in, active user for each claim, or None (signed out, expired, disabled)."""
    sessions = _session_data({c.session_key for c in claims if c.session_key})
    wanted = {c.user_id for c in claims if c.user_id is not None}
    backends = {}
    for data in sessions.values():
        try:
            wanted.add(int(data[SESSION_KEY]))
        except (KeyError, TypeError, ValueError):
            continue
    users = _users(wanted)
    out = []
    for claim in claims:
        if claim.session_key is None:
            user = users.get(claim.user_id)
            out.append(user if user is not None and user.is_active else None)
            continue
        data = sessions.get(claim.session_key)
        out.append(_session_user(data, users, backends) if data else None)
    return out


def _session_user(data: dict, users: dict, backends: dict):
    path = data.get(BACKEND_SESSION_KEY)
    if path not in settings.AUTHENTICATION_BACKENDS:
        return None
    try:
        user = users.get(int(data[SESSION_KEY]))
    except (KeyError, TypeError, ValueError):
        return None
    if user is None:
        return None
    backend = backends.get(path) or backends.setdefault(path, load_backend(path))
    can = getattr(backend, "user_can_authenticate", None)
    if can is not None and not can(user):
        return None
    return user if _verified(user, data) else None
