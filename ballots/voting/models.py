"""Online ballots: a CLP's nomination ballot or a section's OMOV ballot, its electorate, and the
ballot papers cast in it.

Secrecy is in the shape of the tables. ``Voter`` (the electorate) and ``RegisterMark`` ("has
voted", and roughly when) name members; ``BallotPaper`` holds only the preferences and the hash
of a random receipt code. Nothing joins the two: no foreign key, no timestamp on a paper, a random
UUID as its key, and at the close the papers are written again in receipt-hash order so neither
their physical order nor their transaction ids follow the order of voting. See docs/ballots.md.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from ballots.counting.methods import METHODS
from elections.models import CLP, CountingMethod, Member, Region, Section

__all__ = [
    "BallotPaper",
    "ElectorateRules",
    "OnlineBallot",
    "RegisterMark",
    "Voter",
]

RANKED_METHODS = frozenset(m.name for m in METHODS if m.ranked)  # the others are marked with crosses


class OnlineBallot(models.Model):
    """One ballot held on the platform: who may vote, when, for whom, and what became of it."""

    class Kind(models.TextChoices):
        CLP_NOMINATION = "clp", "CLP nomination ballot"
        SECTION = "section", "Section ballot (one member, one vote)"

    class Mode(models.TextChoices):
        ONLINE = "online", "Online: members vote from their own accounts"
        MEETING = "meeting", "At the meeting: members vote with a code the secretary or chair gives them"
        BOTH = "both", "Both: online, and at the meeting with a code"

    class Order(models.TextChoices):
        ALPHABETICAL = "alphabetical", "Alphabetical by surname (the last word of the name)"
        ROTATED = "rotated", "Rotated: each voter's list starts at a different candidate"

    class State(models.TextChoices):
        OPEN = "open", "Open"  # the electorate is drawn; casting between the opening and closing times
        CLOSED = "closed", "Closed"  # the papers are sealed and published
        COUNTED = "counted", "Counted"
        RECORDED = "recorded", "Nominations recorded"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="online_ballots")
    clp = models.ForeignKey(CLP, null=True, blank=True, on_delete=models.PROTECT, related_name="online_ballots")
    title = models.CharField(max_length=200)
    method = models.CharField(max_length=10, choices=CountingMethod.choices)
    places = models.PositiveSmallIntegerField(help_text="Seats to fill, or nominations the CLP will make.")
    min_women = models.PositiveSmallIntegerField(default=0)
    candidate_order = models.CharField(max_length=12, choices=Order.choices, default=Order.ALPHABETICAL)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.ONLINE)
    # The candidates in the order the sealed file lists them (alphabetical): [candidate id, ...].
    candidate_ids = models.JSONField(default=list)
    # A CLP ballot's own times. A section ballot's are the section's (see ``window``).
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    electorate_size = models.PositiveIntegerField(default=0)
    turnout = models.PositiveIntegerField(default=0)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    # The sealed, published ballot list (BLT, one line per paper in receipt-hash order).
    sealed_file = models.FileField(upload_to="online-ballots/", max_length=200, blank=True)
    sealed_sha256 = models.CharField(max_length=64, blank=True)
    # Section ballots: the ballot set the sealed file was loaded as (counted by the results services).
    ballot_set = models.OneToOneField(
        "ballots.BallotSet", null=True, blank=True, on_delete=models.PROTECT, related_name="online_ballot"
    )
    # CLP ballots: the engine's result, exactly as written, and what it became.
    seed = models.PositiveIntegerField(default=0)
    result_json = models.TextField(blank=True)
    result_sha256 = models.CharField(max_length=64, blank=True)
    elected_ids = models.JSONField(default=list, blank=True)
    counted_at = models.DateTimeField(null=True, blank=True)
    nomination_change = models.OneToOneField(
        "ballots.NominationChange", null=True, blank=True, on_delete=models.PROTECT, related_name="online_ballot"
    )

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="clp", clp__isnull=False, opens_at__isnull=False, closes_at__isnull=False)
                    | Q(kind="section", clp__isnull=True)
                ),
                name="online_ballot_kind_fields",
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True) | Q(opens_at__lt=models.F("closes_at")),
                name="online_ballot_window_order",
            ),
            models.UniqueConstraint(fields=["section"], condition=Q(kind="section"), name="one_ballot_per_section"),
            models.CheckConstraint(condition=Q(places__gte=1), name="online_ballot_has_a_place"),
            models.CheckConstraint(
                condition=Q(turnout__lte=models.F("electorate_size")), name="online_ballot_turnout_within_electorate"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("voting:ballot", args=[self.pk])

    # One accessor for the voting window: a section ballot runs in the section's ballot window.
    def window(self):
        if self.kind == self.Kind.SECTION:
            return self.section.ballot_opens, self.section.ballot_closes
        return self.opens_at, self.closes_at

    @property
    def ranked(self) -> bool:
        return self.method in RANKED_METHODS

    @property
    def sealed(self) -> bool:
        return self.state != self.State.OPEN

    @property
    def online_casting(self) -> bool:
        return self.mode in {self.Mode.ONLINE, self.Mode.BOTH}

    @property
    def meeting_codes(self) -> bool:
        return self.mode in {self.Mode.MEETING, self.Mode.BOTH}


class Voter(models.Model):
    """A member on a ballot's electorate: drawn up when it opened, or added later with a reason."""

    ballot = models.ForeignKey(OnlineBallot, on_delete=models.PROTECT, related_name="voters")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_reason = models.TextField(blank=True, max_length=1000, help_text="Why a member was added after the opening.")
    # A one-time code for voting at the meeting (its SHA-256 only; the code is shown once).
    code_hash = models.CharField(max_length=64, blank=True)
    code_issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["ballot", "id"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "member"], name="one_voter_entry_per_member"),
            models.UniqueConstraint(
                fields=["ballot", "code_hash"], condition=~Q(code_hash=""), name="voter_code_unique_in_ballot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} in {self.ballot}"


class RegisterMark(models.Model):
    """The marked register ("has voted"): one row per voter, so the database refuses a second ballot."""

    voter = models.OneToOneField(Voter, on_delete=models.PROTECT, related_name="mark")
    ballot = models.ForeignKey(OnlineBallot, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(help_text="To the minute: enough to settle a dispute, no more.")
    at_meeting = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Voted: {self.voter}"


class BallotPaper(models.Model):
    """One cast ballot: the preferences and a receipt hash. Deliberately nothing else."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(OnlineBallot, on_delete=models.PROTECT, related_name="papers")
    # Candidate ids: most preferred first (ranked); the one choice (first past the post); the
    # choices in ascending id order (block), so the order of marking reveals nothing.
    preferences = models.JSONField()
    receipt_hash = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return f"Ballot paper {self.receipt_hash[:12]}"


class ElectorateRules(models.Model):
    """Who a section's ballot is for, beyond good standing on the freeze date. Created on demand."""

    class Group(models.TextChoices):
        EVERYONE = "everyone", "Every member"
        YOUTH = "youth", "Young members (under an age on a date)"
        DISABLED = "disabled", "Members who self-identified as disabled by a date"
        BAME = "bame", "Members who self-identified as BAME by a date"

    section = models.OneToOneField(Section, on_delete=models.CASCADE, related_name="electorate_rules")
    group = models.CharField(max_length=10, choices=Group.choices, default=Group.EVERYONE)
    region = models.CharField(max_length=20, choices=Region.choices, blank=True, help_text="Blank: every region.")
    age_under = models.PositiveSmallIntegerField(default=27, help_text="Young members: younger than this.")
    on_date = models.DateField(
        null=True, blank=True, help_text="The date the age or self-identification is taken on. Blank: the freeze date."
    )

    class Meta:
        verbose_name = "electorate rules"
        verbose_name_plural = "electorate rules"
        constraints = [
            models.CheckConstraint(condition=Q(age_under__gte=14, age_under__lte=120), name="electorate_age_bounds")
        ]

    def __str__(self) -> str:
        return f"Electorate of {self.section}"

    @property
    def date(self):
        return self.on_date or self.section.freeze_date
