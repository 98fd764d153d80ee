"""The websocket half of the ASGI stack: origin check, session key, and clean refusals.

``websocket_app(routes)`` wraps the apps' routes so that every refusal is a websocket close with
a code the page understands (it accepts, says why, then closes), never an HTTP 403 (which a
browser reports only as 1006 and retries for ever) nor a 500:

- the ``Origin`` must be this site itself: same scheme, host and port as the request (``Host``
  header, with the host in ``ALLOWED_HOSTS``), or an origin listed in ``CSRF_TRUSTED_ORIGINS``
  (for a proxy that rewrites the host); otherwise 4403;
- a path no app routes is 4404.

The session cookie is only read here (``scope["session_key"]``); who it belongs to is worked out
with other joining sockets in one batch (identity.py), not one query per socket.
"""

from __future__ import annotations

import json
from urllib.parse import urlparse

from channels.routing import URLRouter
from channels.sessions import CookieMiddleware
from django.conf import settings
from django.http.request import split_domain_port, validate_host
from django.urls import re_path

from elections.live.pages import CLOSE_FORBIDDEN, CLOSE_NOT_FOUND

DEFAULT_PORTS = {"http": "80", "https": "443"}


def refuse(code: int, reason: str):
    """An ASGI websocket app that accepts, sends the reason as an ``error`` and closes with ``code``."""

    async def app(scope, receive, send):
        message = await receive()
        if message["type"] != "websocket.connect":
            return
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.send", "text": _error(reason, code)})
        await send({"type": "websocket.close", "code": code})

    return app


def _error(reason: str, code: int) -> str:
    return json.dumps({"type": "error", "error": reason, "code": code})


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin1")
    return None


def _expected_scheme(scope) -> str:
    proxy = settings.SECURE_PROXY_SSL_HEADER
    if proxy:
        header, secure = proxy
        wanted = header.lower().removeprefix("http_").replace("_", "-").encode()
        if _header(scope, wanted) == secure:
            return "https"
    return "https" if scope.get("scheme") == "wss" else "http"


def _trusted(origin) -> bool:
    for entry in settings.CSRF_TRUSTED_ORIGINS:
        trusted = urlparse(entry)
        if trusted.scheme != origin.scheme:
            continue
        host, port = trusted.hostname or "", str(trusted.port or DEFAULT_PORTS.get(trusted.scheme, ""))
        if port != str(origin.port or DEFAULT_PORTS.get(origin.scheme, "")):
            continue
        if host == origin.hostname or (host.startswith("*.") and (origin.hostname or "").endswith(host[1:])):
            return True
    return False


def origin_allowed(scope) -> bool:
    """The socket was opened by a page of this site (scheme, host and port all match)."""
    raw = _header(scope, b"origin")
    if not raw:
        return False
    try:
        origin = urlparse(raw)
        origin_port = origin.port
    except ValueError:
        return False
    if origin.scheme not in DEFAULT_PORTS or not origin.hostname:
        return False
    if _trusted(origin):
        return True
    host, port = split_domain_port(_header(scope, b"host") or "")
    scheme = _expected_scheme(scope)
    if not host or not validate_host(host, settings.ALLOWED_HOSTS):
        return False
    return (
        origin.scheme == scheme
        and origin.hostname == host
        and str(origin_port or DEFAULT_PORTS[scheme]) == (port or DEFAULT_PORTS[scheme])
    )


class OriginAndSession:
    """Refuse foreign origins (4403); put the session cookie's key in ``scope["session_key"]``."""

    def __init__(self, inner):
        self.inner = inner
        self.foreign = refuse(CLOSE_FORBIDDEN, "Live updates are only for pages of this site.")

    async def __call__(self, scope, receive, send):
        if not origin_allowed(scope):
            return await self.foreign(scope, receive, send)
        key = scope.get("cookies", {}).get(settings.SESSION_COOKIE_NAME)
        return await self.inner(dict(scope, session_key=key or None), receive, send)


def websocket_app(routes: list):
    """Every app's websocket routes, with the origin check, the session key and a 4404 for the rest."""
    unrouted = refuse(CLOSE_NOT_FOUND, "There is no live page at this address.")
    return CookieMiddleware(OriginAndSession(URLRouter([*routes, re_path(r"", unrouted)])))
