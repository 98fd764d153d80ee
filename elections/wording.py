"""Numbers in the users' words: "1 seat", "9 seats", "20,000 ballots", "1 woman", "4 women".

One helper for every count written in a sentence, on pages (the ``quantity`` template filter in
``elections/templatetags/wording.py``) and in messages built in Python.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

IRREGULAR = {"woman": "women", "person": "people", "is": "are", "was": "were", "has": "have"}


def plural_of(singular: str) -> str:
    if singular in IRREGULAR:
        return IRREGULAR[singular]
    if singular.endswith("y") and singular[-2:-1] not in "aeiou":
        return singular[:-1] + "ies"
    if singular.endswith(("s", "sh", "ch", "x")):
        return singular + "es"
    return singular + "s"


def quantity(n: int, singular: str, plural: str | None = None) -> str:
    """``n`` with thousands separators and the noun in the right number."""
    noun = singular if n == 1 else (plural or plural_of(singular))
    return f"{n:,} {noun}"


def moment(when: dt.datetime) -> str:
    """'12:00 on 17 June 2026' in the platform's time zone (Europe/London)."""
    local = timezone.localtime(when)
    return f"{local:%H:%M} on {local.day} {local:%B %Y}"


def day(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"
