"""REST API for nominations: read for everyone signed in; write for a CLP's secretary and chair,
through the same services (and so the same refusals) as the pages. A refusal is a 400 with every
reason in ``errors``; a permission refusal is a 403 whose ``detail`` says why."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from ballots.nominations import selectors, services
from ballots.nominations.models import MeetingMethod, NominationChange
from ballots.nominations.services import NominationRefused
from elections.models import CLP, Section


class RulesOut(serializers.Serializer):
    max_per_clp = serializers.IntegerField()
    min_women_per_clp = serializers.IntegerField()
    threshold_kind = serializers.CharField()
    threshold_value = serializers.CharField()
    needed = serializers.IntegerField(help_text="Nominations needed, in the unit of threshold_kind.")
    needed_label = serializers.CharField()
    counts_affiliates = serializers.BooleanField()
    eligibility_months = serializers.IntegerField()


class CandidateCountOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    home_clp = serializers.CharField()
    region = serializers.CharField()
    withdrawn = serializers.BooleanField()
    clps = serializers.IntegerField(help_text="CLPs currently nominating this candidate.")
    affiliates = serializers.IntegerField()
    by_region = serializers.DictField(child=serializers.IntegerField(), help_text="Region key -> CLP nominations.")
    qualified = serializers.BooleanField()


class TrackerOut(serializers.Serializer):
    rules = RulesOut()
    total_clps = serializers.IntegerField()
    clps_nominated = serializers.IntegerField()
    candidates = CandidateCountOut(many=True)


class NomineeOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    votes = serializers.IntegerField(allow_null=True)


class ClpOut(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    region = serializers.CharField()
    region_label = serializers.CharField()
    candidates = NomineeOut(many=True)
    meeting_date = serializers.DateField(allow_null=True)
    method = serializers.CharField(allow_null=True)
    method_label = serializers.CharField(allow_null=True)


class ClpSetOut(ClpOut):
    version = serializers.IntegerField(
        help_text="Send back as 'version' to refuse the change if someone else changed the set meanwhile."
    )


class SetIn(serializers.Serializer):
    candidates = serializers.ListField(
        child=serializers.IntegerField(), allow_empty=True, max_length=200, help_text="Candidate ids."
    )
    meeting_date = serializers.DateField(required=False, allow_null=True)
    method = serializers.ChoiceField(choices=MeetingMethod.choices, required=False, allow_blank=True)
    votes = serializers.DictField(
        child=serializers.IntegerField(allow_null=True), required=False, help_text="Candidate id -> votes."
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", help_text="Needed for a correction.")
    version = serializers.IntegerField(required=False, allow_null=True)

    def validate_votes(self, value):
        try:
            return {int(key): votes for key, votes in value.items()}
        except ValueError:
            raise serializers.ValidationError("Keys must be candidate ids.") from None


class WithdrawIn(serializers.Serializer):
    candidates = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        allow_null=True,
        help_text="Candidate ids; omit to withdraw all.",
    )
    reason = serializers.CharField(allow_blank=True, default="")
    version = serializers.IntegerField(required=False, allow_null=True)


class RefusalOut(serializers.Serializer):
    errors = serializers.ListField(child=serializers.CharField())


class ChangeOut(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.CharField()
    made_at = serializers.DateTimeField()
    reason = serializers.CharField()


def _section(section_id: int) -> Section:
    return get_object_or_404(Section.objects.select_related("election"), pk=section_id)


class Tracker(APIView):
    @extend_schema(
        responses=TrackerOut,
        summary="A section's running count: each candidate's CLP nominations, by region, and who has qualified",
    )
    def get(self, request, section_id: int):
        state = selectors.tracker(_section(section_id))
        return Response(TrackerOut(state).data)


class ClpList(APIView):
    @extend_schema(
        responses=ClpOut(many=True), summary="CLPs that have nominated in a section, with their current nominations"
    )
    def get(self, request, section_id: int):
        return Response(ClpOut(selectors.clp_rows(_section(section_id)), many=True).data)


class ClpSet(APIView):
    """A CLP's current set (GET), or submit/correct it as one set (POST: secretary or chair only)."""

    @extend_schema(responses=ClpSetOut, summary="A CLP's current nominations and their version")
    def get(self, request, section_id: int, clp_slug: str):
        section, clp = _section(section_id), get_object_or_404(CLP, slug=clp_slug)
        nset, _current = selectors.clp_set(section, clp)
        rows = selectors.clp_rows(section, clp) or [selectors.clp_entry([], clp)]
        return Response(ClpSetOut({**rows[0], "version": nset.version if nset else 0}).data)

    @extend_schema(
        request=SetIn,
        responses={201: ChangeOut, 400: RefusalOut, 403: None},
        summary="Submit or correct a CLP's nominations",
    )
    def post(self, request, section_id: int, clp_slug: str):
        section, clp = _section(section_id), get_object_or_404(CLP, slug=clp_slug)
        data = _valid(SetIn, request)
        proposal = services.proposal_from_ids(
            section=section, candidate_ids=data["candidates"], meeting_date=data.get("meeting_date"),
            method=data.get("method", ""), votes=data.get("votes"),
        )  # fmt: skip
        return _write(lambda: services.nomination_set_submit(
            section=section, clp=clp, user=request.user, proposal=proposal, reason=data["reason"],
            expected_version=data.get("version"), source=NominationChange.Source.API,
        ))  # fmt: skip


class ClpWithdraw(APIView):
    @extend_schema(
        request=WithdrawIn,
        responses={201: ChangeOut, 400: RefusalOut, 403: None},
        summary="Withdraw some or all of a CLP's nominations",
    )
    def post(self, request, section_id: int, clp_slug: str):
        section, clp = _section(section_id), get_object_or_404(CLP, slug=clp_slug)
        data = _valid(WithdrawIn, request)
        return _write(lambda: services.nomination_withdraw(
            section=section, clp=clp, user=request.user, candidate_ids=data.get("candidates"),
            reason=data["reason"], expected_version=data.get("version"), source=NominationChange.Source.API,
        ))  # fmt: skip


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _write(call) -> Response:
    try:
        change = call()
    except PermissionDenied as exc:
        return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
    except NominationRefused as exc:
        return Response({"errors": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
    return Response(ChangeOut(change).data, status=status.HTTP_201_CREATED)
