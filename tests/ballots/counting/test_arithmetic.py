from fractions import Fraction

import pytest

from ballots.counting.arithmetic import Exact, Fixed, Guarded

TWO = Fixed(2)


@pytest.mark.parametrize(
    "a, b, truncated, rounded_up",
    [
        ("129549", "10", "12954.90", "12954.90"),  # exact to two places: nothing to round
        ("100", "3", "33.33", "33.34"),
        ("2", "3", "0.66", "0.67"),
        ("1", "1", "1.00", "1.00"),
        ("12954.99", "1", "12954.99", "12954.99"),
        ("0.05", "0.10", "0.50", "0.50"),
    ],
)
def test_fixed_division_truncates_or_rounds_up_to_two_places(a, b, truncated, rounded_up):
    x, y = TWO.parse(a), TWO.parse(b)
    assert TWO.format(TWO.div(x, y)) == truncated
    assert TWO.format(TWO.div(x, y, up=True)) == rounded_up


@pytest.mark.parametrize(
    "a, b, truncated, rounded_up", [("0.33", "0.33", "0.10", "0.11"), ("2.00", "1.25", "2.50", "2.50")]
)
def test_fixed_multiplication_truncates_or_rounds_up(a, b, truncated, rounded_up):
    x, y = TWO.parse(a), TWO.parse(b)
    assert TWO.format(TWO.mul(x, y)) == truncated  # 0.33 x 0.33 = 0.1089
    assert TWO.format(TWO.mul(x, y, up=True)) == rounded_up


def test_fixed_values_are_scaled_integers_and_muldiv_truncates_once():
    assert TWO.whole(7) == 700 and TWO.one == 100 and TWO.epsilon == 1
    # 12.34 x 1.00 / 3.00 = 4.1133... -> 4.11
    assert TWO.muldiv(1234, 100, 300) == 411
    assert TWO.to_fraction(1295491) == Fraction(1295491, 100)


@pytest.mark.parametrize("places, value, text", [(0, 5, "5"), (2, -5, "-0.05"), (5, 123456, "1.23456")])
def test_it_formats_fixed_values(places, value, text):
    assert Fixed(places).format(value) == text
    assert Fixed(places).parse(text) == value


def test_it_refuses_more_places_than_it_holds_and_anything_not_a_decimal():
    with pytest.raises(ValueError):
        TWO.parse("1.234")
    with pytest.raises(ValueError):
        TWO.parse("1e5")
    with pytest.raises(ValueError):
        TWO.parse("9" * 100)  # bounded before Fraction() reads it


def test_exact_never_rounds_and_formats_for_display_only():
    ex = Exact(display_places=3)
    v = ex.div(ex.whole(2), ex.whole(3))
    assert v == Fraction(2, 3) and ex.div(ex.whole(2), ex.whole(3), up=True) == Fraction(2, 3)
    assert ex.format(v) == "0.667"
    assert ex.format(Fraction(-1, 2000)) == "-0.001"
    assert ex.format(Fraction(0)) == "0.000"
    assert ex.parse("0.125") == Fraction(1, 8)
    assert ex.exact and ex.epsilon == 0


def test_guarded_compares_within_half_a_shown_unit_and_shows_rounded():
    g = Guarded(3, 2)  # 3 places shown, 2 guard digits
    third = g.div(g.one, g.whole(3))  # 0.33333 held
    assert g.format(third) == "0.333"
    assert third * 3 == g.one  # 0.99999 is within half a unit of the 5th place of 1
    assert third * 3 != g.whole(2)
    assert g.key(third) == 33333 and g.to_fraction(third) == Fraction(33333, 100000)


def test_each_guarded_arithmetic_keeps_its_own_tolerance():
    # Two counts with different guard digits side by side: one does not change the other.
    coarse = Guarded(2, 4)
    a, b = coarse.value(1_000_000), coarse.value(1_000_100)  # 1.000000 and 1.000100
    assert a == b  # 100 units apart: within half of 10**4
    fine = Guarded(2, 0)
    assert fine.value(100) != fine.value(101)  # no guard digits: every unit counts
    assert a == b  # building ``fine`` did not change ``coarse``


def test_a_rule_can_be_written_once_over_every_arithmetic():
    def share(A, surplus, papers):
        return A.format(A.div(A.whole(surplus), A.whole(papers)))

    assert share(Fixed(2), 10, 3) == "3.33"
    assert share(Exact(4), 10, 3) == "3.3333"
    assert share(Guarded(4, 2), 10, 3) == "3.3333"
