"""A ballot as a voter marked it on the form, checked and put in the one form it is stored in.

Pure functions: no database. ``read_choices`` takes the candidates (id and name, in any order),
how the ballot is marked, and the submitted fields; it returns the preferences to store (a list
of candidate ids) or raises ``Unprocessable`` with every reason. Numbers from the request are
bounded before they are used.

- Ranked (STV, alternative vote): a field ``rank-<id>`` per candidate holding "" or 1..n. The
  numbers must start at 1, not repeat and not skip. Preferences are stored most preferred first.
- First past the post: one field ``choice`` naming one candidate.
- Block: ``choice`` fields naming up to ``places`` candidates, stored in ascending id order so
  the order they were ticked in (which follows a rotated list's order) is not kept.

An empty ballot is allowed: it is cast as a blank ballot, which counts for nobody.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from elections.refusals import Unprocessable

RANKED, PLURALITY, BLOCK = "ranked", "plurality", "block"
MAX_FIELD = 6  # characters: no preference number or candidate id from a form is longer


def marking(method: str, ranked: bool) -> str:
    if ranked:
        return RANKED
    return BLOCK if method == "block" else PLURALITY


def plural(n: int, one: str, many: str | None = None) -> str:
    """``plural(1, "ballot")`` "1 ballot"; ``plural(130000, "ballot")`` "130,000 ballots"."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def and_list(names: Sequence[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def read_choices(candidates: Mapping[int, str], how: str, places: int, data) -> list[int]:
    if how == RANKED:
        return _ranked(candidates, data)
    values = [v for v in _getlist(data, "choice") if v != ""]
    chosen = []
    for value in values:
        cid = _whole(value)
        if cid is None or cid not in candidates:
            raise _refuse("Choose only candidates on this ballot.")
        if cid not in chosen:
            chosen.append(cid)
    if how == PLURALITY and len(chosen) > 1:
        raise _refuse("Choose one candidate only: this ballot is first past the post.")
    if how == BLOCK and len(chosen) > places:
        raise _refuse(
            f"You can vote for up to {plural(places, 'candidate')}; you chose {len(chosen)}. "
            "Untick some before you go on."
        )
    return sorted(chosen) if how == BLOCK else chosen


def _ranked(candidates: Mapping[int, str], data) -> list[int]:
    n = len(candidates)
    given: dict[int, list[int]] = {}
    for cid, name in candidates.items():
        value = (_getlist(data, f"rank-{cid}") or [""])[-1].strip()
        if value == "":
            continue
        number = _whole(value)
        if number is None or not 1 <= number <= n:
            raise _refuse(
                f"Use the numbers 1 to {n} for your preferences; “{value[:MAX_FIELD]}” beside {name} is not one."
            )
        given.setdefault(number, []).append(cid)
    for number in sorted(given):
        if len(given[number]) > 1:
            names = sorted(candidates[c] for c in given[number])
            raise _refuse(f"You gave the number {number} to {and_list(names)}: use each number once.")
    for expected, number in enumerate(sorted(given), start=1):
        if number != expected:
            raise _refuse(f"Your numbers skip {expected}: number your choices 1, 2, 3 and so on, without gaps.")
    return [given[number][0] for number in sorted(given)]


def _getlist(data, name: str) -> list[str]:
    if hasattr(data, "getlist"):
        values = data.getlist(name)
    else:
        value = data.get(name)
        values = value if isinstance(value, list) else ([] if value is None else [value])
    return [str(v) for v in values[:1000]]


def _whole(value: str) -> int | None:
    value = value.strip()
    if not value or len(value) > MAX_FIELD or not value.isascii() or not value.isdigit():
        return None
    return int(value)


def _refuse(message: str) -> Unprocessable:
    return Unprocessable(message, errors={"preferences": [message]}, code="ballot_marking")


def as_fields(how: str, preferences: Sequence[int]) -> list[tuple[str, str]]:
    """The form fields that mark ``preferences`` again (for the review step's hidden inputs)."""
    if how == RANKED:
        return [(f"rank-{cid}", str(i)) for i, cid in enumerate(preferences, start=1)]
    return [("choice", str(cid)) for cid in preferences]


def check_preferences(candidate_ids: Sequence[int], how: str, places: int, preferences: Sequence[int]) -> list[int]:
    """``preferences`` as they will be stored, or ``Unprocessable``: the service's own check, whatever the form did."""
    prefs = list(preferences)
    if any(not isinstance(c, int) or isinstance(c, bool) or c not in candidate_ids for c in prefs):
        raise _refuse("Choose only candidates on this ballot.")
    if len(set(prefs)) != len(prefs):
        raise _refuse("Each candidate can be chosen only once.")
    if how == PLURALITY and len(prefs) > 1:
        raise _refuse("Choose one candidate only: this ballot is first past the post.")
    if how == BLOCK and len(prefs) > places:
        raise _refuse(f"You can vote for up to {plural(places, 'candidate')}; you chose {len(prefs)}.")
    return sorted(prefs) if how == BLOCK else prefs
