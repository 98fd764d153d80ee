"""Forms check shape only (types, required fields); the rules are checked by the services."""

from __future__ import annotations

import base64
import binascii

from django import forms

from ballots.nominations.models import Affiliate, MeetingMethod, NominationRules
from ballots.nominations.services import RULE_FIELDS
from elections.bounds import WholeNumberFormField
from elections.widgets import DateInput, DateTimeInput


class NominationSetForm(forms.Form):
    candidates = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, required=False, label="Candidates the CLP nominates"
    )
    meeting_date = forms.DateField(required=False, widget=DateInput, label="Date of the nominating meeting")
    method = forms.ChoiceField(
        choices=[("", "Choose…"), *MeetingMethod.choices], required=False, label="How the meeting decided"
    )
    reason = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Reason for the correction",
        help_text="Needed only when you change nominations already recorded.",
    )  # fmt: skip
    version = WholeNumberFormField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidate_list = list(candidates)
        self.fields["candidates"].choices = [
            (str(c.pk), f"{c.display_name} ({c.home_clp.name})") for c in self.candidate_list
        ]
        for c in self.candidate_list:
            self.fields[f"votes_{c.pk}"] = WholeNumberFormField(
                required=False, label=f"Votes for {c.display_name} at the meeting (optional)"
            )

    def vote_fields(self):
        """(candidate, checkbox value, votes bound field) for the template, in list order."""
        return [(c, str(c.pk), self[f"votes_{c.pk}"]) for c in self.candidate_list]

    def candidate_ids(self) -> list[int]:
        return [int(v) for v in self.cleaned_data["candidates"]]

    def votes(self) -> dict[int, int]:
        chosen = set(self.candidate_ids())
        return {
            c.pk: self.cleaned_data[f"votes_{c.pk}"]
            for c in self.candidate_list
            if self.cleaned_data.get(f"votes_{c.pk}") is not None and c.pk in chosen
        }


class WithdrawForm(forms.Form):
    candidates = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, required=False, label="Nominations to withdraw"
    )
    reason = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Reason for the withdrawal"
    )
    version = WholeNumberFormField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, current=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].choices = [(str(n.candidate_id), n.candidate.display_name) for n in current]


class NominationRulesForm(forms.ModelForm):
    """The section's nomination rules, its window included. Once CLPs have nominated, a change needs
    a reason and the confirmation (the service says so if they are missing)."""

    nomination_opens = forms.DateTimeField(label="Nominations open (UK time)", widget=DateTimeInput)
    nomination_closes = forms.DateTimeField(label="Nominations close (UK time)", widget=DateTimeInput)
    reason = forms.CharField(
        label="Reason for the change", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed once any CLP has nominated; shown on the trail and the tracker.",
    )  # fmt: skip
    confirm = forms.BooleanField(label="I confirm this change to the rules after CLPs have nominated", required=False)

    class Meta:
        model = NominationRules
        fields = RULE_FIELDS

    def __init__(self, *args, section, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("nomination_opens", section.nomination_opens)
        self.initial.setdefault("nomination_closes", section.nomination_closes)


class ImportForm(forms.Form):
    file = forms.FileField(
        required=False, label="CSV file", help_text="Columns: clp, candidate, date, method (and optionally votes)."
    )
    reason = forms.CharField(
        required=False, max_length=500, label="Reason (recorded for any CLP whose nominations this changes)",
        initial="Imported from the CLP nominations export",
    )  # fmt: skip
    checked = forms.CharField(
        required=False, widget=forms.HiddenInput
    )  # the dry-run file, base64, to import as checked

    def clean(self):
        data = super().clean()
        if data.get("file"):
            data["content"] = data["file"].read()
        elif data.get("checked"):
            try:
                data["content"] = base64.b64decode(data["checked"], validate=True)
            except (binascii.Error, ValueError):
                raise forms.ValidationError("The checked file was damaged in transit: upload it again.") from None
        else:
            raise forms.ValidationError("Choose a CSV file to upload.")
        return data


class AffiliateNominationForm(forms.Form):
    affiliate = forms.ModelChoiceField(queryset=Affiliate.objects.all(), label="Affiliate")
    candidate = forms.ModelChoiceField(queryset=None, label="Candidate it nominates")

    def __init__(self, *args, section, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = section.candidates.order_by("display_name")
