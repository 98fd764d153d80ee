"""Date and time inputs that a browser's own date picker can read.

``<input type="date">`` accepts only ``YYYY-MM-DD`` and ``type="datetime-local"`` only
``YYYY-MM-DDTHH:MM``; any other value is silently discarded. Django writes a value in the active
locale's first input format (``30/11/2026`` in en-GB), so a form showing a saved date came back
with the field empty and failed with "This field is required". Every date or date-and-time
field on the platform's pages uses these two widgets (a test checks every form).
"""

from __future__ import annotations

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=ISO_DATE)


class DateTimeInput(forms.DateTimeInput):
    """Local time (the platform's time zone) to the minute; the field parses it back as such."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=ISO_DATETIME_LOCAL)
