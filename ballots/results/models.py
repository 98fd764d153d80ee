"""Results: ballot sets, scrutineers' returns, counts, declarations and the audit log.

Writes go through ``ballots.results.services``; nothing here is edited after it is stored
except a count's progress while it runs and the declaration stamp.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

__all__ = ["AuditEntry", "BallotReturn", "BallotSet", "Count"]

STALLED_AFTER = timedelta(minutes=10)  # a million ballots count in seconds


class BallotSet(models.Model):
    """An election's ballots as loaded from a file: immutable once stored."""

    class Format(models.TextChoices):
        BLT = "blt", "BLT"
        CSV = "csv", "CSV of rankings"

    class Mapping(models.TextChoices):
        BY_NAME = "name", "By name (file names match the section's candidates)"
        BY_POSITION = "position", "By position (file candidate 1, 2, ... = section candidates in alphabetical order)"

    section = models.ForeignKey("elections.Section", on_delete=models.PROTECT, related_name="ballot_sets")
    file = models.FileField(upload_to="ballot-sets/", max_length=200)
    original_name = models.CharField("file name", max_length=200)
    format = models.CharField(max_length=3, choices=Format.choices, default=Format.BLT)
    sha256 = models.CharField("SHA-256", max_length=64)
    size_bytes = models.PositiveBigIntegerField("size in bytes")
    title = models.CharField(max_length=200, blank=True)
    seats_in_file = models.PositiveSmallIntegerField()
    ballots_total = models.PositiveIntegerField("ballots")
    ballots_valid = models.PositiveIntegerField()
    ballots_invalid = models.PositiveIntegerField("invalid ballots", default=0)
    distinct_rankings = models.PositiveIntegerField()
    mapping = models.CharField(max_length=10, choices=Mapping.choices, default=Mapping.BY_NAME)
    # [[name in the file, candidate id, display name], ...] in the file's order.
    candidate_map = models.JSONField("candidates in the file")
    electorate = models.PositiveIntegerField(null=True, blank=True)
    report = models.JSONField("validation report", default=dict, blank=True)
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-loaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["section", "sha256"], name="ballot_set_unique_file_per_section"),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.ballots_total:,} ballots, {self.sha256[:12]})"

    def get_absolute_url(self) -> str:
        return reverse("results:ballot_set", args=[self.pk])


class BallotReturn(models.Model):
    """A scrutineer's totals for a first-past-the-post or block-vote ballot."""

    section = models.ForeignKey("elections.Section", on_delete=models.PROTECT, related_name="ballot_returns")
    method = models.CharField(max_length=10, choices=[("fptp", "First past the post"), ("block", "Block vote")])
    electorate = models.PositiveIntegerField()
    ballots_issued = models.PositiveIntegerField()
    ballots_returned = models.PositiveIntegerField()
    ballots_spoilt = models.PositiveIntegerField("spoilt or invalid ballots")
    ballots_valid = models.PositiveIntegerField()
    # [[candidate id, display name, votes], ...] in the section's candidate order.
    votes = models.JSONField()
    scrutineer = models.CharField(max_length=120, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ballots_returned=models.F("ballots_spoilt") + models.F("ballots_valid")),
                name="return_returned_is_spoilt_plus_valid",
            ),
            models.CheckConstraint(
                condition=Q(ballots_returned__lte=models.F("ballots_issued")), name="return_within_issued"
            ),
            models.CheckConstraint(
                condition=Q(ballots_issued__lte=models.F("electorate")), name="return_issued_within_electorate"
            ),
        ]

    def __str__(self) -> str:
        return f"Return for {self.section} ({self.ballots_valid:,} valid)"

    def get_absolute_url(self) -> str:
        return reverse("results:return", args=[self.pk])

    def clean(self) -> None:
        from ballots.results.arithmetic import return_errors

        errors = return_errors(self)
        if errors:
            raise ValidationError(errors)


class Count(models.Model):
    """One run of the engine on a ballot set (or a tally of a return), with everything it used."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    section = models.ForeignKey("elections.Section", on_delete=models.PROTECT, related_name="counts")
    ballot_set = models.ForeignKey(BallotSet, null=True, blank=True, on_delete=models.PROTECT, related_name="counts")
    ballot_return = models.ForeignKey(
        BallotReturn, null=True, blank=True, on_delete=models.PROTECT, related_name="counts"
    )
    input_sha256 = models.CharField("ballot file SHA-256", max_length=64)
    method = models.CharField(max_length=10)
    seats = models.PositiveSmallIntegerField()
    min_women = models.PositiveSmallIntegerField("minimum number of women", default=0)
    women = models.JSONField(
        "candidates counted as women", default=list, blank=True
    )  # candidate names counted as women, sorted
    withdrawn = models.JSONField(
        "withdrawn candidates", default=list, blank=True
    )  # names withdrawn on the platform, sorted
    seed = models.PositiveIntegerField("seed for ties decided by lot", default=0)
    engine_version = models.CharField(max_length=20, blank=True)
    recount_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="recounts")
    reason = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField("progress (%)", default=0)
    progress_text = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    # The result exactly as written (canonical JSON text), so downloads are byte for byte.
    result_json = models.TextField("result (JSON)", blank=True)
    result_sha256 = models.CharField("result SHA-256", max_length=64, blank=True)
    elected = models.JSONField(default=list, blank=True)
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["section"], condition=Q(declared_at__isnull=False), name="one_declared_count_per_section"
            ),
            models.CheckConstraint(
                condition=Q(ballot_set__isnull=False, ballot_return__isnull=True)
                | Q(ballot_set__isnull=True, ballot_return__isnull=False),
                name="count_has_one_source",
            ),
        ]

    def __str__(self) -> str:
        return f"Count {self.pk} of {self.section} ({self.method})"

    def get_absolute_url(self) -> str:
        return reverse("results:count", args=[self.pk])

    @property
    def is_declared(self) -> bool:
        return self.declared_at is not None

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def looks_stalled(self) -> bool:
        """Still unfinished long after it was asked for: the server probably stopped mid-count."""
        return not self.is_finished and timezone.now() - self.created_at > STALLED_AFTER

    def clean(self) -> None:
        if self.recount_of_id and not self.reason.strip():
            raise ValidationError({"reason": "A recount needs a reason: say why it is being run."})


class AuditQuerySet(models.QuerySet):
    """The audit log is append-only: bulk changes are refused as well as single ones."""

    def update(self, **kwargs):
        raise PermissionError("The audit log cannot be changed.")

    def delete(self):
        raise PermissionError("Entries in the audit log cannot be deleted.")


class AuditEntry(models.Model):
    """Who did what, when, to which object: written by ``audit_record`` and never changed."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="who"
    )
    at = models.DateTimeField("when", default=timezone.now, db_index=True)
    action = models.CharField(max_length=40, db_index=True)
    section = models.ForeignKey("elections.Section", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action} {self.object_type} {self.object_id or ''}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The audit log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Entries in the audit log cannot be deleted.")
