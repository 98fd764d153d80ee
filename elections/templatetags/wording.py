from django import template

from elections import wording

register = template.Library()


@register.filter
def quantity(n, nouns: str):
    """``{{ section.seats|quantity:"seat" }}`` -> "1 seat" / "9 seats";
    ``{{ n|quantity:"CLP's,CLPs'" }}`` gives both forms when the plural is not regular."""
    singular, _, plural = nouns.partition(",")
    try:
        number = int(n)
    except (TypeError, ValueError):
        return n
    return wording.quantity(number, singular, plural or None)
