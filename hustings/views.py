"""Hustings pages: list, audience, moderator console, chair console, presenter view, transcript.

Pages are plain templates; live content arrives over the websocket (static/js/hustings*.js).
Every page checks the same rules as the websocket (hustings.permissions).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from hustings import permissions, selectors, transcript


def _context(request, hustings, **extra) -> dict:
    user = request.user
    return {
        "hustings": hustings,
        "candidates": hustings.candidates.order_by("display_name"),
        "role": permissions.role_of(user, hustings),
        "can_moderate": permissions.can_moderate(user, hustings),
        "can_chair": permissions.can_chair(user, hustings),
        "member_refusal": permissions.member_refusal(user, hustings),
        "max_chars": settings.HUSTINGS_QUESTION_MAX_CHARS,
        "ws_path": f"/ws/hustings/{hustings.pk}/",
        **extra,
    }


@login_required
def hustings_list(request):
    rows = [(h, permissions.role_of(request.user, h)) for h in selectors.hustings_list()]
    return render(request, "hustings/list.html", {"rows": rows})


@login_required
def audience(request, pk):
    hustings = selectors.hustings_by_id(pk)
    permissions.require_attendance(request.user, hustings)
    return render(request, "hustings/audience.html", _context(request, hustings))


@login_required
def moderate(request, pk):
    hustings = selectors.hustings_by_id(pk)
    permissions.require_moderator(request.user, hustings)
    return render(request, "hustings/moderate.html", _context(request, hustings))


@login_required
def chair(request, pk):
    hustings = selectors.hustings_by_id(pk)
    permissions.require_chair(request.user, hustings)
    return render(request, "hustings/chair.html", _context(request, hustings))


@login_required
def present(request, pk):
    hustings = selectors.hustings_by_id(pk)
    permissions.require_attendance(request.user, hustings)
    return render(request, "hustings/present.html", _context(request, hustings))


@login_required
def transcript_csv(request, pk):
    hustings = selectors.hustings_by_id(pk)
    permissions.require_transcript_reader(request.user, hustings)
    response = HttpResponse(transcript.as_csv(hustings), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hustings-{hustings.pk}-{slugify(hustings.title)}.csv"'
    return response


@login_required
def transcript_markdown(request, pk):
    hustings = selectors.hustings_by_id(pk)
    permissions.require_transcript_reader(request.user, hustings)
    response = HttpResponse(transcript.as_markdown(hustings), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hustings-{hustings.pk}-{slugify(hustings.title)}.md"'
    return response
