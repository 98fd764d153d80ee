"""The live video stream a hustings page embeds: only from hosts allowed in the settings.

An organiser pastes the address they were given (a YouTube or Vimeo page, or an embed address);
``embed_address`` turns the common page addresses into the embed form, and ``validate_video_url``
accepts only ``https`` addresses on a host in ``HUSTINGS_VIDEO_HOSTS``. The page's
Content-Security-Policy then lets that one origin be framed (``frame_origin``), nothing else.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{6,20}")
_VIMEO_ID = re.compile(r"\d{1,12}")


def allowed_hosts() -> list[str]:
    return [host.lower() for host in settings.HUSTINGS_VIDEO_HOSTS]


def embed_address(url: str) -> str:
    """The embed form of a YouTube or Vimeo page address; any other address unchanged."""
    parts = urlsplit(url.strip())
    host, path = (parts.hostname or "").lower(), parts.path
    video = None
    if host in {"www.youtube.com", "youtube.com", "m.youtube.com"} and path == "/watch":
        video = (parse_qs(parts.query).get("v") or [""])[0]
    elif host in {"www.youtube.com", "youtube.com"} and path.startswith("/live/"):
        video = path.removeprefix("/live/")
    elif host == "youtu.be":
        video = path.lstrip("/")
    if video is not None and _YOUTUBE_ID.fullmatch(video):
        return f"https://www.youtube-nocookie.com/embed/{video}"
    if host in {"vimeo.com", "www.vimeo.com"} and _VIMEO_ID.fullmatch(path.strip("/")):
        return f"https://player.vimeo.com/video/{path.strip('/')}"
    return url.strip()


def validate_video_url(url: str) -> None:
    if not url:
        return
    parts = urlsplit(url)
    hosts = allowed_hosts()
    if parts.scheme != "https":
        raise ValidationError("The video address must start with https://.")
    if parts.username or parts.password or parts.port not in (None, 443):
        raise ValidationError("The video address must be a plain https:// address, with no user name or port.")
    if (parts.hostname or "").lower() not in hosts:
        allowed = ", ".join(hosts) if hosts else "none (ask the site's administrators to allow one)"
        raise ValidationError(
            f"Video can be embedded only from these hosts: {allowed}. {parts.hostname} is not one of them."
        )


def frame_origin(url: str) -> str | None:
    """The origin the page must allow in its ``frame-src``, or None when nothing is embedded."""
    if not url:
        return None
    parts = urlsplit(url)
    if (parts.hostname or "").lower() not in allowed_hosts():
        return None  # allowed once, since removed from the settings: embed nothing
    return f"https://{parts.hostname.lower()}"
