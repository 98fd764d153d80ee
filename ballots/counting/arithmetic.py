"""Arithmetic for counting rules: fixed decimals, guarded decimals or exact fractions, never floats.

A rule is written once against the small interface below (``Arithmetic``) and handed the
arithmetic its rule text asks for; the three kinds are interchangeable:

- ``Fixed(places)``: a value is an ``int`` scaled by ``10**places`` (under ERS97, with two places,
  12954.91 is held as ``1295491``). Addition, subtraction and comparison are plain integer
  operations, which keeps the common rules fast.
- ``Guarded(places, guard)``: droop's "quasi-exact" fixed point: ``places + guard`` digits are
  kept, and two values closer than half a unit of the last *shown* place compare equal.
- ``Exact(display_places)``: a value is a ``fractions.Fraction``; nothing is ever rounded and
  ``format`` rounds only for display.

Values of every kind are added, subtracted, negated, compared, and multiplied by a whole number
(``value * 3``) with the ordinary operators. Everything else goes through the arithmetic object,
and each such operation names its rounding, so the rule text and the code read alike:

``whole(n)``                the whole number ``n`` as a value
``mul(a, b, up=False)``     ``a x b``, truncated to the precision (``up=True``: rounded up)
``div(a, b, up=False)``     ``a / b``, likewise
``muldiv(a, b, c)``         ``a x b / c`` with a single truncation at the end
``key(a)``                  a plain number that sorts as ``a`` does
``format(a)``, ``parse(text)``, ``to_fraction(a)``, ``describe()``

``exact`` is true for the exact and guarded kinds: rules whose text differs for exact
arithmetic (a quota without the added unit, election only *above* it) read it. ``epsilon`` is
one unit of the last place (zero when exact). Each arithmetic object holds its own settings: two
counts with different precisions can run side by side.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Protocol


class Arithmetic(Protocol):
    name: str
    exact: bool
    zero: Any
    one: Any
    epsilon: Any

    def whole(self, n: int) -> Any: ...
    def mul(self, a: Any, b: Any, *, up: bool = False) -> Any: ...
    def div(self, a: Any, b: Any, *, up: bool = False) -> Any: ...
    def muldiv(self, a: Any, b: Any, c: Any) -> Any: ...
    def key(self, a: Any) -> int | Fraction: ...
    def format(self, a: Any) -> str: ...
    def parse(self, text: str) -> Any: ...
    def to_fraction(self, a: Any) -> Fraction: ...
    def describe(self) -> str: ...


class Fixed:
    """Decimals with a fixed number of places, held as integers scaled by ``10**places``.

    Truncation means "ignore the remainder" (towards zero for the non-negative values a count
    divides).
    """

    exact = False

    def __init__(self, places: int) -> None:
        if places < 0:
            raise ValueError("places must be 0 or more")
        self.places = places
        self.scale = 10**places
        self.name = f"fixed{places}"
        self.zero = 0
        self.one = self.scale
        self.epsilon = 1

    def whole(self, n: int) -> int:
        return n * self.scale

    def mul(self, a: int, b: int, *, up: bool = False) -> int:
        if up:
            return -((-a * b) // self.scale)
        return (a * b) // self.scale

    def div(self, a: int, b: int, *, up: bool = False) -> int:
        if up:
            return -((-a * self.scale) // b)
        return (a * self.scale) // b

    def muldiv(self, a: int, b: int, c: int) -> int:
        return (a * b) // c

    def key(self, a: int) -> int:
        return a

    def to_fraction(self, a: int) -> Fraction:
        return Fraction(a, self.scale)

    def format(self, a: int) -> str:
        if self.places == 0:
            return str(a)
        sign = "-" if a < 0 else ""
        whole, part = divmod(abs(a), self.scale)
        return f"{sign}{whole}.{part:0{self.places}d}"

    def parse(self, text: str) -> int:
        """Read a decimal string with at most ``places`` places; refuse anything else."""
        scaled = parse_decimal(text) * self.scale
        if scaled.denominator != 1:
            raise ValueError(f"{text!r} has more than {self.places} decimal places")
        return scaled.numerator

    def describe(self) -> str:
        return f"fixed {self.places} places, truncated"


class Exact:
    """Exact rational arithmetic with ``fractions.Fraction``; ``format`` rounds for display only."""

    exact = True

    def __init__(self, display_places: int = 12) -> None:
        self.display_places = display_places
        self.name = "exact"
        self.zero = Fraction(0)
        self.one = Fraction(1)
        self.epsilon = self.zero

    def whole(self, n: int) -> Fraction:
        return Fraction(n)

    def mul(self, a, b, *, up: bool = False) -> Fraction:
        return Fraction(a) * Fraction(b)

    def div(self, a, b, *, up: bool = False) -> Fraction:
        return Fraction(a) / Fraction(b)

    def muldiv(self, a, b, c) -> Fraction:
        return Fraction(a) * Fraction(b) / Fraction(c)

    def key(self, a) -> Fraction:
        return a

    def to_fraction(self, a) -> Fraction:
        return Fraction(a)

    def format(self, a) -> str:
        """Decimal with ``display_places`` places, rounded half away from zero (display only)."""
        return _rounded(Fraction(a), self.display_places)

    def parse(self, text: str) -> Fraction:
        return parse_decimal(text)

    def describe(self) -> str:
        return f"exact fractions, shown to {self.display_places} places"


class GuardedValue:
    """A guarded value: an integer count of ``10**-(places + guard)``. Each ``Guarded``
    arithmetic makes its own subclass carrying its tolerance, so no setting is shared."""

    __slots__ = ("v",)
    tolerance = 1  # set on each arithmetic's own subclass

    def __init__(self, v: int) -> None:
        self.v = v

    def __add__(self, o):
        return self.__class__(self.v + o.v)

    def __sub__(self, o):
        return self.__class__(self.v - o.v)

    def __neg__(self):
        return self.__class__(-self.v)

    def __mul__(self, n: int):
        return self.__class__(self.v * n)

    def _cmp(self, o) -> int:
        d = self.v - o.v
        return 0 if abs(d) < self.tolerance else (1 if d > 0 else -1)

    def __eq__(self, o):
        return self._cmp(o) == 0

    def __ne__(self, o):
        return self._cmp(o) != 0

    def __lt__(self, o):
        return self._cmp(o) < 0

    def __le__(self, o):
        return self._cmp(o) <= 0

    def __gt__(self, o):
        return self._cmp(o) > 0

    def __ge__(self, o):
        return self._cmp(o) >= 0

    __hash__ = None


class Guarded:
    """droop's guarded fixed point: ``places`` shown plus ``guard`` hidden digits; every product
    and quotient truncated at ``places + guard``; values within half a unit of the last shown
    place are equal; shown rounded to ``places``. Treated by the rules as exact."""

    exact = True

    def __init__(self, places: int = 18, guard: int | None = None) -> None:
        guard = places // 2 if guard is None else guard
        self.places, self.guard = places, guard
        self.scale = 10 ** (places + guard)
        self.name = f"guarded{places}+{guard}"
        self.value = type("GuardedValue", (GuardedValue,), {"__slots__": (), "tolerance": max(1, 10**guard // 2)})
        self.zero, self.one, self.epsilon = self.value(0), self.value(self.scale), self.value(0)

    def whole(self, n: int) -> GuardedValue:
        return self.value(n * self.scale)

    def mul(self, a, b, *, up: bool = False) -> GuardedValue:
        return self.value(a.v * b.v // self.scale)

    def div(self, a, b, *, up: bool = False) -> GuardedValue:
        return self.value(a.v * self.scale // b.v)

    def muldiv(self, a, b, c) -> GuardedValue:
        return self.value(a.v * b.v // c.v)

    def key(self, a) -> int:
        return a.v

    def to_fraction(self, a) -> Fraction:
        return Fraction(a.v, self.scale)

    def format(self, a) -> str:
        unit = 10**self.guard
        n = (a.v + unit // 2) // unit
        sign, n = ("-" if n < 0 else ""), abs(n)
        return f"{sign}{n // 10**self.places}.{n % 10**self.places:0{self.places}d}"

    def parse(self, text: str) -> GuardedValue:
        scaled = parse_decimal(text) * self.scale
        return self.value(scaled.numerator // scaled.denominator)

    def describe(self) -> str:
        return f"guarded {self.places}+{self.guard}"


def _rounded(q: Fraction, places: int) -> str:
    scale = 10**places
    scaled = abs(q) * scale
    rounded = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)
    sign = "-" if q < 0 and rounded else ""
    if places == 0:
        return f"{sign}{rounded}"
    whole, part = divmod(rounded, scale)
    return f"{sign}{whole}.{part:0{places}d}"


def parse_decimal(text: str) -> Fraction:
    """A plain decimal string (``-12.5``) as an exact fraction; exponents and junk refused."""
    t = text.strip()
    body = t[1:] if t[:1] in "+-" else t
    digits = body.replace(".", "", 1)
    if not digits.isdigit() or not digits.isascii() or len(digits) > 60:
        raise ValueError(f"{text!r} is not a decimal number")
    return Fraction(t)
