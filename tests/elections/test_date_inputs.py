"""Every date and date-and-time input is written in the only format browsers' pickers accept."""

import datetime as dt
import importlib
import inspect
import re

import pytest
from django import forms

from elections.widgets import DateInput, DateTimeInput

FORM_MODULES = ["elections.forms", "ballots.nominations.forms", "ballots.results.forms"]


def project_forms():
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for _n, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name:
                yield cls


def test_the_search_finds_the_forms_that_have_dates():
    names = {cls.__name__ for cls in project_forms()}
    assert {"SectionSettingsForm", "LockStatementsForm", "NominationSetForm"} <= names


@pytest.mark.parametrize("form_class", list(project_forms()), ids=lambda c: c.__name__)
def test_every_date_field_uses_an_iso_widget(form_class):
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.DateTimeField):
            assert isinstance(field.widget, DateTimeInput), f"{form_class.__name__}.{name}"
        elif isinstance(field, forms.DateField):
            assert isinstance(field.widget, DateInput), f"{form_class.__name__}.{name}"


def test_a_saved_date_is_written_as_the_browser_reads_it(settings):
    class Form(forms.Form):
        day = forms.DateField(widget=DateInput)
        at = forms.DateTimeField(widget=DateTimeInput)

    html = str(Form(initial={"day": dt.date(2026, 11, 30), "at": dt.datetime(2026, 11, 30, 9, 5)}))
    assert re.search(r'type="date"[^>]*value="2026-11-30"', html)
    assert re.search(r'type="datetime-local"[^>]*value="2026-11-30T09:05"', html)
    bound = Form({"day": "2026-11-30", "at": "2026-11-30T09:05"})
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["day"] == dt.date(2026, 11, 30)
