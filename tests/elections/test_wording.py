"""Counts in sentences: singular for one, plural otherwise, thousands separated."""

import pytest
from django.template import Context, Template

from elections.wording import quantity


@pytest.mark.parametrize(
    "n, noun, expected",
    [
        (1, "seat", "1 seat"),
        (9, "seat", "9 seats"),
        (0, "candidate", "0 candidates"),
        (1, "woman", "1 woman"),
        (4, "woman", "4 women"),
        (20000, "ballot", "20,000 ballots"),
        (2, "reply", "2 replies"),
        (2, "day", "2 days"),
        (3, "box", "3 boxes"),
    ],
)
def test_it_says_one_and_many_as_people_do(n, noun, expected):
    assert quantity(n, noun) == expected


def test_the_template_filter_takes_an_irregular_plural():
    html = Template('{% load wording %}{{ a|quantity:"seat" }}; {{ b|quantity:"CLP\'s,CLPs\'" }}').render(
        Context({"a": 1, "b": 2})
    )
    assert html == "1 seat; 2 CLPs&#x27;"
