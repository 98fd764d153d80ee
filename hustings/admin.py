from django.contrib import admin

from hustings.models import Answer, Hustings, Question, RateHit, Vote


@admin.register(Hustings)
class HustingsAdmin(admin.ModelAdmin):
    list_display = ["title", "section", "starts_at", "state", "chair", "answer_seconds"]
    list_filter = ["state", "section__election", "region"]
    search_fields = ["title", "section__name", "clp__name"]
    autocomplete_fields = ["chair", "clp", "moderators", "candidates"]
    readonly_fields = ["current_question"]
    date_hierarchy = "starts_at"


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    readonly_fields = ["candidate", "order", "status", "duration", "first_started_at", "ended_at", "spoken_seconds"]
    fields = readonly_fields


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "hustings", "author", "status", "votes_count", "put_order", "created"]
    list_filter = ["status", "hustings"]
    search_fields = ["text", "original_text", "author__username", "author__last_name"]
    autocomplete_fields = ["author", "moderated_by", "askers", "to_candidates"]
    raw_id_fields = ["merged_into"]
    inlines = [AnswerInline]


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ["question", "user", "created"]
    list_filter = ["question__hustings"]
    search_fields = ["user__username", "question__text"]
    raw_id_fields = ["question"]
    autocomplete_fields = ["user"]


@admin.register(RateHit)
class RateHitAdmin(admin.ModelAdmin):
    list_display = ["hustings", "user", "action", "at"]
    list_filter = ["action", "hustings"]
    search_fields = ["user__username"]
    autocomplete_fields = ["user"]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["question", "candidate", "order", "status", "duration", "spoken_seconds"]
    list_filter = ["status", "question__hustings"]
    search_fields = ["candidate__display_name", "question__text"]
    raw_id_fields = ["question"]
    autocomplete_fields = ["candidate"]
