"""Arithmetic for counting rules: fixed decimals or exact fractions, never binary floats.

A rule is written once against the small interface below and handed the arithmetic its rule
text asks for:

- ``Fixed(places)``: a value is an ``int`` scaled by ``10**places`` (so under ERS97, with two
  places, 12954.91 is held as ``1295491``). Addition, subtraction and comparison are plain
  integer operations; only division and multiplication by a fraction need a rounding rule, and
  each such operation names its rounding (``truncate`` or ``round_up``) so the rule text and
  the code read alike.
- ``Exact()``: a value is a ``fractions.Fraction``; nothing is ever rounded, ``truncate`` and
  ``round_up`` are the identity, and ``format`` shows a decimal rounded only for display.

Both share: ``zero``, ``one``, ``whole(n)``, ``from_fraction``, ``truncate(num, den)``,
``round_up(num, den)``, ``mul_truncate(value, num, den)``, ``to_fraction``, ``format``,
``parse``. ``num``/``den`` are exact numbers (ints or Fractions), so ``truncate(7, 3)`` is
"7/3 cut to this arithmetic's precision".
"""

from __future__ import annotations

from fractions import Fraction
from typing import Protocol

Number = int | Fraction


class Arithmetic(Protocol):
    name: str
    zero: Number
    one: Number

    def whole(self, n: int) -> Number: ...
    def from_fraction(self, q: Fraction) -> Number: ...
    def truncate(self, num: Number, den: Number = 1) -> Number: ...
    def round_up(self, num: Number, den: Number = 1) -> Number: ...
    def mul_truncate(self, value: Number, num: Number, den: Number = 1) -> Number: ...
    def to_fraction(self, value: Number) -> Fraction: ...
    def format(self, value: Number) -> str: ...
    def parse(self, text: str) -> Number: ...


def _floor_div(num: Fraction, den: Fraction) -> int:
    q = Fraction(num) / Fraction(den)
    return q.numerator // q.denominator


def _ceil_div(num: Fraction, den: Fraction) -> int:
    q = Fraction(num) / Fraction(den)
    return -((-q.numerator) // q.denominator)


class Fixed:
    """Decimals with a fixed number of places, held as integers scaled by ``10**places``.

    Truncation means "ignore the remainder" (towards zero for the non-negative values a count
    holds; towards minus infinity for negatives, which a count never divides).
    """

    def __init__(self, places: int) -> None:
        if places < 0:
            raise ValueError("places must be 0 or more")
        self.places = places
        self.scale = 10**places
        self.name = f"fixed{places}"
        self.zero = 0
        self.one = self.scale

    def whole(self, n: int) -> int:
        return n * self.scale

    def from_fraction(self, q: Fraction) -> int:
        """The exact value ``q`` cut to this many places (the remainder ignored)."""
        return _floor_div(q * self.scale, 1)

    def truncate(self, num: Number, den: Number = 1) -> int:
        """``num / den`` (exact numbers, not scaled) to this many places, remainder ignored."""
        if isinstance(num, int) and isinstance(den, int):
            return (num * self.scale) // den
        return _floor_div(Fraction(num) * self.scale, den)

    def round_up(self, num: Number, den: Number = 1) -> int:
        """``num / den`` to this many places, any remainder rounding up by one last place."""
        if isinstance(num, int) and isinstance(den, int):
            return -((-num * self.scale) // den)
        return _ceil_div(Fraction(num) * self.scale, den)

    def mul_truncate(self, value: int, num: Number, den: Number = 1) -> int:
        """A scaled ``value`` times ``num / den``, remainder ignored."""
        if isinstance(num, int) and isinstance(den, int):
            return (value * num) // den
        return _floor_div(Fraction(value) * num, den)

    def to_fraction(self, value: int) -> Fraction:
        return Fraction(value, self.scale)

    def format(self, value: int) -> str:
        if self.places == 0:
            return str(value)
        sign = "-" if value < 0 else ""
        whole, part = divmod(abs(value), self.scale)
        return f"{sign}{whole}.{part:0{self.places}d}"

    def parse(self, text: str) -> int:
        """Read a decimal string with at most ``places`` places; refuse anything else."""
        q = _parse_decimal(text)
        scaled = q * self.scale
        if scaled.denominator != 1:
            raise ValueError(f"{text!r} has more than {self.places} decimal places")
        return scaled.numerator


class Exact:
    """Exact rational arithmetic with ``fractions.Fraction``; ``format`` rounds for display only."""

    def __init__(self, display_places: int = 9) -> None:
        self.display_places = display_places
        self.name = "exact"
        self.zero = Fraction(0)
        self.one = Fraction(1)

    def whole(self, n: int) -> Fraction:
        return Fraction(n)

    def from_fraction(self, q: Fraction) -> Fraction:
        return Fraction(q)

    def truncate(self, num: Number, den: Number = 1) -> Fraction:
        return Fraction(num) / Fraction(den)

    def round_up(self, num: Number, den: Number = 1) -> Fraction:
        return Fraction(num) / Fraction(den)

    def mul_truncate(self, value: Number, num: Number, den: Number = 1) -> Fraction:
        return Fraction(value) * Fraction(num) / Fraction(den)

    def to_fraction(self, value: Number) -> Fraction:
        return Fraction(value)

    def format(self, value: Number) -> str:
        """Decimal with ``display_places`` places, rounded half away from zero (display only)."""
        q = Fraction(value)
        scale = 10**self.display_places
        scaled = abs(q) * scale
        rounded = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)
        sign = "-" if q < 0 and rounded else ""
        if self.display_places == 0:
            return f"{sign}{rounded}"
        whole, part = divmod(rounded, scale)
        return f"{sign}{whole}.{part:0{self.display_places}d}"

    def parse(self, text: str) -> Fraction:
        return _parse_decimal(text)


def _parse_decimal(text: str) -> Fraction:
    t = text.strip()
    body = t[1:] if t[:1] in "+-" else t
    digits = body.replace(".", "", 1)
    if not digits.isdigit() or not digits.isascii():
        raise ValueError(f"{text!r} is not a decimal number")
    return Fraction(t)
