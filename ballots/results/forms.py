"""Forms check shape only; the rules are in services."""

from __future__ import annotations

from django import forms

from ballots.counting import methods as engine_methods
from ballots.results.models import BallotSet
from elections.bounds import SEATS_MAX, WholeNumberFormField


def load_on_server_hint(section_id) -> str:
    """What to do with a ballot file over the web limit (elections.uploads refuses it)."""
    return f"Load larger files on the server with: python manage.py load_ballots {section_id} FILE --user YOUR_USERNAME"


class UploadForm(forms.Form):
    file = forms.FileField(label="Ballot file (BLT, or CSV of rankings)")
    mapping = forms.ChoiceField(
        label="Match the file's candidates",
        choices=BallotSet.Mapping.choices,
        initial=BallotSet.Mapping.BY_NAME,
        widget=forms.RadioSelect,
    )
    electorate = WholeNumberFormField(
        label="Electorate (optional)",
        required=False,
        min_value=1,
        help_text="Members eligible to vote; used for turnout.",
    )


def method_choices() -> list[tuple[str, str]]:
    return engine_methods.choices()


class CountForm(forms.Form):
    method = forms.ChoiceField(label="Counting method")
    seats = WholeNumberFormField(label="Seats", min_value=1, max_value=SEATS_MAX)
    min_women = WholeNumberFormField(label="Minimum number of women", max_value=SEATS_MAX)
    seed = WholeNumberFormField(
        label="Seed for ties decided by lot", initial=0,
        help_text="Printed on the result sheet; the same seed always gives the same result.",
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = method_choices()


class SeedForm(forms.Form):
    seed = WholeNumberFormField(label="Seed for ties decided by lot", required=False, initial=0)


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
    method = forms.ChoiceField(label="Method", choices=engine_methods.totals_choices)
    scrutineer = forms.CharField(label="Scrutineer", required=False, max_length=120)
    electorate = WholeNumberFormField(label="Electorate")
    ballots_issued = WholeNumberFormField(label="Ballots issued")
    ballots_returned = WholeNumberFormField(label="Ballots returned")
    ballots_spoilt = WholeNumberFormField(label="Spoilt or invalid")
    ballots_valid = WholeNumberFormField(label="Valid")

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        for c in self.candidates:
            self.fields[f"votes_{c.pk}"] = WholeNumberFormField(label=f"Votes for {c.display_name}")

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


class VerifyFileForm(forms.Form):
    file = forms.FileField(
        label="A file to check",
        help_text="The ballot file or the result sheet (JSON) you have: its SHA-256 is compared with the published ones.",
    )
