"""Hustings pages: list, audience, moderator console, chair console, presenter view, transcript.

Pages are plain templates; live content arrives over the websocket (static/js/hustings*.js).
Every page checks the same rules as the websocket (hustings.permissions).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify

from hustings import permissions, selectors, services, transcript
from hustings.forms import SettingsForm
from hustings.video import allowed_hosts, frame_origin


def _context(request, hustings, **extra) -> dict:
    user = request.user
    role = permissions.role_of(user, hustings)
    return {
        "hustings": hustings,
        "candidates": hustings.candidates.order_by("display_name", "id"),
        "role": role,
        "can_moderate": permissions.can_moderate(user, hustings),
        "can_chair": permissions.can_chair(user, hustings),
        # Why the ask form is not for this person (a candidate here, or not a member of the area).
        "member_refusal": permissions.CANDIDATE_REFUSAL
        if role == permissions.CANDIDATE
        else permissions.member_refusal(user, hustings),
        "max_chars": settings.HUSTINGS_QUESTION_MAX_CHARS,
        "ws_path": f"/ws/hustings/{hustings.pk}/",
        "join_url": request.build_absolute_uri(hustings.get_absolute_url()),
        **extra,
    }


def _with_video(response, hustings):
    """Let this page frame the hustings' stream, and only it (the site's policy frames nothing)."""
    origin = frame_origin(hustings.video_url)
    if origin:
        response._csp_update = {"frame-src": [origin]}
    return response


@login_required
def hustings_list(request):
    rows = [(h, permissions.role_of(request.user, h)) for h in selectors.hustings_list()]
    return render(request, "hustings/list.html", {"rows": rows})


@login_required
def audience(request, pk):
    hustings = selectors.hustings_by_id(pk)
    permissions.require_attendance(request.user, hustings)
    video = hustings.video_url if frame_origin(hustings.video_url) else ""
    return _with_video(render(request, "hustings/audience.html", _context(request, hustings, video=video)), hustings)


@login_required
def moderate(request, pk):
    hustings = selectors.hustings_by_id(pk)
    permissions.require_moderator(request.user, hustings)
    return render(request, "hustings/moderate.html", _context(request, hustings))


@login_required
def chair(request, pk):
    hustings = selectors.hustings_by_id(pk)
    permissions.require_chair(request.user, hustings)
    return render(request, "hustings/chair.html", _context(request, hustings, fairness=selectors.fairness(hustings)))


@login_required
def hustings_settings(request, pk):
    hustings = selectors.hustings_by_id(pk)
    permissions.require_chair(request.user, hustings)
    form = SettingsForm.of(hustings, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.hustings_update_settings(actor=request.user, hustings=hustings, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)  # each reason beside its field
        else:
            messages.success(request, "Settings saved. They apply from the next question put.")
            return redirect("hustings:chair", pk=hustings.pk)
    status = 422 if form.errors else 200
    return render(
        request,
        "hustings/settings.html",
        _context(request, hustings, form=form, video_hosts=allowed_hosts()),
        status=status,
    )


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
