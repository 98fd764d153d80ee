"""Forms check shape only; the rules are in services."""

from __future__ import annotations

from django import forms

from ballots.counting import methods as engine_methods
from ballots.results.models import BallotSet
from elections.models import CountingMethod


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def too_big_message(size: int, limit: int, section_id: int) -> str:
    return (
        f"This file is {_megabytes(size)}; the web page accepts ballot files up to {_megabytes(limit)}. "
        f"Load larger files on the server with: python manage.py load_ballots {section_id} FILE --user YOUR_USERNAME"
    )


class UploadForm(forms.Form):
    file = forms.FileField(label="Ballot file (BLT, or CSV of rankings)")
    mapping = forms.ChoiceField(
        label="Match the file's candidates",
        choices=BallotSet.Mapping.choices,
        initial=BallotSet.Mapping.BY_NAME,
        widget=forms.RadioSelect,
    )
    electorate = forms.IntegerField(
        label="Electorate (optional)",
        required=False,
        min_value=1,
        help_text="Members eligible to vote; used for turnout.",
    )


def method_choices() -> list[tuple[str, str]]:
    available = set(engine_methods.method_names())
    return [(value, label) for value, label in CountingMethod.choices if value in available]


class CountForm(forms.Form):
    method = forms.ChoiceField(label="Counting method")
    seats = forms.IntegerField(label="Seats", min_value=1, max_value=100)
    min_women = forms.IntegerField(label="Minimum number of women", min_value=0, max_value=100)
    seed = forms.IntegerField(
        label="Seed for ties decided by lot", min_value=0, max_value=2**31 - 1, initial=0,
        help_text="Printed on the result sheet; the same seed always gives the same result.",
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = method_choices()


SEED_FIELD = {"min_value": 0, "max_value": 2**31 - 1}


class TallyForm(forms.Form):
    seed = forms.IntegerField(label="Seed for ties decided by lot", initial=0, **SEED_FIELD)


class DeclareForm(forms.Form):
    """The second step of declaring: the result's SHA-256 as shown on the confirmation page."""

    confirm = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Reason for replacing the declared result", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class DiscardForm(forms.Form):
    reason = forms.CharField(
        label="Reason for discarding the loaded ballots", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}), help_text="Kept in the audit log, and shown with the discarded ballots.",
    )  # fmt: skip
    confirm = forms.BooleanField(label="Yes: discard every ballot set and return listed above", required=False)


class RecountForm(CountForm):
    reason = forms.CharField(label="Reason for the recount", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ReturnForm(forms.Form):
    method = forms.ChoiceField(label="Method", choices=[("fptp", "First past the post"), ("block", "Block vote")])
    scrutineer = forms.CharField(label="Scrutineer", required=False, max_length=120)
    electorate = forms.IntegerField(label="Electorate", min_value=0)
    ballots_issued = forms.IntegerField(label="Ballots issued", min_value=0)
    ballots_returned = forms.IntegerField(label="Ballots returned", min_value=0)
    ballots_spoilt = forms.IntegerField(label="Spoilt or invalid", min_value=0)
    ballots_valid = forms.IntegerField(label="Valid", min_value=0)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        for c in self.candidates:
            self.fields[f"votes_{c.pk}"] = forms.IntegerField(label=f"Votes for {c.display_name}", min_value=0)

    def votes(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"votes_{c.pk}"] for c in self.candidates}

    def figures(self) -> dict:
        keys = (
            "method",
            "scrutineer",
            "electorate",
            "ballots_issued",
            "ballots_returned",
            "ballots_spoilt",
            "ballots_valid",
        )
        return {k: self.cleaned_data[k] for k in keys}
