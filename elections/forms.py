from django import forms

from elections.bounds import MomentFormField
from elections.models import Section
from elections.services import SECTION_SETTINGS
from elections.widgets import DateInput, DateTimeInput


class SectionSettingsForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = SECTION_SETTINGS
        widgets = {
            "freeze_date": DateInput,
            "ballot_opens": DateTimeInput,
            "ballot_closes": DateTimeInput,
        }


class StatementForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 18}), strip=False, required=False)
    confirm_contact_details = forms.BooleanField(
        required=False,
        label="I have checked these details and I mean to publish them",
    )


class HideStatementForm(forms.Form):
    reason = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Members will read: “Statement withdrawn by the returning officer: <your reason>”.",
    )


class LockStatementsForm(forms.Form):
    at = MomentFormField(
        required=False,
        label="Lock at",
        help_text="UK time. Leave empty to lock now.",
        widget=DateTimeInput,
    )


class CandidateProfileForm(forms.Form):
    photo = forms.FileField(required=False, help_text="JPEG, PNG or WebP, at most 2 MB.")
    remove_photo = forms.BooleanField(required=False, label="Remove my photo")
    show_gender = forms.BooleanField(
        required=False,
        label="Show my gender on my candidate page",
        help_text="Your gender is used for the section's gender-balance rules whether or not it is shown.",
    )
