"""CLPs, members and their roles, elections and their sections, candidates and slates.

Rules about who may do what live in ``elections/permissions.py``; writes in ``services.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from ballots.counting.methods import METHODS
from ballots.counting.model import ZERO_VOTE_PLACES
from elections.photos import validate_candidate_photo


class Region(models.TextChoices):
    EAST_MIDLANDS = "east-midlands", "East Midlands"
    EASTERN = "eastern", "Eastern"
    LONDON = "london", "London"
    NORTH_EAST = "north-east", "North East"
    NORTH_WEST = "north-west", "North West"
    SCOTLAND = "scotland", "Scotland"
    SOUTH_EAST = "south-east", "South East"
    SOUTH_WEST = "south-west", "South West"
    WALES = "wales", "Wales"
    WEST_MIDLANDS = "west-midlands", "West Midlands"
    YORKSHIRE = "yorkshire", "Yorkshire and the Humber"


class Gender(models.TextChoices):
    """Self-described gender, given only if the person chooses; used only for gender-balance rules."""

    NOT_GIVEN = "", "Prefer not to say"
    WOMAN = "woman", "Woman"
    MAN = "man", "Man"
    NON_BINARY = "non-binary", "Non-binary"
    SELF_DESCRIBED = "self-described", "In another way"


# The counting engine's lists, as model choices: its methods (``METHODS``, the one list) and what a
# count does with a place only a candidate without votes could fill. The engine is the plain
# library beneath every app (no Django), the one thing from ``ballots`` that elections may use.
CountingMethod = models.TextChoices("CountingMethod", [(m.name.upper(), (m.name, m.label)) for m in METHODS])
ZeroVotePlaces = models.TextChoices("ZeroVotePlaces", [(k.upper(), (k, v)) for k, v in ZERO_VOTE_PLACES.items()])


class CLP(models.Model):
    """A Constituency Labour Party: the local party that nominates."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=140, unique=True)
    region = models.CharField(max_length=20, choices=Region.choices, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "CLP"
        verbose_name_plural = "CLPs"

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    """The membership record of a user: which CLP, since when, whether in good standing."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member")
    clp = models.ForeignKey(CLP, on_delete=models.PROTECT, related_name="members", verbose_name="CLP")
    membership_number = models.CharField(max_length=20, unique=True)
    joined_on = models.DateField("joined the party on")
    in_good_standing = models.BooleanField(default=True)
    gender = models.CharField(max_length=20, choices=Gender.choices, blank=True, default=Gender.NOT_GIVEN)
    gender_description = models.CharField(max_length=60, blank=True, help_text="Only if they chose 'In another way'.")
    # Special-category data, used only to draw up the electorates of sections that say so (youth,
    # disabled and BAME members' representatives); never shown to anyone but staff.
    date_of_birth = models.DateField(null=True, blank=True)
    self_identified_disabled_on = models.DateField(
        null=True, blank=True, help_text="When the member self-identified as disabled, if they did."
    )
    self_identified_bame_on = models.DateField(
        null=True, blank=True, help_text="When the member self-identified as BAME, if they did."
    )

    class Meta:
        ordering = ["membership_number"]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.username} ({self.membership_number})"

    @property
    def counts_as_woman(self) -> bool:
        return self.gender == Gender.WOMAN


class CLPOfficer(models.Model):
    """A CLP secretary or chair: the only people who may submit the CLP's nominations."""

    class Office(models.TextChoices):
        SECRETARY = "secretary", "Secretary"
        CHAIR = "chair", "Chair"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clp_offices")
    clp = models.ForeignKey(CLP, on_delete=models.CASCADE, related_name="officers", verbose_name="CLP")
    office = models.CharField(max_length=20, choices=Office.choices)

    class Meta:
        ordering = ["clp__name", "office"]
        verbose_name = "CLP officer"
        constraints = [
            models.UniqueConstraint(fields=["clp", "office"], name="one_holder_per_clp_office"),
        ]

    def __str__(self) -> str:
        return f"{self.get_office_display()} of {self.clp}: {self.user.get_full_name() or self.user.username}"


class Election(models.Model):
    """A contest such as "NEC 2026", made of sections each with its own seats and rules."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=140, unique=True)
    description = models.TextField(blank=True)
    returning_officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="elections_as_returning_officer"
    )

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("elections:election_detail", args=[self.slug])


class Section(models.Model):
    """One part of an election, e.g. "NEC 2026 — CLP section": its seats, dates and rules."""

    class CountingLock(models.TextChoices):
        """Whether the settings a count depends on may change (``COUNTING_SETTINGS``). Set by the
        results services in the transaction that loads, discards or declares."""

        OPEN = "", "Open: nothing loaded"
        LOADED = "loaded", "Frozen: ballots are loaded (discard them, with a reason, to change)"
        DECLARED = "declared", "Frozen for good: the result is declared"

    COUNTING_SETTINGS = (
        "seats", "min_women", "counting_method", "freeze_date", "nomination_opens", "nomination_closes",
        "ballot_opens", "ballot_closes", "zero_vote_places",
    )  # fmt: skip

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="sections")
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140)
    seats = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    min_women = models.PositiveSmallIntegerField(
        "minimum number of women elected", default=0, help_text="Minimum number of women among those elected."
    )
    freeze_date = models.DateField(help_text="Only members in good standing on this date may vote.")
    nomination_opens = models.DateTimeField("nominations open")
    nomination_closes = models.DateTimeField("nominations close")
    ballot_opens = models.DateTimeField("ballot opens")
    ballot_closes = models.DateTimeField("ballot closes")
    counting_method = models.CharField(max_length=10, choices=CountingMethod.choices, default=CountingMethod.ERS97)
    zero_vote_places = models.CharField(
        "a place only a candidate without votes could fill", max_length=10, choices=ZeroVotePlaces.choices,
        default=ZeroVotePlaces.FILL,
        help_text="ERS97 5.5.1 fills it; the section's rules may leave it unfilled instead. The result sheet says which.",
    )  # fmt: skip
    statement_word_limit = models.PositiveSmallIntegerField(
        "word limit for ballot statements", default=200, validators=[MinValueValidator(1)]
    )
    statements_locked_at = models.DateTimeField(
        "statements locked from",
        null=True,
        blank=True,
        help_text="From this time candidates' statements can no longer be edited.",
    )
    statements_locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    publish_ballots = models.BooleanField(
        "publish the ballots with the declared result",
        default=False,
        help_text="Members can download the anonymised ballot papers as counted (a BLT file, with no ballot "
        "numbers) from the declared result, to re-count them with any STV program.",
    )
    counting_lock = models.CharField(
        max_length=10, choices=CountingLock.choices, blank=True, default=CountingLock.OPEN, editable=False
    )

    class Meta:
        ordering = ["election", "id"]
        constraints = [
            models.UniqueConstraint(fields=["election", "slug"], name="section_slug_unique_in_election"),
            models.CheckConstraint(condition=Q(seats__gte=1), name="section_has_a_seat"),
            models.CheckConstraint(
                condition=Q(min_women__lte=models.F("seats")), name="section_min_women_within_seats"
            ),
            models.CheckConstraint(
                condition=Q(nomination_opens__lt=models.F("nomination_closes")), name="section_nomination_window_order"
            ),
            models.CheckConstraint(
                condition=Q(ballot_opens__lt=models.F("ballot_closes")), name="section_ballot_window_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.election.name} — {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("elections:section_detail", args=[self.election.slug, self.slug])

    def clean(self) -> None:
        errors = {}
        if self.seats is not None and self.min_women is not None and self.min_women > self.seats:
            errors["min_women"] = (
                f"The minimum number of women ({self.min_women}) cannot exceed the seats ({self.seats})."
            )
        if self.nomination_opens and self.nomination_closes and self.nomination_opens >= self.nomination_closes:
            errors["nomination_closes"] = "Nominations must close after they open."
        if self.ballot_opens and self.ballot_closes and self.ballot_opens >= self.ballot_closes:
            errors["ballot_closes"] = "The ballot must close after it opens."
        if self.nomination_closes and self.ballot_opens and self.ballot_opens < self.nomination_closes:
            errors["ballot_opens"] = "The ballot cannot open before nominations close."
        if errors:
            raise ValidationError(errors)

    @property
    def nominations_open_now(self) -> bool:
        return self.nomination_opens <= timezone.now() < self.nomination_closes

    @property
    def statements_locked(self) -> bool:
        return self.statements_locked_at is not None and self.statements_locked_at <= timezone.now()

    @property
    def statements_lock_reason(self) -> str:
        """Why edits are refused, e.g. "… were locked by the returning officer at 12:00 on 1 July"."""
        when = timezone.localtime(self.statements_locked_at)
        tense = "were" if self.statements_locked else "will be"
        return (
            f"Statements for {self.name} {tense} locked by the returning officer "
            f"at {when:%H:%M} on {when.day} {when:%B %Y}."
        )


class Slate(models.Model):
    """A group that endorses candidates (an endorsement, not a party structure)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="slates")
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140)
    description = models.TextField(blank=True, help_text="Markdown; rendered through the platform's sanitiser.")

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["election", "slug"], name="slate_slug_unique_in_election")]

    def __str__(self) -> str:
        return self.name


