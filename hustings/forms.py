"""The chair's settings form: shapes and bounds only; the rules are in hustings.services."""

from __future__ import annotations

from django import forms

from hustings.models import Hustings


class SettingsForm(forms.Form):
    answer_seconds = forms.IntegerField(
        label="Seconds per answer", min_value=10, max_value=1800, help_text="The same for every candidate."
    )
    candidate_order = forms.ChoiceField(
        label="Order of candidates", choices=Hustings.CandidateOrder.choices, widget=forms.RadioSelect
    )
    video_url = forms.CharField(
        label="Live video stream (optional)",
        max_length=500,
        required=False,
        help_text="Paste the YouTube or Vimeo address of the stream, or an embed address from an allowed host.",
    )

    @classmethod
    def of(cls, hustings: Hustings, data=None) -> SettingsForm:
        initial = {f: getattr(hustings, f) for f in ("answer_seconds", "candidate_order", "video_url")}
        return cls(data, initial=initial)
