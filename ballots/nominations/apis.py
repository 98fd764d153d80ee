"""REST API for nominations: read for everyone signed in; write for a CLP's secretary and chair,
through the same services (and so the same refusals) as the pages. Errors take the API's one
shape (elections/api_errors.py): a malformed request is a 400 naming the field; a set the rules
refuse is a 422 with every reason in ``errors.non_field_errors`` (409 when someone changed the set
after you read its version); a permission refusal is a 403 whose ``detail`` says why."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from ballots.nominations import selectors, services
from ballots.nominations.models import MeetingMethod, NominationChange
from elections import bounds
from elections.api_schema import errors_for
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
        child=bounds.IdField(), allow_empty=True, max_length=200, help_text="Candidate ids."
    )
    meeting_date = serializers.DateField(required=False, allow_null=True)
    method = serializers.ChoiceField(choices=MeetingMethod.choices, required=False, allow_blank=True)
    votes = bounds.CountsById(
        child=bounds.WholeNumberField(allow_null=True), required=False, help_text="Candidate id -> votes."
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000, help_text="Needed for a correction."
    )
    version = bounds.WholeNumberField(required=False, allow_null=True)


class WithdrawIn(serializers.Serializer):
    candidates = serializers.ListField(
        child=bounds.IdField(),
        required=False,
        allow_null=True,
        max_length=200,
        help_text="Candidate ids; omit to withdraw all.",
    )
    reason = serializers.CharField(allow_blank=True, default="", max_length=2000)
    version = bounds.WholeNumberField(required=False, allow_null=True)


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
        responses={201: ChangeOut, **errors_for(409, 422)},
        summary="Submit or correct a CLP's nominations",
    )
    def post(self, request, section_id: int, clp_slug: str):
        section, clp = _section(section_id), get_object_or_404(CLP, slug=clp_slug)
        services.require_officer(request.user, clp)  # before reading the body: not theirs, whatever it says
        data = _valid(SetIn, request)
        proposal = services.proposal_from_ids(
            section=section, candidate_ids=data["candidates"], meeting_date=data.get("meeting_date"),
            method=data.get("method", ""), votes=data.get("votes"),
        )  # fmt: skip
        change = services.nomination_set_submit(
            section=section, clp=clp, user=request.user, proposal=proposal, reason=data["reason"],
            expected_version=data.get("version"), source=NominationChange.Source.API,
        )  # fmt: skip
        return Response(ChangeOut(change).data, status=status.HTTP_201_CREATED)


class ClpWithdraw(APIView):
    @extend_schema(
        request=WithdrawIn,
        responses={201: ChangeOut, **errors_for(409, 422)},
        summary="Withdraw some or all of a CLP's nominations",
    )
    def post(self, request, section_id: int, clp_slug: str):
        section, clp = _section(section_id), get_object_or_404(CLP, slug=clp_slug)
        services.require_officer(request.user, clp)
        data = _valid(WithdrawIn, request)
        change = services.nomination_withdraw(
            section=section, clp=clp, user=request.user, candidate_ids=data.get("candidates"),
            reason=data["reason"], expected_version=data.get("version"), source=NominationChange.Source.API,
        )  # fmt: skip
        return Response(ChangeOut(change).data, status=status.HTTP_201_CREATED)


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
