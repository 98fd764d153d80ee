"""REST endpoints for elections, candidates, slates and statements. Same services and rules as the
pages: these views only check shape, call a service and respond."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from elections import bounds, selectors, services
from elections.api_schema import ErrorOut, errors_for
from elections.models import (
    CLP,
    Candidate,
    Election,
    Endorsement,
    Section,
    Slate,
    Statement,
    StatementKind,
    StatementRevision,
)
from elections.permissions import require_statement_history_reader
from elections.text import render_markdown

FILTER_PARAMETERS = [
    ("slate", "A slate's slug, or 'none' for candidates no slate endorses."),
    ("region", "A region's value, e.g. 'london'."),
    ("clp", "The slug of the candidates' home CLP."),
    ("on_ballot", "'yes' or 'no' (ignored until nominations can say)."),
    ("q", "Words in the candidate's name."),
]


class SectionOut(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = [
            "id", "name", "slug", "seats", "min_women", "freeze_date", "nomination_opens",
            "nomination_closes", "ballot_opens", "ballot_closes", "counting_method", "statement_word_limit",
        ]  # fmt: skip


class ElectionOut(serializers.ModelSerializer):
    sections = SectionOut(many=True, read_only=True)

    class Meta:
        model = Election
        fields = ["id", "name", "slug", "description", "sections"]


class ElectionList(generics.ListAPIView):
    """Elections and their sections, for any signed-in user."""

    serializer_class = ElectionOut
    queryset = Election.objects.prefetch_related("sections")


# --- Candidates, slates and statements -------------------------------------------------------


class CLPOut(serializers.ModelSerializer):
    class Meta:
        model = CLP
        fields = ["id", "name", "slug", "region"]


class EndorsementOut(serializers.Serializer):
    slate_id = serializers.IntegerField()
    slate = serializers.CharField(source="slate.name")
    slate_slug = serializers.CharField(source="slate.slug")
    position = serializers.IntegerField()


class CandidateOut(serializers.ModelSerializer):
    home_clp = CLPOut()
    endorsements = EndorsementOut(many=True)
    photo = serializers.SerializerMethodField()
    gender = serializers.SerializerMethodField()
    on_ballot = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url")

    class Meta:
        model = Candidate
        fields = [
            "id",
            "display_name",
            "slug",
            "section",
            "home_clp",
            "endorsements",
            "photo",
            "gender",
            "withdrawn",
            "on_ballot",
            "url",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_photo(self, candidate) -> str | None:
        return candidate.photo.url if candidate.photo else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_gender(self, candidate) -> str | None:
        """Only when the candidate chose to show it."""
        return candidate.get_gender_display() if candidate.show_gender and candidate.gender else None

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_on_ballot(self, candidate) -> bool | None:
        status = self.context.get("ballot_status")
        return None if status is None else status.get(candidate.pk, False)


class SlateOut(serializers.ModelSerializer):
    description_html = serializers.SerializerMethodField()
    endorsements = serializers.SerializerMethodField()

    class Meta:
        model = Slate
        fields = ["id", "name", "slug", "election", "description", "description_html", "endorsements"]

    def get_description_html(self, slate) -> str:
        return str(render_markdown(slate.description))

    @extend_schema_field(
        inline_serializer(
            "SlateEndorsement",
            {
                "position": serializers.IntegerField(),
                "candidate_id": serializers.IntegerField(),
                "display_name": serializers.CharField(),
            },
            many=True,
        )
    )
    def get_endorsements(self, slate):
        return [
            {"position": e.position, "candidate_id": e.candidate_id, "display_name": e.candidate.display_name}
            for e in slate.endorsements.all()
        ]


class PublishedStatementOut(serializers.Serializer):
    """What members see: the published revision, a withdrawal notice, or nothing yet."""

    kind = serializers.ChoiceField(choices=StatementKind.choices)
    state = serializers.ChoiceField(choices=["published", "hidden", "none"])
    revision = serializers.IntegerField(allow_null=True)
    body = serializers.CharField(allow_null=True, help_text="Markdown as the candidate wrote it.")
    html = serializers.CharField(allow_null=True, help_text="Rendered through the platform's sanitiser.")
    word_count = serializers.IntegerField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    withdrawn_reason = serializers.CharField(allow_null=True)


class ContactDetailsRefusalOut(ErrorOut):
    """A 422 for text that appears to hold contact details: what was found, to confirm or remove."""

    contact_details = serializers.ListField(
        child=inline_serializer("ContactDetail", {"kind": serializers.CharField(), "text": serializers.CharField()}),
        required=False,
    )


class StatementIn(serializers.Serializer):
    body = serializers.CharField(allow_blank=True, trim_whitespace=False, max_length=StatementRevision.MAX_CHARS)
    publish = serializers.BooleanField(default=False)
    confirm_contact_details = serializers.BooleanField(
        default=False, help_text="Required to publish text that appears to contain contact details."
    )


class RevisionOut(serializers.ModelSerializer):
    published = serializers.SerializerMethodField()

    class Meta:
        model = StatementRevision
        fields = [
            "number",
            "body",
            "word_count",
            "created",
            "published_at",
            "published",
            "contact_details",
            "contact_details_confirmed",
        ]

    def get_published(self, revision) -> bool:
        return revision.statement.published_id == revision.pk


class HideIn(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class LockIn(serializers.Serializer):
    at = bounds.MomentField(required=False, allow_null=True, help_text="Default: now.")


class LockOut(serializers.Serializer):
    locked = serializers.BooleanField(source="statements_locked")
    locked_at = serializers.DateTimeField(source="statements_locked_at", allow_null=True)
    reason = serializers.SerializerMethodField()

    def get_reason(self, section) -> str | None:
        return section.statements_lock_reason if section.statements_locked_at else None


def published_statement_data(statement, kind: str) -> dict:
    view = selectors.published_view(statement)
    revision = view.get("revision")
    return {
        "kind": kind,
        "state": view["state"],
        "revision": revision.number if revision else None,
        "body": revision.body if revision else None,
        "html": str(render_markdown(revision.body, top_heading=3)) if revision else None,
        "word_count": revision.word_count if revision else None,
        "published_at": revision.published_at if revision else None,
        "withdrawn_reason": view.get("reason"),
    }


@extend_schema(parameters=[OpenApiParameter(name, str, description=text) for name, text in FILTER_PARAMETERS])
class SectionCandidateList(generics.ListAPIView):
    """A section's candidates, filterable like the browse page."""

    serializer_class = CandidateOut

    def get_queryset(self):
        self.section = get_object_or_404(Section, pk=self.kwargs["section_id"])
        self.ballot_status = selectors.ballot_status_for(self.section)
        filters = selectors.CandidateFilters.from_query(self.request.query_params)
        return selectors.browse_candidates(self.section, filters, self.ballot_status)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "ballot_status": getattr(self, "ballot_status", None)}


