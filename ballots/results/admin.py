"""Results in the admin: read-only. Ballot sets, returns and counts change only through the
services (the audit log is in the elections admin, read-only too)."""

from django.contrib import admin

from ballots.results.models import BallotReturn, BallotSet, Count, LiveReveal, RuleComparison
from elections.admin import ReadOnlyAdmin, readable


@admin.register(BallotSet)
class BallotSetAdmin(ReadOnlyAdmin):
    list_display = ["id", "section", "original_name", "ballots_total", "sha256", "loaded_by", "loaded_at"]
    list_filter = ["section__election", "format"]
    search_fields = ["original_name", "sha256", "section__name"]
    date_hierarchy = "loaded_at"
    exclude = ["candidate_map", "report"]
    readonly_fields = ["candidates_in_the_file", "validation_report"]

    @admin.display(description="Candidates in the file")
    def candidates_in_the_file(self, ballot_set):
        return readable([f"{row[0]} → {row[2]}" for row in ballot_set.candidate_map])

    @admin.display(description="Validation report")
    def validation_report(self, ballot_set):
        return readable(ballot_set.report)


@admin.register(BallotReturn)
class BallotReturnAdmin(ReadOnlyAdmin):
    list_display = ["id", "section", "method", "ballots_valid", "recorded_by", "recorded_at"]
    list_filter = ["section__election", "method"]
    search_fields = ["section__name", "scrutineer"]


@admin.register(Count)
class CountAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "section",
        "method",
        "seats",
        "min_women",
        "seed",
        "status",
        "declared_at",
        "run_by",
        "created_at",
    ]
    list_filter = ["status", "method", "section__election"]
    search_fields = ["section__name", "input_sha256", "result_sha256", "reason"]
    exclude = ["result_json", "result_flows_json", "women", "withdrawn", "elected"]
    readonly_fields = ["elected_in_order", "counted_as_women", "withdrawn_candidates"]

    @admin.display(description="Elected, in order")
    def elected_in_order(self, count):
        return readable(count.elected)

    @admin.display(description="Counted as women")
    def counted_as_women(self, count):
        return readable(count.women)

    @admin.display(description="Withdrawn candidates")
    def withdrawn_candidates(self, count):
        return readable(count.withdrawn)


@admin.register(RuleComparison)
class RuleComparisonAdmin(ReadOnlyAdmin):
    """An analysis, never a result: read-only like the counts."""

    list_display = ["id", "section", "count", "seats", "min_women", "seed", "status", "run_by", "created_at"]
    list_filter = ["status", "section__election"]
    search_fields = ["section__name", "input_sha256", "result_sha256"]
    exclude = ["result_json"]


@admin.register(LiveReveal)
class LiveRevealAdmin(ReadOnlyAdmin):
    list_display = ["count", "shown", "total", "started_by", "started_at", "updated_at"]
