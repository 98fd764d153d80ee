"""Result-sheet figures are written with thousands separators from the exact decimal text."""

import pytest

from ballots.templatetags.result_sheet import method_label, thousands


@pytest.mark.parametrize(
    "value, expected",
    [
        ("20000.00", "20,000.00"),
        ("20000", "20,000"),
        (20000, "20,000"),
        ("+1234.5", "+1,234.5"),
        ("-1234567.00001", "-1,234,567.00001"),
        ("999.99", "999.99"),
        ("0.00", "0.00"),
        ("", ""),
        (None, None),
        ("none", "none"),
    ],
)
def test_thousands_are_separated_without_changing_a_digit(value, expected):
    assert thousands(value) == expected


def test_methods_are_named_as_people_know_them():
    assert (method_label("ers97"), method_label("fptp"), method_label("unknown")) == (
        "STV (ERS97 rules)",
        "First past the post",
        "unknown",
    )
