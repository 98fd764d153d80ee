"""Results: ballot sets, scrutineers' returns, counts and declarations (the audit log they write
to is ``elections.models.AuditEntry``, shared by every app).

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

from ballots.counting import methods as engine_methods
from elections.models import ZeroVotePlaces

__all__ = ["BallotReturn", "BallotSet", "Count", "LiveReveal", "RuleComparison"]

MAX_COUNT_ATTEMPTS = 3  # runs of one count before an interrupted count is marked failed


class Discardable(models.Model):
    """Loaded ballots are never deleted: discarding them (with a reason, in the audit log) keeps
    them and their counts for the record, counts them no more, and unfreezes the section."""

    discarded_at = models.DateTimeField(null=True, blank=True)
    discarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    discard_reason = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def is_discarded(self) -> bool:
        return self.discarded_at is not None


class BallotSet(Discardable):
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
            models.UniqueConstraint(
                fields=["section", "sha256"],
                condition=Q(discarded_at__isnull=True),
                name="ballot_set_unique_file_per_section",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.ballots_total:,} ballots, {self.sha256[:12]})"

    def get_absolute_url(self) -> str:
        return reverse("results:ballot_set", args=[self.pk])

    @property
    def label(self) -> str:
        return f"Ballot set {self.pk}"


class BallotReturn(Discardable):
    """A scrutineer's totals for a first-past-the-post or block-vote ballot."""

    section = models.ForeignKey("elections.Section", on_delete=models.PROTECT, related_name="ballot_returns")
    method = models.CharField(max_length=10, choices=engine_methods.totals_choices())
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

    @property
    def label(self) -> str:
        return f"Return {self.pk}"

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
    zero_vote_places = models.CharField(
        "a place only a candidate without votes could fill", max_length=10, choices=ZeroVotePlaces.choices,
        default=ZeroVotePlaces.FILL,
    )  # fmt: skip
    # Run before the section's ballot closed: a trial, which can never be declared.
    is_trial = models.BooleanField(default=False)
    engine_version = models.CharField(max_length=20, blank=True)
    recount_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="recounts")
    reason = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField("progress (%)", default=0)
    progress_text = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    # The task queue's side: the current run's task id, which run this is (1 for the first; more
    # when a worker stopped mid-count and the count was queued again), and the last sign of life
    # from the worker running it.
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=1)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # The result exactly as written (canonical JSON text), so downloads are byte for byte.
    result_json = models.TextField("result (JSON)", blank=True)
    result_sha256 = models.CharField("result SHA-256", max_length=64, blank=True)
    # The same run's report with each stage's flows (the engine's record of where the value it
    # moved went: ``--format json --flows``), which the analysis reads; not part of the hashed result.
    result_flows_json = models.TextField("result with each stage's transfers (JSON)", blank=True)
    elected = models.JSONField(default=list, blank=True)
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A declared result is never undeclared; a declared recount can supersede it (with a reason).
    declaration_reason = models.TextField(blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["section"],
                condition=Q(declared_at__isnull=False, superseded_at__isnull=True),
                name="one_current_declared_count_per_section",
            ),
            models.CheckConstraint(
                condition=Q(superseded_at__isnull=True) | Q(declared_at__isnull=False),
                name="only_a_declared_count_is_superseded",
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
    def worker_silent(self) -> bool:
        """Running, but its worker has not written a heartbeat for longer than the limit: it
        stopped mid-count, and the next worker to look will queue the count again."""
        return self.status == self.Status.RUNNING and (self.heartbeat_at or self.created_at) < _stale_before()

    @property
    def waiting_for_worker(self) -> bool:
        """Queued for longer than the limit: no worker is taking counts (is one running?)."""
        return self.status == self.Status.QUEUED and (self.heartbeat_at or self.created_at) < _stale_before()

    def clean(self) -> None:
        if self.recount_of_id and not self.reason.strip():
            raise ValidationError({"reason": "A recount needs a reason: say why it is being run."})


def _stale_before():
    return timezone.now() - timedelta(seconds=settings.RESULTS_COUNT_STALE_SECONDS)


class RuleComparison(models.Model):
    """An analysis, never a result: one ballot set counted under every rule (``ballots.analysis.
    sensitivity``), side by side, stored with its inputs like a count. It can never be declared
    and changes nothing about the section; the task queue runs it, as it runs counts."""

    Status = Count.Status

    section = models.ForeignKey("elections.Section", on_delete=models.PROTECT, related_name="rule_comparisons")
    ballot_set = models.ForeignKey(BallotSet, on_delete=models.PROTECT, related_name="rule_comparisons")
    count = models.ForeignKey(
        Count, null=True, blank=True, on_delete=models.PROTECT, related_name="rule_comparisons",
        help_text="The count it was asked for from: its seats, minimum, women and seed are used.",
    )  # fmt: skip
    input_sha256 = models.CharField("ballot file SHA-256", max_length=64)
    methods = models.JSONField(default=list)  # the rules compared, the reference (the section's own) first
    seats = models.PositiveSmallIntegerField()
    min_women = models.PositiveSmallIntegerField("minimum number of women", default=0)
    women = models.JSONField("candidates counted as women", default=list, blank=True)
    withdrawn = models.JSONField("withdrawn candidates", default=list, blank=True)
    seed = models.PositiveIntegerField("seed for ties decided by lot", default=0)
    engine_version = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=10, choices=Count.Status.choices, default=Count.Status.QUEUED)
    progress = models.PositiveSmallIntegerField("progress (%)", default=0)
    progress_text = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    # {"comparison": ..., "results": {method: the engine's JSON}} as canonical JSON text.
    result_json = models.TextField("comparison (JSON)", blank=True)
    result_sha256 = models.CharField("comparison SHA-256", max_length=64, blank=True)
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Rule comparison {self.pk} of {self.section}"

    def get_absolute_url(self) -> str:
        return reverse("results:comparison", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in {Count.Status.DONE, Count.Status.FAILED}


class LiveReveal(models.Model):
    """A declared result revealed stage by stage to the live results page: how many stages the
    returning officer has shown so far. Written only by ``services.reveal_advance``."""

    count = models.OneToOneField(Count, on_delete=models.PROTECT, related_name="reveal")
    shown = models.PositiveSmallIntegerField("stages shown", default=0)
    total = models.PositiveSmallIntegerField("stages in the count")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Live reveal of count {self.count_id}: {self.shown} of {self.total} stages"

    @property
    def finished(self) -> bool:
        return self.shown >= self.total
