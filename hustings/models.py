"""Hustings: live, moderated question sessions with the candidates of one election section.

A hustings moves scheduled -> open (questions accepted) -> live (questions put) -> ended.
Questions are screened by moderators; the chair puts approved ones to candidates, each
answering in turn against a timer kept on the server (``Answer``). Writes live in
``hustings/services.py``; who may do what in ``hustings/permissions.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from elections.models import CLP, Candidate, Region, Section


class Hustings(models.Model):
    class State(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        OPEN = "open", "Open for questions"
        LIVE = "live", "Live"
        ENDED = "ended", "Ended"

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="hustings")
    title = models.CharField(max_length=160)
    description = models.TextField(blank=True, help_text="Markdown; rendered through the platform's sanitiser.")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    region = models.CharField(
        max_length=20, choices=Region.choices, blank=True, help_text="Only members of this region may take part."
    )
    clp = models.ForeignKey(
        CLP, null=True, blank=True, on_delete=models.PROTECT, related_name="hustings", verbose_name="CLP",
        help_text="Only members of this CLP may take part.",
    )  # fmt: skip
    candidates = models.ManyToManyField(Candidate, related_name="hustings", blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="hustings_chaired"
    )
    moderators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="hustings_moderated")
    state = models.CharField(max_length=10, choices=State.choices, default=State.SCHEDULED)
    answer_seconds = models.PositiveSmallIntegerField(
        "seconds per answer",
        default=90,
        validators=[MinValueValidator(10), MaxValueValidator(1800)],
        help_text="Time each candidate has to answer a question (equal time for all).",
    )
    current_question = models.ForeignKey("Question", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name_plural = "hustings"
        constraints = [
            models.CheckConstraint(condition=Q(starts_at__lt=models.F("ends_at")), name="hustings_schedule_order"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("hustings:audience", args=[self.pk])

    # Live streams (elections/live): the public one names the topic; the others belong to it.
    @property
    def stream(self) -> str:
        return f"hustings-{self.pk}"

    @property
    def mod_stream(self) -> str:
        return f"hustings-{self.pk}/mod"

    def personal_stream(self, user_id: int) -> str:
        return f"hustings-{self.pk}/user-{user_id}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.starts_at >= self.ends_at:
            raise ValidationError({"ends_at": "A hustings must end after it starts."})
        if self.region and self.clp_id and self.clp.region != self.region:
            raise ValidationError({"clp": f"{self.clp} is not in the {self.get_region_display()} region."})

    @property
    def area(self) -> str:
        if self.clp_id:
            return f"members of {self.clp}"
        if self.region:
            return f"members in {self.get_region_display()}"
        return "all members"


class Question(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting moderation"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Not taken"
        MERGED = "merged", "Merged into another question"
        PUT = "put", "Being answered"
        ANSWERED = "answered", "Answered"

    hustings = models.ForeignKey(Hustings, on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="hustings_questions")
    askers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="hustings_questions_asked", blank=True)
    text = models.TextField()
    original_text = models.TextField(blank=True, help_text="What the member wrote, kept when a moderator edits it.")
    to_all = models.BooleanField("to all candidates", default=True)
    to_candidates = models.ManyToManyField(Candidate, blank=True, related_name="hustings_questions")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    reject_reason = models.CharField("reason not taken", max_length=300, blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged")
    topics = models.JSONField(default=list, blank=True)
    votes_count = models.PositiveIntegerField("votes", default=0)
    put_order = models.PositiveIntegerField("order put", null=True, blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    put_at = models.DateTimeField(null=True, blank=True)
    client_key = models.CharField(
        max_length=64, blank=True, help_text="Chosen by the asker's page, so a question sent twice is stored once."
    )

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(fields=["hustings", "put_order"], name="one_question_per_put_order"),
            models.UniqueConstraint(
                fields=["hustings", "author", "client_key"],
                condition=~Q(client_key=""),
                name="one_question_per_client_key",
            ),
        ]
        indexes = [models.Index(fields=["hustings", "status"])]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def edited(self) -> bool:
        return bool(self.original_text) and self.original_text != self.text


class Vote(models.Model):
    """One member's support for one question. The constraint, not the code, makes it one."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hustings_votes")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "user"], name="one_vote_per_member_per_question")]

    def __str__(self) -> str:
        return f"vote by user {self.user_id} for question {self.question_id}"


class Answer(models.Model):
    """One candidate's turn on one question, with its server-side timer.

    Remaining time is computed, never ticked: while speaking it is ``duration - (now - started_at)``
    less what was used before a pause (``paused_remaining`` holds what was left at the pause).
    """

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting"
        SPEAKING = "speaking", "Speaking"
        PAUSED = "paused", "Paused"
        DONE = "done", "Answered"
        SKIPPED = "skipped", "Skipped (absent)"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="hustings_answers")
    order = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    duration = models.PositiveSmallIntegerField("seconds allowed")
    started_at = models.DateTimeField(null=True, blank=True)
    first_started_at = models.DateTimeField(null=True, blank=True)
    paused_remaining = models.FloatField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    spoken_seconds = models.FloatField("seconds spoken", default=0)

    class Meta:
        ordering = ["question", "order"]
        constraints = [
            models.UniqueConstraint(fields=["question", "candidate"], name="one_answer_per_candidate_per_question"),
            models.UniqueConstraint(fields=["question", "order"], name="answer_order_unique"),
        ]

    def __str__(self) -> str:
        return f"answer {self.order} to question {self.question_id} ({self.get_status_display()})"

    def remaining(self, now=None) -> float:
        now = now or timezone.now()
        if self.status == self.Status.SPEAKING and self.started_at:
            left = (self.paused_remaining if self.paused_remaining is not None else self.duration) - (
                now - self.started_at
            ).total_seconds()
            return max(0.0, left)
        if self.status == self.Status.PAUSED and self.paused_remaining is not None:
            return max(0.0, self.paused_remaining)
        if self.status == self.Status.WAITING:
            return float(self.duration)
        return 0.0


class RateHit(models.Model):
    """A rate-limited action taken by a member, counted over the last minute across processes."""

    hustings = models.ForeignKey(Hustings, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=20)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["hustings", "user", "action", "at"])]

    def __str__(self) -> str:
        return f"{self.action} by user {self.user_id} at {self.at:%H:%M:%S}"