class Candidate(models.Model):
    """A person standing in one section."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="candidates")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="candidacies"
    )
    display_name = models.CharField("name", max_length=120)
    slug = models.SlugField(max_length=140)
    home_clp = models.ForeignKey(CLP, on_delete=models.PROTECT, related_name="home_candidates", verbose_name="home CLP")
    gender = models.CharField(max_length=20, choices=Gender.choices, blank=True, default=Gender.NOT_GIVEN)
    show_gender = models.BooleanField(
        "gender shown publicly", default=False, help_text="The candidate chose to show their gender publicly."
    )
    withdrawn = models.BooleanField("withdrawn from the contest", default=False)
    photo = models.ImageField(
        upload_to="candidates/photos/",
        blank=True,
        validators=[validate_candidate_photo],
        help_text="JPEG, PNG or WebP, at most 2 MB. Stored without its metadata.",
    )
    slates = models.ManyToManyField(Slate, through="Endorsement", related_name="candidates", blank=True)

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.UniqueConstraint(fields=["section", "slug"], name="candidate_slug_unique_in_section"),
            models.UniqueConstraint(
                fields=["section", "user"], condition=Q(user__isnull=False), name="one_candidacy_per_user_per_section"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("elections:candidate_detail", args=[self.section.election.slug, self.section.slug, self.slug])

    @property
    def counts_as_woman(self) -> bool:
        return self.gender == Gender.WOMAN


class Endorsement(models.Model):
    """A slate's endorsement of a candidate, in the slate's own order."""

    slate = models.ForeignKey(Slate, on_delete=models.CASCADE, related_name="endorsements")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="endorsements")
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["slate", "position"]
        constraints = [models.UniqueConstraint(fields=["slate", "candidate"], name="one_endorsement_per_slate")]

    def __str__(self) -> str:
        return f"{self.slate} endorses {self.candidate}"

    def clean(self) -> None:
        if self.slate_id and self.candidate_id and self.slate.election_id != self.candidate.section.election_id:
            raise ValidationError("A slate can endorse only candidates in its own election.")


class StatementKind(models.TextChoices):
    LONG_FORM = "long-form", "Long-form statement"
    BALLOT = "ballot", "Ballot statement"


class Statement(models.Model):
    """One of a candidate's statements (long-form or ballot): its revisions, which one members see,
    and whether the returning officer has hidden it."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="statements")
    kind = models.CharField(max_length=10, choices=StatementKind.choices)
    published = models.ForeignKey(
        "StatementRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.TextField("reason for hiding", blank=True, max_length=1000)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["candidate", "kind"]
        constraints = [models.UniqueConstraint(fields=["candidate", "kind"], name="one_statement_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.candidate}"

    @property
    def hidden(self) -> bool:
        return self.hidden_at is not None


class StatementRevision(models.Model):
    """One save of a statement. Never changed after it is written."""

    MAX_CHARS = 20000

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    body = models.TextField("text", max_length=MAX_CHARS)
    word_count = models.PositiveIntegerField("words")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField("saved", default=timezone.now)
    contact_details = models.JSONField(
        "contact details found", default=list, blank=True, help_text="What the contact-details check found."
    )
    contact_details_confirmed = models.BooleanField("contact details confirmed by the author", default=False)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["statement", "-number"]
        constraints = [models.UniqueConstraint(fields=["statement", "number"], name="statement_revision_number_unique")]

    def __str__(self) -> str:
        return f"{self.statement}, revision {self.number}"


class AuditQuerySet(models.QuerySet):
    """The audit log is append-only: bulk changes are refused as well as single ones (and, on
    PostgreSQL, a trigger refuses UPDATE and DELETE whoever sends them)."""

    def update(self, **kwargs):
        raise PermissionError("The audit log cannot be changed.")

    def delete(self):
        raise PermissionError("Entries in the audit log cannot be deleted.")


class AuditEntry(models.Model):
    """Who did what, when, to which object, in every app (results, nominations rules, hustings
    moderation, the admin): written by ``elections.audit.audit_record`` and never changed."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="who"
    )
    at = models.DateTimeField("when", default=timezone.now, db_index=True)
    action = models.CharField(max_length=40, db_index=True)
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
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


# The live package's tables (streams, events, presence) belong to this app.
from elections.live.models import LiveEvent, LivePresence, LiveStream  # noqa: E402, F401
