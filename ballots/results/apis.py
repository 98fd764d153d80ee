"""REST endpoints for ballot sets, returns, counts and declared results.

Same services and the same permission checks as the pages: one API view per operation, small
input and output serializers.
"""

from __future__ import annotations

import json

from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from ballots.results import permissions, selectors, services
from ballots.results.forms import load_on_server_hint
from ballots.results.models import BallotReturn, BallotSet, Count
from elections import bounds, uploads
from elections.api_schema import errors_for
from elections.models import Election, Section


def _managed_sections(user):
    if user.is_staff:
        return Section.objects.all()
    return Section.objects.filter(election__in=Election.objects.filter(returning_officers=user))


# -- ballot sets -------------------------------------------------------------------------------
class BallotSetOut(serializers.ModelSerializer):
    loaded_by = serializers.CharField(source="loaded_by.username")

    class Meta:
        model = BallotSet
        fields = [
            "id", "section", "original_name", "format", "sha256", "size_bytes", "title", "seats_in_file",
            "ballots_total", "ballots_valid", "ballots_invalid", "distinct_rankings", "mapping", "candidate_map",
            "electorate", "report", "loaded_by", "loaded_at",
        ]  # fmt: skip


class BallotSetIn(serializers.Serializer):
    section = bounds.RowId(queryset=Section.objects.all())
    file = serializers.FileField()
    mapping = serializers.ChoiceField(choices=BallotSet.Mapping.choices, default=BallotSet.Mapping.BY_NAME)
    electorate = bounds.WholeNumberField(min_value=1, required=False, allow_null=True)


