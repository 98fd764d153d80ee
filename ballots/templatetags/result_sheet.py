"""Presentation of figures on result sheets: every number with thousands separators, written
from the exact decimal text the engine stored (never through a float)."""

import re

from django import template

from elections.models import CountingMethod

register = template.Library()

_NUMBER = re.compile(r"^([+\-−]?)(\d+)((?:\.\d+)?)$")


@register.filter
def thousands(value):
    """'20000.00' -> '20,000.00', '+1234' -> '+1,234', 12954 -> '12,954'; anything else unchanged."""
    if value is None or value == "":
        return value
    match = _NUMBER.match(str(value).strip())
    if not match:
        return value
    sign, whole, fraction = match.groups()
    return f"{sign}{int(whole):,}{fraction}"


@register.filter
def method_label(code: str) -> str:
    """'ers97' -> 'STV (ERS97 rules)'."""
    try:
        return CountingMethod(code).label
    except ValueError:
        return code
