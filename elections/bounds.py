"""Bounds on every whole number a request carries, before anything uses it.

A number beyond the database's range reaches a query (``pk__in``) or a save and fails there as a
500 (SQLite: OverflowError; PostgreSQL: DataError). Every number from a request goes through one
of these fields instead, so it is refused as a 400 naming the field, whatever the view. The same
limits are listed in docs/operations.md.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination

# PostgreSQL's ``integer`` (Django's IntegerField and PositiveIntegerField): counts of people,
# ballots and votes, version numbers, revision numbers.
INT_MAX = 2_147_483_647
# PostgreSQL's ``bigint`` (the BigAutoField primary keys): ids of anything.
ID_MAX = 9_223_372_036_854_775_807
# Seats and minimums are PositiveSmallIntegerField; no NEC section has more than this many seats.
SEATS_MAX = 100

ID_KEY_MESSAGE = _("Keys must be ids: whole numbers from 1 to {maximum}.")


class WholeNumberField(serializers.IntegerField):
    """A count (votes, ballots, a version): 0 to ``INT_MAX`` unless told otherwise."""

    def __init__(self, *, min_value: int = 0, max_value: int = INT_MAX, **kwargs) -> None:
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)


class IdField(serializers.IntegerField):
    """The id of a row: 1 to ``ID_MAX``."""

    def __init__(self, **kwargs) -> None:
        super().__init__(min_value=1, max_value=ID_MAX, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": ID_MAX})
class RowId(serializers.PrimaryKeyRelatedField):
    """``PrimaryKeyRelatedField`` with the id bounded before the lookup (and in the schema)."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        number = data if isinstance(data, int) else parse_whole_number(data, ID_MAX)
        if number is None or not 1 <= number <= ID_MAX:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(number)


class CountsById(serializers.DictField):
    """``{"<id>": count}``, e.g. votes per candidate: keys are ids, values whole numbers."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("child", WholeNumberField())
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        counts = super().to_internal_value(data)
        out = {}
        for key, value in counts.items():
            number = parse_whole_number(str(key), ID_MAX)
            if number is None or number < 1:
                raise serializers.ValidationError(str(ID_KEY_MESSAGE).format(maximum=ID_MAX))
            out[number] = value
        return out


def parse_whole_number(text: str, maximum: int = INT_MAX) -> int | None:
    """``text`` as a whole number from 0 to ``maximum``, or None (for files and query strings).

    ASCII digits only: ``str.isdigit`` also accepts "²", which ``int`` then refuses.
    """
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(maximum)):
        return None
    number = int(text)
    return number if number <= maximum else None


# Dates and times a request may name: within this platform's working life. (A lock "at" the
# year 181 was stored, and printed with London's 1847 offset of -00:01:15, which no client reads.)
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
MOMENT_MESSAGE = _("Give a date and time from 2000 to 2099.")


def _check_moment(value):
    if value is not None and not EARLIEST <= value < LATEST:
        raise ValidationError(str(MOMENT_MESSAGE))
    return value


class MomentField(serializers.DateTimeField):
    def to_internal_value(self, value):
        try:
            return _check_moment(super().to_internal_value(value))
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None


class MomentFormField(forms.DateTimeField):
    def clean(self, value):
        return _check_moment(super().clean(value))


class WholeNumberFormField(forms.IntegerField):
    """The form twin of ``WholeNumberField``: 0 to ``INT_MAX`` unless told otherwise."""

    def __init__(self, *, min_value: int = 0, max_value: int = INT_MAX, **kwargs) -> None:
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)


class IdFormField(forms.IntegerField):
    def __init__(self, **kwargs) -> None:
        super().__init__(min_value=1, max_value=ID_MAX, **kwargs)


class Pages(PageNumberPagination):
    """The API's pagination (``DEFAULT_PAGINATION_CLASS``), its page number bounded in the schema
    as in fact: a page past the last, or not a number, is a 404."""

    def get_page_number(self, request, paginator):
        if request.query_params.get(self.page_query_param) == "":  # "?page=" names no page (it was page 1)
            raise NotFound("Invalid page.")
        return super().get_page_number(request, paginator)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1, maximum=INT_MAX)
        return parameters
