from django import forms

from elections.models import Section
from elections.services import SECTION_SETTINGS


class SectionSettingsForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = SECTION_SETTINGS
        widgets = {
            "freeze_date": forms.DateInput(attrs={"type": "date"}),
            "nomination_opens": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "nomination_closes": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ballot_opens": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ballot_closes": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }
