"""CLP nominations: each section's nomination rules, each CLP's set, and an append-only trail.

A CLP's nominations for a section hang off one ``NominationSet`` row, which is locked while the
set changes so two officers submitting at once cannot together break the rules. ``Nomination``
rows are never deleted or edited in place: a correction or withdrawal ends the old row (status
superseded or withdrawn) and the ``NominationChange`` that did it says who, when and why.
"""

from __future__ import annotations

import math
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from elections.models import CLP, Candidate, Section

__all__ = [
    "Affiliate",
    "AffiliateNomination",
    "MeetingMethod",
    "Nomination",
    "NominationChange",
    "NominationRules",
    "NominationRulesChange",
    "NominationSet",
    "ThresholdKind",
]


class ThresholdKind(models.TextChoices):
    CLPS = "clps", "A number of CLPs"
    PERCENT_OF_CLPS = "percent_of_clps", "A percentage of all CLPs (rounded up)"
    AFFILIATES = "affiliates", "A number of affiliates"


class MeetingMethod(models.TextChoices):
    FPTP = "fptp", "First past the post"
    STV = "stv", "Single transferable vote"
    MULTI_VOTE = "multi_vote", "Multi-vote ballot"
    UNCONTESTED = "uncontested", "Uncontested"


class NominationRules(models.Model):
    """A section's nomination rules. Created on demand with the defaults from the domain notes."""

    section = models.OneToOneField(Section, on_delete=models.CASCADE, related_name="nomination_rules")
    max_per_clp = models.PositiveSmallIntegerField(
        "most candidates one CLP may nominate", null=True, blank=True, validators=[MinValueValidator(1)],
        help_text="Most candidates one CLP may nominate. Blank: the number of seats.",
    )  # fmt: skip
    min_women_per_clp = models.PositiveSmallIntegerField(
        "minimum women among a CLP's nominees",
        default=0,
        help_text="Minimum women among a CLP's nominees when it nominates more than one. 0: no rule.",
    )
    threshold_kind = models.CharField(
        "how the ballot threshold is measured", max_length=20, choices=ThresholdKind.choices, default=ThresholdKind.CLPS
    )
    threshold_value = models.DecimalField(
        "threshold to reach the ballot", max_digits=6, decimal_places=2, default=Decimal("5"), validators=[MinValueValidator(Decimal("0.01"))],
        help_text="CLPs, percent of all CLPs, or affiliates needed to reach the ballot.",
    )  # fmt: skip
    eligibility_months = models.PositiveSmallIntegerField(
        "months of membership a candidate needs", default=12, validators=[MaxValueValidator(240)],
        help_text="Months of continuous membership a candidate needs at the close. 0: no check.",
    )  # fmt: skip

    class Meta:
        verbose_name = "nomination rules"
        verbose_name_plural = "nomination rules"
        constraints = [
            models.CheckConstraint(condition=Q(threshold_value__gt=0), name="nomination_threshold_positive"),
            models.CheckConstraint(
                condition=Q(max_per_clp__isnull=True) | Q(max_per_clp__gte=1), name="nomination_max_per_clp_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"Nomination rules for {self.section}"

    @property
    def effective_max_per_clp(self) -> int:
        return self.max_per_clp or self.section.seats

    def clean(self) -> None:
        errors = {}
        value = self.threshold_value
        if value is not None and self.threshold_kind != ThresholdKind.PERCENT_OF_CLPS and value != int(value):
            errors["threshold_value"] = "A number of CLPs or affiliates must be a whole number."
        if value is not None and self.threshold_kind == ThresholdKind.PERCENT_OF_CLPS and value > 100:
            errors["threshold_value"] = "A percentage cannot be more than 100."
        limit = self.max_per_clp or (self.section.seats if self.section_id else None)
        if limit is not None and self.min_women_per_clp > limit:
            errors["min_women_per_clp"] = (
                f"The minimum women per CLP ({self.min_women_per_clp}) cannot exceed the most a CLP may nominate ({limit})."
            )
        if errors:
            raise ValidationError(errors)

    def needed(self, total_clps: int) -> int:
        """Nominations a candidate needs, in the unit of ``threshold_kind`` (fractions rounded up)."""
        if self.threshold_kind == ThresholdKind.PERCENT_OF_CLPS:
            return math.ceil(Decimal(total_clps) * self.threshold_value / 100)
        return int(self.threshold_value)


class NominationSet(models.Model):
    """One CLP's nominations for one section: the row locked while they change."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="nomination_sets")
    clp = models.ForeignKey(CLP, on_delete=models.PROTECT, related_name="nomination_sets", verbose_name="CLP")
    version = models.PositiveIntegerField(
        default=0, help_text="Counts changes; a form carries it to spot edits made meanwhile."
    )

    class Meta:
        ordering = ["section", "clp__name"]
        constraints = [models.UniqueConstraint(fields=["section", "clp"], name="one_nomination_set_per_clp_section")]

    def __str__(self) -> str:
        return f"{self.clp} in {self.section}"


class NominationChange(models.Model):
    """One recorded change to a CLP's set: who made it, when, how, and why."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        CORRECTED = "corrected", "Corrected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Source(models.TextChoices):
        PAGE = "page", "Nominations page"
        API = "api", "API"
        CSV = "csv", "CSV import"
        DEMO = "demo", "Demo data"
        BALLOT = "ballot", "Members' online ballot"

    nomination_set = models.ForeignKey(NominationSet, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=12, choices=Action.choices)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.PAGE)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    made_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-made_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} for {self.nomination_set} at {self.made_at:%Y-%m-%d %H:%M}"


class Nomination(models.Model):
    """A CLP's nomination of one candidate. Append-only: ended by a later change, never edited."""

    class Status(models.TextChoices):
        CURRENT = "current", "Current"
        SUPERSEDED = "superseded", "Superseded by a correction"
        WITHDRAWN = "withdrawn", "Withdrawn"

    nomination_set = models.ForeignKey(NominationSet, on_delete=models.CASCADE, related_name="nominations")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="nominations")
    clp = models.ForeignKey(CLP, on_delete=models.PROTECT, related_name="nominations", verbose_name="CLP")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="nominations")
    meeting_date = models.DateField("date of the nominating meeting")
    method = models.CharField("how the meeting decided", max_length=12, choices=MeetingMethod.choices)
    votes = models.PositiveIntegerField(
        "votes at the meeting", null=True, blank=True, help_text="Votes for this candidate at the meeting, if given."
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.CURRENT)
    eligibility_checked = models.BooleanField(
        "membership checked",
        default=True,
        help_text="False when no membership record allowed the eligibility check: staff should verify.",
    )
    added_by = models.ForeignKey(NominationChange, on_delete=models.PROTECT, related_name="added")
    ended_by = models.ForeignKey(
        NominationChange, null=True, blank=True, on_delete=models.PROTECT, related_name="ended"
    )

    class Meta:
        ordering = ["clp__name", "candidate__display_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["clp", "section", "candidate"],
                condition=Q(status="current"),
                name="one_current_nomination_per_clp_candidate",
            ),
            models.CheckConstraint(
                condition=Q(status="current", ended_by__isnull=True)
                | (~Q(status="current") & Q(ended_by__isnull=False)),
                name="nomination_ended_iff_not_current",
            ),
        ]
        indexes = [models.Index(fields=["section", "status"], name="nomination_section_status")]

    def __str__(self) -> str:
        return f"{self.clp} nominates {self.candidate} ({self.get_status_display()})"


class Affiliate(models.Model):
    """An affiliated organisation (trade union or socialist society) that may nominate."""

    class Kind(models.TextChoices):
        TRADE_UNION = "trade_union", "Trade union"
        SOCIALIST_SOCIETY = "socialist_society", "Socialist society"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=140, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AffiliateNomination(models.Model):
    """An affiliate's nomination of a candidate, recorded by staff (counts for the affiliates threshold)."""

    affiliate = models.ForeignKey(Affiliate, on_delete=models.PROTECT, related_name="nominations")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="affiliate_nominations")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["candidate", "affiliate"]
        constraints = [
            models.UniqueConstraint(fields=["affiliate", "candidate"], name="one_affiliate_nomination_per_candidate")
        ]

    def __str__(self) -> str:
        return f"{self.affiliate} nominates {self.candidate}"


class NominationRulesChange(models.Model):
    """One change to a section's nomination rules (its window, limits, women minimum, threshold or
    eligibility): who, when, what it was and became, and why. Once a CLP has nominated, a change
    needs the returning officer's confirmation and a reason; the trail and the tracker show it."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="nomination_rule_changes")
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    made_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)
    # {rule: [before, after]}, as text in the words the rules page uses.
    changes = models.JSONField()
    clps_nominated = models.PositiveIntegerField(help_text="CLPs that had nominated when the rules changed.")

    class Meta:
        ordering = ["-made_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(clps_nominated=0) | ~Q(reason=""), name="rules_change_after_nominations_has_a_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"Rules changed for {self.section} at {self.made_at:%Y-%m-%d %H:%M}"