class BallotSetListCreate(generics.ListAPIView):
    """Ballot sets of the sections you count. POST a file (multipart) to validate and store it;
    a refused file returns 422 with the full validation report and stores nothing."""

    serializer_class = BallotSetOut
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        return BallotSet.objects.filter(section__in=_managed_sections(self.request.user)).select_related("loaded_by")

    @extend_schema(request=BallotSetIn, responses={201: BallotSetOut, **errors_for(409, 413, 422)})
    def post(self, request):
        rule = {
            "limit": services.upload_limit_bytes(),
            "what": "ballot file",
            "hint": load_on_server_hint("SECTION_ID"),
        }
        uploads.check_request_size(request, **rule)  # before the body is read
        data = BallotSetIn(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        uploads.check_upload_size(upload.size, **rule)
        try:
            ballot_set = services.ballot_set_load(
                section=data.validated_data["section"], user=request.user, fileobj=upload, filename=upload.name,
                mapping=data.validated_data["mapping"], electorate=data.validated_data.get("electorate"),
            )  # fmt: skip
        except services.BallotFileRejected as exc:
            report = exc.report
            reasons = report.errors + [f"Line {line}: {reason}" for line, reason in report.problems]
            body = {"detail": "The file was not loaded.", "errors": {"file": reasons}, "report": report.as_dict()}
            return Response(body, status=422)
        return Response(BallotSetOut(ballot_set).data, status=status.HTTP_201_CREATED)


class BallotSetDetail(generics.RetrieveAPIView):
    serializer_class = BallotSetOut

    def get_object(self):
        ballot_set = selectors.ballot_set(self.kwargs["pk"])
        permissions.require_manage(self.request.user, ballot_set.section, "see ballot sets")
        return ballot_set


# -- returns -----------------------------------------------------------------------------------
class ReturnOut(serializers.ModelSerializer):
    recorded_by = serializers.CharField(source="recorded_by.username")

    class Meta:
        model = BallotReturn
        fields = [
            "id", "section", "method", "electorate", "ballots_issued", "ballots_returned", "ballots_spoilt",
            "ballots_valid", "votes", "scrutineer", "recorded_by", "recorded_at",
        ]  # fmt: skip


class ReturnIn(serializers.Serializer):
    section = bounds.RowId(queryset=Section.objects.all())
    method = serializers.ChoiceField(choices=services.RETURN_METHODS)
    electorate = bounds.WholeNumberField()
    ballots_issued = bounds.WholeNumberField()
    ballots_returned = bounds.WholeNumberField()
    ballots_spoilt = bounds.WholeNumberField()
    ballots_valid = bounds.WholeNumberField()
    votes = bounds.CountsById(help_text="candidate id -> votes")
    scrutineer = serializers.CharField(required=False, allow_blank=True, max_length=120, default="")


class ReturnListCreate(generics.ListAPIView):
    """Scrutineers' returns of the sections you count; POST one (its arithmetic is checked)."""

    serializer_class = ReturnOut

    def get_queryset(self):
        return BallotReturn.objects.filter(section__in=_managed_sections(self.request.user)).select_related(
            "recorded_by"
        )

    @extend_schema(request=ReturnIn, responses={201: ReturnOut, **errors_for(409, 422)})
    def post(self, request):
        data = ReturnIn(data=request.data)
        data.is_valid(raise_exception=True)
        ret = services.return_record(user=request.user, **data.validated_data)
        return Response(ReturnOut(ret).data, status=status.HTTP_201_CREATED)


# -- counts ------------------------------------------------------------------------------------
class CountOut(serializers.ModelSerializer):
    run_by = serializers.CharField(source="run_by.username")
    declared_by = serializers.CharField(source="declared_by.username", default=None, allow_null=True)
    result = serializers.SerializerMethodField()

    class Meta:
        model = Count
        fields = [
            "id", "section", "ballot_set", "ballot_return", "input_sha256", "method", "seats", "min_women", "women",
            "withdrawn", "seed", "engine_version", "recount_of", "reason", "status", "progress", "progress_text",
            "error", "elected", "result_sha256", "result", "run_by", "created_at", "started_at", "finished_at",
            "declared_at", "declared_by", "is_trial", "declaration_reason", "superseded_at", "superseded_by",
            "attempts",
        ]  # fmt: skip

    def get_result(self, count) -> dict | None:
        return json.loads(count.result_json) if count.result_json else None


class CountIn(serializers.Serializer):
    ballot_set = bounds.RowId(queryset=BallotSet.objects.all(), required=False, allow_null=True)
    ballot_return = bounds.RowId(queryset=BallotReturn.objects.all(), required=False, allow_null=True)
    method = serializers.CharField(required=False, allow_null=True)
    seats = bounds.WholeNumberField(required=False, allow_null=True, min_value=1, max_value=bounds.SEATS_MAX)
    min_women = bounds.WholeNumberField(required=False, allow_null=True, max_value=bounds.SEATS_MAX)
    seed = bounds.WholeNumberField(required=False, default=0)

    def validate(self, attrs):
        if bool(attrs.get("ballot_set")) == bool(attrs.get("ballot_return")):
            raise serializers.ValidationError("Give either a ballot_set or a ballot_return.")
        return attrs


class RecountIn(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    method = serializers.CharField(required=False, allow_null=True)
    seats = bounds.WholeNumberField(required=False, allow_null=True, min_value=1, max_value=bounds.SEATS_MAX)
    min_women = bounds.WholeNumberField(required=False, allow_null=True, max_value=bounds.SEATS_MAX)
    seed = bounds.WholeNumberField(required=False, default=0)


def _request_count(user, **kwargs) -> Response:
    count = services.count_request(user=user, **kwargs)
    count.refresh_from_db()
    return Response(CountOut(count).data, status=status.HTTP_202_ACCEPTED)


class CountListCreate(generics.ListAPIView):
    """Counts you may see (all counts of sections you count, and declared ones). POST to start a
    count: it runs in the background; poll the count for status and progress."""

    serializer_class = CountOut

    def get_queryset(self):
        user = self.request.user
        visible = Q(section__in=_managed_sections(user))
        if user.is_staff or permissions.member_of(user):
            visible |= Q(declared_at__isnull=False)
        return Count.objects.filter(visible).select_related("run_by", "declared_by")

    @extend_schema(request=CountIn, responses={202: CountOut, **errors_for(409, 422)})
    def post(self, request):
        data = CountIn(data=request.data)
        data.is_valid(raise_exception=True)
        return _request_count(request.user, **data.validated_data)


class CountDetail(generics.RetrieveAPIView):
    serializer_class = CountOut

    def get_object(self):
        count = selectors.count(self.kwargs["pk"])
        permissions.require_see_count(self.request.user, count)
        return count


class ElectedOut(serializers.Serializer):
    name = serializers.CharField()
    woman = serializers.BooleanField()


class DeclarationPreviewOut(serializers.Serializer):
    elected = ElectedOut(many=True)
    method = serializers.CharField()
    seats = serializers.IntegerField()
    min_women = serializers.IntegerField()
    ballots_sha256 = serializers.CharField()
    result_sha256 = serializers.CharField(help_text="Send this back as `confirm` to declare.")
    supersedes = serializers.IntegerField(allow_null=True, help_text="The declared count this would replace.")
    locks = serializers.ListField(child=serializers.CharField(), help_text="What declaring does.")
    refusals = serializers.ListField(child=serializers.CharField(), help_text="Why it cannot be declared (if so).")


class DeclareIn(serializers.Serializer):
    confirm = serializers.CharField(
        max_length=64, required=False, allow_blank=True, default="",
        help_text="The count's `result_sha256`, as checked; without it nothing is declared (422).",
    )  # fmt: skip
    reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="",
        help_text="Needed when a recount replaces the declared result.",
    )  # fmt: skip


class CountDeclare(APIView):
    """Declaring, in two steps as on the pages. GET: what declaring this count would do (the elected,
    the hashes, what becomes locked) and why it cannot be declared, if it cannot. POST with
    `confirm` echoing `result_sha256`: declare (irreversible; locks the section)."""

    @extend_schema(responses={200: DeclarationPreviewOut})
    def get(self, request, pk):
        count = selectors.count(pk)
        permissions.require_manage(request.user, count.section, "declare a result")
        return Response(DeclarationPreviewOut(services.declaration_preview(count)).data)

    @extend_schema(request=DeclareIn, responses={200: CountOut, **errors_for(409, 422)})
    def post(self, request, pk):
        count = selectors.count(pk)
        permissions.require_manage(request.user, count.section, "declare a result")
        data = DeclareIn(data=request.data)
        data.is_valid(raise_exception=True)
        count = services.count_declare(user=request.user, count=count, **data.validated_data)
        return Response(CountOut(count).data)


class CountRecount(APIView):
    """A new count of the same ballots, with a required reason."""

    @extend_schema(request=RecountIn, responses={202: CountOut, **errors_for(409, 422)})
    def post(self, request, pk):
        original = selectors.count(pk)
        permissions.require_manage(request.user, original.section, "order a recount")
        data = RecountIn(data=request.data)
        data.is_valid(raise_exception=True)
        return _request_count(
            request.user, ballot_set=original.ballot_set, ballot_return=original.ballot_return,
            recount_of=original, **data.validated_data,
        )  # fmt: skip


class CountRerun(APIView):
    """Run a failed count again: a new count with the same inputs (202); 409 unless it failed."""

    @extend_schema(request=None, responses={202: CountOut, **errors_for(409)})
    def post(self, request, pk):
        count = services.count_rerun(user=request.user, count=selectors.count(pk))
        count.refresh_from_db()
        return Response(CountOut(count).data, status=status.HTTP_202_ACCEPTED)


class DiscardPreviewOut(serializers.Serializer):
    ballot_sets = serializers.ListField(child=serializers.DictField())
    returns = serializers.ListField(child=serializers.DictField())
    counts = serializers.IntegerField()
    effects = serializers.ListField(child=serializers.CharField())
    refusal = serializers.CharField(allow_blank=True)


class DiscardIn(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    confirm = serializers.BooleanField(required=False, default=False, help_text="true: discard, as previewed.")


class DiscardOut(serializers.Serializer):
    ballot_sets = serializers.ListField(child=serializers.IntegerField())
    returns = serializers.ListField(child=serializers.IntegerField())
    counts_stopped = serializers.ListField(child=serializers.IntegerField())
    reason = serializers.CharField()


class SectionDiscard(APIView):
    """Discarding a section's loaded ballots (so its frozen settings can change), in two steps.
    GET: what would be discarded and why it cannot be (if so). POST `{"reason", "confirm": true}`."""

    def _section(self, request, section_id):
        section = get_object_or_404(Section.objects.select_related("election"), pk=section_id)
        permissions.require_manage(request.user, section, "discard loaded ballots")
        return section

    @extend_schema(responses={200: DiscardPreviewOut})
    def get(self, request, section_id):
        return Response(DiscardPreviewOut(services.discard_preview(self._section(request, section_id))).data)

    @extend_schema(request=DiscardIn, responses={200: DiscardOut, **errors_for(409, 422)})
    def post(self, request, section_id):
        section = self._section(request, section_id)
        data = DiscardIn(data=request.data)
        data.is_valid(raise_exception=True)
        summary = services.section_discard_loaded(section=section, user=request.user, **data.validated_data)
        return Response(DiscardOut(summary).data)


class DeclaredResultList(generics.ListAPIView):
    """Declared results, for every member."""

    serializer_class = CountOut

    def get_queryset(self):
        permissions.require_see_declared(self.request.user)
        return selectors.declared_counts().select_related("run_by", "declared_by")
