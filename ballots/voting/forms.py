"""Forms check shape only (types, required fields, bounds); the services check the rules.

The ballot paper itself is not a Django form: its fields depend on the ballot and are read by
``ballots.voting.choices``.
"""

from __future__ import annotations

from django import forms

from ballots.voting.models import ElectorateRules, OnlineBallot
from elections.models import CountingMethod, Region

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


def _when(label: str, help_text: str = "", required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, required=required, help_text=help_text, input_formats=[LOCAL_INPUT],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
    )  # fmt: skip


class ClpBallotForm(forms.Form):
    places = forms.IntegerField(
        min_value=1, max_value=99, label="How many candidates will the CLP nominate?",
        help_text="The ballot fills this many places; the nomination rules above set the most.",
    )  # fmt: skip
    method = forms.ChoiceField(
        choices=CountingMethod.choices, initial=CountingMethod.ERS97, label="How the votes are counted"
    )
    mode = forms.ChoiceField(
        choices=OnlineBallot.Mode.choices, initial=OnlineBallot.Mode.ONLINE, widget=forms.RadioSelect,
        label="How members vote",
    )  # fmt: skip
    candidate_order = forms.ChoiceField(
        choices=OnlineBallot.Order.choices, initial=OnlineBallot.Order.ALPHABETICAL, widget=forms.RadioSelect,
        label="Order of the candidates on the ballot",
    )  # fmt: skip
    opens_at = _when("Opens at", "Leave blank to open the ballot as soon as you confirm.", required=False)
    closes_at = _when("Closes at", "Votes are refused from this time, to the second.")
    candidates = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, label="Candidates on the ballot")

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].choices = [(str(c.pk), c.display_name) for c in candidates]

    def service_args(self) -> dict:
        data = dict(self.cleaned_data)
        data["candidate_ids"] = [int(v) for v in data.pop("candidates")]
        return data


class SectionBallotForm(forms.Form):
    candidate_order = forms.ChoiceField(
        choices=OnlineBallot.Order.choices, initial=OnlineBallot.Order.ROTATED, widget=forms.RadioSelect,
        label="Order of the candidates on the ballot",
    )  # fmt: skip

    def service_args(self) -> dict:
        return dict(self.cleaned_data)


class ElectorateRulesForm(forms.ModelForm):
    class Meta:
        model = ElectorateRules
        fields = ["group", "region", "age_under", "on_date"]
        widgets = {"on_date": forms.DateInput(attrs={"type": "date"}), "group": forms.RadioSelect}
        labels = {
            "group": "Which members can vote",
            "region": "Region",
            "age_under": "Young members are younger than",
            "on_date": "Age and self-identification are taken on",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "Every region"), *Region.choices]
        self.fields["age_under"].widget.attrs.update(min=14, max=120)


class MemberForm(forms.Form):
    membership_number = forms.CharField(max_length=20, label="Membership number")


class AddVoterForm(MemberForm):
    reason = forms.CharField(
        max_length=1000, widget=forms.Textarea(attrs={"rows": 2}), label="Reason for adding them",
        help_text="For example: restored to good standing on 3 July. It is kept in the log.",
    )  # fmt: skip


class ReceiptForm(forms.Form):
    code = forms.CharField(
        max_length=64, label="Your receipt code", help_text="20 letters and digits, as XXXX-XXXX-XXXX-XXXX-XXXX."
    )


class BoothCodeForm(forms.Form):
    code = forms.CharField(
        max_length=64,
        label="Your voting code",
        help_text="The secretary or chair gave it to you: 20 letters and digits.",
    )


class RecordForm(forms.Form):
    reason = forms.CharField(
        required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}), label="Reason",
        help_text="Needed only if the CLP already has nominations recorded: this ballot's result then corrects them.",
    )  # fmt: skip