class CandidateDetail(generics.RetrieveAPIView):
    serializer_class = CandidateOut

    def get_queryset(self):
        return Candidate.objects.select_related("home_clp", "section__election").prefetch_related("endorsements__slate")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if "pk" in self.kwargs:
            section = get_object_or_404(Section, candidates__pk=self.kwargs["pk"])
            context["ballot_status"] = selectors.ballot_status_for(section)
        return context


class SlateList(generics.ListAPIView):
    """Slates and the candidates they endorse, in each slate's order (``?election=<slug>``)."""

    serializer_class = SlateOut

    @extend_schema(parameters=[OpenApiParameter("election", str, description="An election's slug.")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        slates = Slate.objects.prefetch_related(
            Prefetch("endorsements", queryset=Endorsement.objects.select_related("candidate").order_by("position"))
        ).order_by("election", "name")
        election = self.request.query_params.get("election")
        return slates.filter(election__slug=election) if election else slates


class SlateDetail(generics.RetrieveAPIView):
    serializer_class = SlateOut
    queryset = Slate.objects.prefetch_related(
        Prefetch("endorsements", queryset=Endorsement.objects.select_related("candidate").order_by("position"))
    )


def _candidate_and_kind(candidate_id: int, kind: str) -> Candidate:
    if kind not in StatementKind.values:
        raise Http404("No such kind of statement.")
    return get_object_or_404(Candidate.objects.select_related("section__election"), pk=candidate_id)


class CandidateStatement(APIView):
    """A candidate's statement (``long-form`` or ``ballot``): GET what members see; PUT or PATCH
    to save a revision (the candidate or a returning officer, not after the section's lock)."""

    @extend_schema(responses=PublishedStatementOut)
    def get(self, request, candidate_id: int, kind: str):
        candidate = _candidate_and_kind(candidate_id, kind)
        return Response(
            PublishedStatementOut(published_statement_data(selectors.statement_of(candidate, kind), kind)).data
        )

    @extend_schema(
        request=StatementIn,
        responses={200: RevisionOut, **errors_for(409), **errors_for(422, serializer=ContactDetailsRefusalOut)},
    )
    def put(self, request, candidate_id: int, kind: str):
        candidate = _candidate_and_kind(candidate_id, kind)
        data = StatementIn(data=request.data)
        data.is_valid(raise_exception=True)
        revision = services.statement_save(candidate=candidate, kind=kind, user=request.user, **data.validated_data)
        return Response(RevisionOut(revision).data)

    @extend_schema(
        request=StatementIn,
        responses={200: RevisionOut, **errors_for(409), **errors_for(422, serializer=ContactDetailsRefusalOut)},
    )
    def patch(self, request, candidate_id: int, kind: str):
        return self.put(request, candidate_id, kind)


class StatementRevisionList(generics.ListAPIView):
    """Every revision of a statement, newest first: the candidate and returning officers only."""

    serializer_class = RevisionOut

    def get_queryset(self):
        candidate = _candidate_and_kind(self.kwargs["candidate_id"], self.kwargs["kind"])
        require_statement_history_reader(self.request.user, candidate)
        return StatementRevision.objects.filter(
            statement__candidate=candidate, statement__kind=self.kwargs["kind"]
        ).select_related("statement")


class StatementHide(APIView):
    """POST a reason to hide the statement from members; DELETE to show it again. Returning officers."""

    @extend_schema(request=HideIn, responses={200: PublishedStatementOut, **errors_for(422)})
    def post(self, request, candidate_id: int, kind: str):
        candidate = _candidate_and_kind(candidate_id, kind)
        statement = get_object_or_404(Statement, candidate=candidate, kind=kind)
        data = HideIn(data=request.data)
        data.is_valid(raise_exception=True)
        statement = services.statement_hide(
            statement=statement, user=request.user, reason=data.validated_data["reason"]
        )
        return Response(PublishedStatementOut(published_statement_data(statement, kind)).data)

    @extend_schema(request=None, responses={200: PublishedStatementOut})
    def delete(self, request, candidate_id: int, kind: str):
        candidate = _candidate_and_kind(candidate_id, kind)
        statement = get_object_or_404(Statement, candidate=candidate, kind=kind)
        statement = services.statement_unhide(statement=statement, user=request.user)
        return Response(PublishedStatementOut(published_statement_data(statement, kind)).data)


class SectionStatementsLock(APIView):
    """POST to lock a section's statements (now or at ``at``); DELETE to unlock. Returning officers."""

    @extend_schema(request=LockIn, responses={200: LockOut, **errors_for(422)})
    def post(self, request, section_id: int):
        section = get_object_or_404(Section.objects.select_related("election"), pk=section_id)
        data = LockIn(data=request.data)
        data.is_valid(raise_exception=True)
        section = services.section_lock_statements(section=section, user=request.user, at=data.validated_data.get("at"))
        return Response(LockOut(section).data)

    @extend_schema(request=None, responses={200: LockOut})
    def delete(self, request, section_id: int):
        section = get_object_or_404(Section.objects.select_related("election"), pk=section_id)
        section = services.section_unlock_statements(section=section, user=request.user)
        return Response(LockOut(section).data)
