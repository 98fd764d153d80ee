"""Admin for nominations. The trail (sets, changes, nominations), the rules and affiliates'
nominations are read-only here: corrections go through the officers' page, the API or the CSV
import, rule changes through the rules page (with a reason once CLPs have nominated), affiliates'
nominations through the affiliates page; each keeps who, when and why."""

from django.contrib import admin

from ballots.nominations.models import (
    Affiliate,
    AffiliateNomination,
    Nomination,
    NominationChange,
    NominationRules,
    NominationRulesChange,
    NominationSet,
)
from elections.admin import AuditedAdmin, ReadOnlyAdmin


@admin.register(NominationRules)
class NominationRulesAdmin(ReadOnlyAdmin):
    list_display = [
        "section",
        "max_per_clp",
        "min_women_per_clp",
        "threshold_kind",
        "threshold_value",
        "eligibility_months",
    ]
    list_select_related = ["section__election"]
    list_filter = ["threshold_kind", "section__election"]
    search_fields = ["section__name", "section__election__name"]


@admin.register(NominationRulesChange)
class NominationRulesChangeAdmin(ReadOnlyAdmin):
    list_display = ["made_at", "section", "made_by", "clps_nominated", "reason"]
    list_select_related = ["section__election", "made_by"]
    list_filter = ["section"]
    search_fields = ["reason", "section__name"]


@admin.register(NominationSet)
class NominationSetAdmin(ReadOnlyAdmin):
    list_display = ["clp", "section", "version"]
    list_select_related = ["clp", "section__election"]
    list_filter = ["section", "clp__region"]
    search_fields = ["clp__name"]


@admin.register(NominationChange)
class NominationChangeAdmin(ReadOnlyAdmin):
    list_display = ["made_at", "nomination_set", "action", "source", "made_by", "reason"]
    list_select_related = ["nomination_set__clp", "nomination_set__section__election", "made_by"]
    list_filter = ["action", "source", "nomination_set__section"]
    search_fields = ["nomination_set__clp__name", "made_by__username", "reason"]
    date_hierarchy = "made_at"


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin):
    list_display = ["clp", "candidate", "status", "meeting_date", "method", "votes", "eligibility_checked"]
    list_select_related = ["clp", "candidate"]
    list_filter = ["status", "method", "eligibility_checked", "section", "clp__region"]
    search_fields = ["clp__name", "candidate__display_name"]


@admin.register(Affiliate)
class AffiliateAdmin(AuditedAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(AffiliateNomination)
class AffiliateNominationAdmin(ReadOnlyAdmin):
    list_display = ["affiliate", "candidate", "recorded_by", "recorded_at"]
    list_select_related = ["affiliate", "candidate", "recorded_by"]
    list_filter = ["affiliate__kind", "candidate__section"]
    search_fields = ["affiliate__name", "candidate__display_name"]
