"""Online ballots in the admin: read-only.

Ballots, their electorates, the marked register and electorate rules can be read here; they change
only through the services. Ballot papers are listed only once their ballot has closed (they are
then the published list): while a ballot is open nobody, staff included, sees its papers.
"""

from django.contrib import admin

from ballots.voting.models import BallotPaper, ElectorateRules, OnlineBallot, RegisterMark, Voter
from elections.admin import ReadOnlyAdmin


@admin.register(OnlineBallot)
class OnlineBallotAdmin(ReadOnlyAdmin):
    list_display = ["id", "title", "kind", "state", "electorate_size", "turnout", "opened_at", "closed_at"]
    list_filter = ["kind", "state", "section__election"]
    search_fields = ["title", "clp__name", "section__name", "sealed_sha256"]
    exclude = ["result_json"]


@admin.register(Voter)
class VoterAdmin(ReadOnlyAdmin):
    """The electorate: who may vote. Whether they have voted is not shown."""

    list_display = ["member", "ballot", "added_by"]
    list_filter = ["ballot"]
    search_fields = ["member__membership_number", "member__user__username", "member__user__last_name"]
    exclude = ["code_hash"]
    list_select_related = ["member__user", "ballot", "added_by"]


@admin.register(ElectorateRules)
class ElectorateRulesAdmin(ReadOnlyAdmin):
    list_display = ["section", "group", "region", "age_under", "on_date"]


@admin.register(RegisterMark)
class RegisterMarkAdmin(ReadOnlyAdmin):
    """Who has voted, to the minute: for settling a member's query. Nothing here says how."""

    list_display = ["voter", "marked_at", "at_meeting"]
    list_filter = ["ballot", "at_meeting"]
    search_fields = ["voter__member__membership_number", "voter__member__user__username"]
    list_select_related = ["voter__member__user", "voter__ballot"]


@admin.register(BallotPaper)
class BallotPaperAdmin(ReadOnlyAdmin):
    """The published list of closed ballots, in receipt-hash order; an open ballot's papers never show."""

    list_display = ["receipt_hash", "ballot", "preferences"]
    list_filter = ["ballot"]
    search_fields = ["receipt_hash"]
    ordering = ["receipt_hash"]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(ballot__state=OnlineBallot.State.OPEN)
