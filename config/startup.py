"""Start-up checks: fail at once, with one clear line, when a service the settings name is
unreachable, rather than with a traceback in the middle of the first request."""

from __future__ import annotations

import sys

from django.conf import settings


class StartupError(Exception):
    """A configured service cannot be used."""


def check_database() -> None:
    from django.db import connection

    try:
        if getattr(connection, "pool", None) is not None:
            # One direct connection: a pool would retry quietly for its whole timeout first.
            import psycopg

            psycopg.connect(**connection.get_connection_params(), connect_timeout=5).close()
        else:
            connection.ensure_connection()
    except Exception as exc:  # the driver's own error types vary by backend
        db = settings.DATABASES["default"]
        where = db.get("HOST") or db.get("NAME")
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StartupError(f"database {db['ENGINE'].rsplit('.', 1)[-1]} at {where} is unreachable: {first}") from None
    finally:
        connection.close()


def check_channel_layer() -> None:
    if not settings.REDIS_URL:
        return
    import redis

    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3, socket_timeout=3)
        client.ping()
        client.close()
    except Exception as exc:
        raise StartupError(f"Redis at {settings.REDIS_URL} is unreachable: {exc}") from None


def check_services() -> None:
    check_database()
    check_channel_layer()


def exit_on_error(func, *args):
    """Run ``func``; on a configuration or start-up error print one line and exit with status 2."""
    from django.core.exceptions import ImproperlyConfigured

    try:
        return func(*args)
    except (ImproperlyConfigured, StartupError) as exc:
        sys.stderr.write(f"configuration error: {exc}\n")
        sys.exit(2)
