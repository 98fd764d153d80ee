"""Typed readers for environment variables.

Each helper returns a value of one type or raises ``ConfigError`` naming the variable and what
was wrong, so a bad deployment stops at start-up with one clear line instead of failing later in
the middle of a request. ``NAME_FILE`` forms let secrets come from files (Docker/Kubernetes
secrets) rather than the process environment.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured


class ConfigError(ImproperlyConfigured):
    """A setting read from the environment is missing or malformed."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str, environ=None) -> str | None:
    environ = os.environ if environ is None else environ
    if name in environ:
        return environ[name]
    path = environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"{name}_FILE: cannot read {path}: {exc.strerror}") from None
    return None


def env_str(name: str, default: str = "", environ=None) -> str:
    value = _raw(name, environ)
    return default if value is None else value


def env_bool(name: str, default: bool = False, environ=None) -> bool:
    value = _raw(name, environ)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigError(f"{name}={value!r} is not a yes/no value (use 1/0, true/false, yes/no, on/off)")


def env_int(name: str, default: int, environ=None, minimum: int | None = None) -> int:
    value = _raw(name, environ)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not a whole number") from None
    if minimum is not None and number < minimum:
        raise ConfigError(f"{name}={number} is below the minimum of {minimum}")
    return number


def env_ints(
    name: str, default: tuple[int, ...], environ=None, minimum: int = 1, maximum: int = 10_000_000
) -> tuple[int, ...]:
    """Exactly as many comma-separated whole numbers as ``default`` holds, each within bounds."""
    value = _raw(name, environ)
    if value is None or value.strip() == "":
        return default
    parts = [part.strip() for part in value.split(",")]
    if len(parts) != len(default):
        raise ConfigError(f"{name}={value!r} must be {len(default)} whole numbers separated by commas")
    numbers = []
    for part in parts:
        if not (part.isascii() and part.isdigit()) or len(part) > len(str(maximum)):
            raise ConfigError(f"{name}={value!r}: {part!r} is not a whole number from {minimum} to {maximum:,}")
        number = int(part)
        if not minimum <= number <= maximum:
            raise ConfigError(f"{name}={value!r}: {number} is not from {minimum} to {maximum:,}")
        numbers.append(number)
    return tuple(numbers)


def env_list(name: str, default: list[str], environ=None) -> list[str]:
    value = _raw(name, environ)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_url(url: str, name: str = "DATABASE_URL", *, pool_max: int = 0) -> dict:
    """Translate ``postgres://user:pass@host:port/db?sslmode=require`` (or ``sqlite:///path``)
    into a Django DATABASES entry.

    Connections are not kept between requests (``CONN_MAX_AGE`` 0): under ASGI each request's
    synchronous code runs in a thread of its own, so kept connections pile up one per thread until
    the server's limit refuses them. With ``pool_max`` > 0, PostgreSQL connections come from a pool
    of at most that many per process (psycopg's pool), and a request waits for a free one."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in {"sqlite", "sqlite3"}:
        path = unquote(parts.path)
        if path.startswith("/") and parts.netloc == "":
            path = path[1:] if path.startswith("//") else path
        if not path or path == "/":
            raise ConfigError(f"{name}: a sqlite URL needs a file path, e.g. sqlite:////var/lib/nec/db.sqlite3")
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path}
    if scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ConfigError(
            f"{name}: unsupported scheme {scheme or '(none)'!r}; use postgres://user:password@host:5432/dbname"
        )
    database = unquote(parts.path.lstrip("/"))
    if not database:
        raise ConfigError(f"{name}: no database name in the URL; use postgres://user:password@host:5432/dbname")
    try:
        port = parts.port
    except ValueError:
        raise ConfigError(f"{name}: the port is not a number") from None
    options: dict = dict(parse_qsl(parts.query))
    if pool_max:
        options["pool"] = {"min_size": 1, "max_size": pool_max, "timeout": 10}
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": database,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(port or ""),
        "OPTIONS": options,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": True,  # the pool checks a connection before handing it out
    }


def redis_from_url(url: str, name: str = "REDIS_URL") -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss", "unix"}:
        raise ConfigError(f"{name}: unsupported scheme {parts.scheme or '(none)'!r}; use redis://host:6379/0")
    try:
        _ = parts.port  # urlsplit checks the port only when asked
    except ValueError:
        raise ConfigError(f"{name}: the port is not a number") from None
    if parts.scheme != "unix" and not parts.hostname:
        raise ConfigError(f"{name}: no host in the URL; use redis://host:6379/0")
    return url
