"""The Django admin for elections data. Every change made in any admin page of the platform is
written to the audit log (``AuditedAdmin``); records that only services may write are read-only
here (``ReadOnlyAdmin``); sections change through the same service as the settings page."""

from django import forms
from django.contrib import admin
from django.contrib.admin import widgets as admin_widgets
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst

from elections import services
from elections.audit import audit_record
from elections.models import (
    CLP,
    AuditEntry,
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


SECRET_FIELDS = {"password", "password1", "password2"}


def _plain(value):
    """A form value as the audit log keeps it: text, or a list of texts for many-to-many fields."""
    if value is None or isinstance(value, (bool, int)):
        return value
    if hasattr(value, "__iter__") and not isinstance(value, str):
        return sorted(str(v) for v in value)
    return str(value)


def form_changes(form, formsets=()) -> dict:
    """{field: [before, after]} for each field the admin form changed (secrets named, not kept)."""
    changes = {}
    for name in form.changed_data:
        if name in SECRET_FIELDS:
            changes[name] = ["(hidden)", "(changed)"]
        else:
            changes[name] = [_plain(form.initial.get(name)), _plain(form.cleaned_data.get(name))]
    for formset in formsets:
        for inline in formset.forms:
            if inline.has_changed() and inline.instance.pk:
                changes[f"{formset.prefix}: {inline.instance}"] = sorted(inline.changed_data)
    return changes


class NamedInputsMixin:
    """Every input the admin draws has its own accessible name (WCAG 2.2 AA, checked by axe in the
    page crawler). Django labels a date-and-time pair once, with a label tied to neither input: here
    each part is named "Ballot opens: date" and "Ballot opens: time" (the visible "Date:" and "Time:"
    are in those names)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(formfield.widget, admin_widgets.AdminSplitDateTime):
            for widget, part in zip(formfield.widget.widgets, ("date", "time")):
                widget.attrs["aria-label"] = f"{formfield.label}: {part}"
        return formfield


class NamedRowsFormSet(BaseInlineFormSet):
    """A table of inline rows has column headings but no label on any input: each input is named by
    its row and column ("Endorsement 2: Position"; "New endorsement: Position" in a row added)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        name = self.model._meta.verbose_name
        row = f"{capfirst(name)} {index + 1}" if index is not None else f"New {name}"
        for field in form.fields.values():
            # A date-and-time pair's parts are named by NamedInputsMixin; a name on the pair would replace theirs.
            if not field.widget.is_hidden and not isinstance(field.widget, forms.MultiWidget):
                field.widget.attrs.setdefault("aria-label", f"{row}: {field.label}")


class TabularInline(NamedInputsMixin, admin.TabularInline):
    """Django's table of inline rows, with every input named (``NamedRowsFormSet``)."""

    formset = NamedRowsFormSet


def section_of(obj):
    """The election section an object belongs to, for the audit entry's section (or None)."""
    if isinstance(obj, Section):
        return obj
    return getattr(obj, "section", None) if isinstance(getattr(obj, "section", None), Section) else None


class AuditedAdmin(NamedInputsMixin, admin.ModelAdmin):
    """Writes every add, change and delete made here to the audit log, in the admin's own
    transaction, with the fields changed (before and after)."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        audit_record(
            actor=request.user, action="admin.changed" if change else "admin.added", section=section_of(obj), obj=obj,
            details={"model": obj._meta.label, "object": str(obj), "changes": form_changes(form, formsets)},
        )  # fmt: skip

    def delete_model(self, request, obj):
        self._audit_deletion(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._audit_deletion(request, obj)
        super().delete_queryset(request, queryset)

    def _audit_deletion(self, request, obj) -> None:
        section = section_of(obj)
        audit_record(
            actor=request.user, action="admin.deleted", obj=obj,
            section=None if section is obj else section,  # an entry must not hold on to what is deleted
            details={"model": obj._meta.label, "object": str(obj)},
        )  # fmt: skip


@admin.register(CLP)
class CLPAdmin(AuditedAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Member)
class MemberAdmin(AuditedAdmin):
    list_display = ["membership_number", "user", "clp", "joined_on", "in_good_standing"]
    list_filter = ["in_good_standing", "clp__region"]
    search_fields = ["membership_number", "user__username", "user__first_name", "user__last_name", "clp__name"]
    autocomplete_fields = ["user", "clp"]
    date_hierarchy = "joined_on"


@admin.register(CLPOfficer)
class CLPOfficerAdmin(AuditedAdmin):
    list_display = ["clp", "office", "user"]
    list_filter = ["office", "clp__region"]
    search_fields = ["clp__name", "user__username", "user__last_name"]
    autocomplete_fields = ["user", "clp"]


class SectionInline(TabularInline):
    """An election's sections, listed; each is changed on its own page, through the settings service."""

    model = Section
    extra = 0
    fields = ["name", "seats", "min_women", "counting_method", "counting_lock"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Election)
class ElectionAdmin(AuditedAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["returning_officers"]
    inlines = [SectionInline]


class SectionAdminForm(forms.ModelForm):
    """The admin's form for a section: the settings a count depends on are checked by the same rule
    as the settings page (``section_settings_refusal``), shown beside each frozen field."""

    class Meta:
        model = Section
        fields = [
            "election",
            "name",
            "slug",
            "nomination_opens",
            "nomination_closes",
            *services.SECTION_SETTINGS,
            "statements_locked_at",
            "statements_locked_by",
        ]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:  # the instance still holds the stored values here
            refusal = services.section_settings_refusal(self.instance, cleaned)
            if refusal is not None:
                for field, reasons in refusal.errors.items():
                    self.add_error(field if field in self.fields else None, reasons)
                self.add_error(None, refusal.message)
        return cleaned


@admin.register(Section)
class SectionAdmin(AuditedAdmin):
    form = SectionAdminForm
    list_display = [
        "name",
        "election",
        "seats",
        "min_women",
        "counting_method",
        "nomination_opens",
        "nomination_closes",
        "counting_lock",
    ]
    list_filter = ["election", "counting_method", "counting_lock"]
    search_fields = ["name", "election__name"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["counting_lock"]

    def get_readonly_fields(self, request, obj=None):
        """The nomination window is set when a section is added; after that it is a nomination
        rule, changed on the nomination rules page (with a reason once CLPs have nominated)."""
        window = ["nomination_opens", "nomination_closes"] if obj is not None else []
        return [*super().get_readonly_fields(request, obj), *window]

    def save_model(self, request, obj, form, change):
        """A change to the section's settings goes through their service (which checks the freeze
        again under the row lock); anything else on the form is saved as it is."""
        if not change:
            return super().save_model(request, obj, form, change)
        settings_changed = {f: form.cleaned_data[f] for f in form.changed_data if f in services.SECTION_SETTINGS}
        if settings_changed:
            services.section_update_settings(section=obj, user=request.user, **settings_changed)
        others = [f for f in form.changed_data if f not in services.SECTION_SETTINGS and f in form.cleaned_data]
        if others:
            obj.save(update_fields=others)
        return None


class EndorsementInline(TabularInline):
    model = Endorsement
    extra = 0
    autocomplete_fields = ["candidate"]


@admin.register(Slate)
class SlateAdmin(AuditedAdmin):
    list_display = ["name", "election"]
    list_filter = ["election"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EndorsementInline]


@admin.register(Candidate)
class CandidateAdmin(AuditedAdmin):
    list_display = ["display_name", "section", "home_clp", "gender", "withdrawn", "has_photo"]
    list_filter = ["section", "withdrawn", "gender", "home_clp__region", "slates"]
    search_fields = ["display_name", "home_clp__name"]
    autocomplete_fields = ["user", "home_clp"]
    prepopulated_fields = {"slug": ["display_name"]}

    @admin.display(boolean=True, description="Photo")
    def has_photo(self, candidate):
        return bool(candidate.photo)


class StatementRevisionInline(TabularInline):
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
class StatementAdmin(AuditedAdmin):
    list_display = ["candidate", "kind", "published", "hidden_at"]
    list_filter = ["kind", "candidate__section", ("hidden_at", admin.EmptyFieldListFilter)]
    search_fields = ["candidate__display_name", "hidden_reason"]
    readonly_fields = ["candidate", "kind", "published", "hidden_reason", "hidden_by", "hidden_at"]
    inlines = [StatementRevisionInline]


@admin.register(StatementRevision)
class StatementRevisionAdmin(AuditedAdmin):
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
class EndorsementAdmin(AuditedAdmin):
    list_display = ["slate", "candidate", "position"]
    list_filter = ["slate"]
    autocomplete_fields = ["slate", "candidate"]


class ReadOnlyAdmin(NamedInputsMixin, admin.ModelAdmin):
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


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "section", "object_type", "object_id", "what"]
    list_filter = ["action", "section__election"]
    search_fields = ["action", "actor__username", "object_type"]
    date_hierarchy = "at"
    exclude = ["details"]
    readonly_fields = ["what"]

    @admin.display(description="Details")
    def what(self, entry):
        return readable(entry.details)

    def get_actions(self, request):
        return {}  # no bulk delete


class AuditedUserAdmin(AuditedAdmin, UserAdmin):
    """Django's own user admin, with its changes (staff status, permissions) in the audit log."""


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), AuditedUserAdmin)
