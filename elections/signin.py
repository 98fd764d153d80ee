"""Sign-in throttling (django-axes): what a person sees when sign-in is paused.

Axes counts failed sign-ins per account and per address (settings ``AXES_*``, from
``SIGNIN_FAILURE_LIMIT`` and ``SIGNIN_LOCKOUT_MINUTES``); once either reaches the limit, sign-in
for that account, or from that address, is refused until the pause has passed since the last
failure, even with the right password. The refusal stays on the sign-in page, beside the form.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils import timezone


def paused_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    until = timezone.localtime(timezone.now() + settings.AXES_COOLOFF_TIME)
    return (
        f"Too many failed sign-ins for this account or from your network, so sign-in is paused for "
        f"{minutes} minute{'s' if minutes != 1 else ''}. Try again after {until:%H:%M}. "
        "If you have forgotten your password, ask your CLP secretary or the returning officer."
    )


def lockout_response(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: the sign-in page again, with the reason, as 429 Too Many Requests."""
    form = AuthenticationForm(request, data=request.POST or None)
    form.errors.clear()  # the only thing to say is that sign-in is paused
    form.add_error(None, paused_message())
    context = {"form": form, "next": request.POST.get("next", request.GET.get("next", ""))}
    return render(request, "registration/login.html", context, status=429)
