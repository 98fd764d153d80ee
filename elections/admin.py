from django.contrib import admin
from django.utils.html import format_html, format_html_join

from elections.models import (
    CLP,
    Candidate,
    CLPOfficer,
    Election,
    Endorsement,
    LiveEvent,
    LivePresence,
    LiveStream,
    Member,
    Section,
    Slate,
    Statement,
    StatementRevision,
)

admin.site.site_header = "NEC elections administration"
admin.site.site_title = "NEC elections admin"
admin.site.index_title = "Records"


def readable(value):
    """JSON (dicts, lists) as nested lists a person can read, instead of Python's repr."""
    if isinstance(value, dict):
        if not value:
            return "—"
        rows = ((key, readable(item)) for key, item in value.items())
        return format_html('<dl class="readable">{}</dl>', format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows))
    if isinstance(value, (list, tuple)):
        if not value:
            return "—"
        if all(not isinstance(item, (dict, list, tuple)) for item in value):
            return ", ".join(str(item) for item in value)
        return format_html(
            '<ul class="readable">{}</ul>', format_html_join("", "<li>{}</li>", ((readable(i),) for i in value))
        )
    return "—" if value in (None, "") else str(value)


@admin.register(CLP)
class CLPAdmin(admin.ModelAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["membership_number", "user", "clp", "joined_on", "in_good_standing"]
    list_filter = ["in_good_standing", "clp__region"]
    search_fields = ["membership_number", "user__username", "user__first_name", "user__last_name", "clp__name"]
    autocomplete_fields = ["user", "clp"]
    date_hierarchy = "joined_on"


@admin.register(CLPOfficer)
class CLPOfficerAdmin(admin.ModelAdmin):
    list_display = ["clp", "office", "user"]
    list_filter = ["office", "clp__region"]
    search_fields = ["clp__name", "user__username", "user__last_name"]
    autocomplete_fields = ["user", "clp"]


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["returning_officers"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "election",
        "seats",
        "min_women",
        "counting_method",
        "nomination_opens",
        "nomination_closes",
    ]
    list_filter = ["election", "counting_method"]
    search_fields = ["name", "election__name"]
    prepopulated_fields = {"slug": ["name"]}


class EndorsementInline(admin.TabularInline):
    model = Endorsement
    extra = 0
    autocomplete_fields = ["candidate"]


@admin.register(Slate)
class SlateAdmin(admin.ModelAdmin):
    list_display = ["name", "election"]
    list_filter = ["election"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EndorsementInline]


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ["display_name", "section", "home_clp", "gender", "withdrawn", "has_photo"]
    list_filter = ["section", "withdrawn", "gender", "home_clp__region", "slates"]
    search_fields = ["display_name", "home_clp__name"]
    autocomplete_fields = ["user", "home_clp"]
    prepopulated_fields = {"slug": ["display_name"]}

    @admin.display(boolean=True, description="Photo")
    def has_photo(self, candidate):
        return bool(candidate.photo)


class StatementRevisionInline(admin.TabularInline):
    """Revisions are the record of what was said: shown, never edited here."""

    model = StatementRevision
    extra = 0
    fields = ["number", "created", "author", "word_count", "published_at", "contact_details_confirmed"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["candidate", "kind", "published", "hidden_at"]
    list_filter = ["kind", "candidate__section", ("hidden_at", admin.EmptyFieldListFilter)]
    search_fields = ["candidate__display_name", "hidden_reason"]
    readonly_fields = ["candidate", "kind", "published", "hidden_reason", "hidden_by", "hidden_at"]
    inlines = [StatementRevisionInline]


@admin.register(StatementRevision)
class StatementRevisionAdmin(admin.ModelAdmin):
    list_display = ["statement", "number", "created", "author", "word_count", "published_at"]
    list_filter = ["statement__kind", "statement__candidate__section"]
    search_fields = ["statement__candidate__display_name", "body"]
    date_hierarchy = "created"
    exclude = ["contact_details"]
    readonly_fields = ["contact_details_found"]

    @admin.display(description="Contact details found")
    def contact_details_found(self, revision):
        return readable([f"{d.get('kind')}: {d.get('text')}" for d in revision.contact_details])

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Endorsement)
class EndorsementAdmin(admin.ModelAdmin):
    list_display = ["slate", "candidate", "position"]
    list_filter = ["slate"]
    autocomplete_fields = ["slate", "candidate"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that only services write (trails, logs, live events): staff read them here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LiveEvent)
class LiveEventAdmin(ReadOnlyAdmin):
    """The record of what live pages were sent."""

    list_display = ["stream", "seq", "type", "created"]
    list_filter = ["type"]
    search_fields = ["stream"]
    exclude = ["payload"]
    readonly_fields = ["what_was_sent"]

    @admin.display(description="What was sent")
    def what_was_sent(self, event):
        return readable(event.payload)


@admin.register(LiveStream)
class LiveStreamAdmin(ReadOnlyAdmin):
    list_display = ["name", "last_seq"]
    search_fields = ["name"]


@admin.register(LivePresence)
class LivePresenceAdmin(ReadOnlyAdmin):
    """Who has a live page open, per process (written by the live processes themselves)."""

    list_display = ["topic", "user_id", "process", "seen"]
    list_filter = ["topic"]
    search_fields = ["topic", "process"]
