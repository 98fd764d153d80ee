from fractions import Fraction

import pytest

from ballots.counting.arithmetic import Exact, Fixed

TWO = Fixed(2)


@pytest.mark.parametrize(
    "num, den, truncated, rounded_up",
    [
        (129549, 10, "12954.90", "12954.90"),  # exact to two places: nothing to round
        (100, 3, "33.33", "33.34"),
        (2, 3, "0.66", "0.67"),
        (1, 1, "1.00", "1.00"),
        (Fraction(1295499, 100), 1, "12954.99", "12954.99"),
        (Fraction(12954901, 1000), 1, "12954.90", "12954.91"),
    ],
)
def test_it_truncates_and_rounds_up_to_two_places(num, den, truncated, rounded_up):
    assert TWO.format(TWO.truncate(num, den)) == truncated
    assert TWO.format(TWO.round_up(num, den)) == rounded_up


def test_it_holds_values_as_scaled_integers():
    assert TWO.whole(7) == 700
    assert TWO.one == 100
    assert TWO.mul_truncate(1234, 1, 3) == 411  # 12.34 / 3 = 4.1133.. -> 4.11
    assert TWO.to_fraction(1295491) == Fraction(1295491, 100)


@pytest.mark.parametrize("places, value, text", [(0, 5, "5"), (2, -5, "-0.05"), (5, 123456, "1.23456")])
def test_it_formats_fixed_values(places, value, text):
    assert Fixed(places).format(value) == text
    assert Fixed(places).parse(text) == value


def test_it_refuses_more_places_than_it_holds():
    with pytest.raises(ValueError):
        TWO.parse("1.234")
    with pytest.raises(ValueError):
        TWO.parse("1e5")


def test_exact_never_rounds_and_formats_for_display_only():
    ex = Exact(display_places=3)
    v = ex.truncate(2, 3)
    assert v == Fraction(2, 3)
    assert ex.round_up(2, 3) == Fraction(2, 3)
    assert ex.format(v) == "0.667"
    assert ex.format(Fraction(-1, 2000)) == "-0.001"
    assert ex.format(Fraction(0)) == "0.000"
    assert ex.parse("0.125") == Fraction(1, 8)


def test_a_rule_can_be_written_once_over_either_arithmetic():
    def share(arith, surplus_whole, papers):
        return arith.format(arith.truncate(surplus_whole, papers))

    assert share(Fixed(2), 10, 3) == "3.33"
    assert share(Exact(4), 10, 3) == "3.3333"
