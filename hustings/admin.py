"""Hustings in the admin. Staff set a hustings up here (title, times, candidates, chair and
moderators), with every change in the audit log; its state and the question being put change
only on the chair's console. Questions, answers and votes are the record of what
happened: moderation goes through the moderators' console (and its audit entries), so they are
read-only here."""

from django.contrib import admin

from elections.admin import AuditedAdmin, ReadOnlyAdmin, TabularInline
from hustings.models import Answer, Hustings, Question, RateHit, Vote


@admin.register(Hustings)
class HustingsAdmin(AuditedAdmin):
    list_display = ["title", "section", "starts_at", "state", "chair", "answer_seconds"]
    list_filter = ["state", "section__election", "region"]
    search_fields = ["title", "section__name", "clp__name"]
    autocomplete_fields = ["chair", "clp", "moderators", "candidates"]
    readonly_fields = ["state", "current_question"]
    date_hierarchy = "starts_at"


class AnswerInline(TabularInline):
    model = Answer
    extra = 0
    readonly_fields = ["candidate", "order", "status", "duration", "first_started_at", "ended_at", "spoken_seconds"]
    fields = readonly_fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "hustings", "author", "status", "votes_count", "put_order", "created"]
    list_filter = ["status", "hustings"]
    search_fields = ["text", "original_text", "author__username", "author__last_name"]
    autocomplete_fields = ["author", "moderated_by", "askers", "to_candidates"]
    raw_id_fields = ["merged_into"]
    inlines = [AnswerInline]


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    list_display = ["question", "user", "created"]
    list_filter = ["question__hustings"]
    search_fields = ["user__username", "question__text"]
    raw_id_fields = ["question"]
    autocomplete_fields = ["user"]


@admin.register(RateHit)
class RateHitAdmin(ReadOnlyAdmin):
    list_display = ["hustings", "user", "action", "at"]
    list_filter = ["action", "hustings"]
    search_fields = ["user__username"]
    autocomplete_fields = ["user"]


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    list_display = ["question", "candidate", "order", "status", "duration", "spoken_seconds"]
    list_filter = ["status", "question__hustings"]
    search_fields = ["candidate__display_name", "question__text"]
    raw_id_fields = ["question"]
    autocomplete_fields = ["candidate"]
