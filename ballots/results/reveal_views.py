"""The live results page (members, and a projector mode) and the returning officer's control
that reveals the next stage. The page is complete without JavaScript (it refreshes itself while a
reveal is under way); ``static/js/live_reveal.js`` follows the live stream instead."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ballots.results import flowcharts, permissions, selectors, services
from elections.refusals import Refusal


def _context(request, count, refusal: str = "") -> dict:
    state = services.reveal_state(count)
    return {"count": count, "section": count.section, "state": state, "chart": flowcharts.reveal_chart(state),
            "can_advance": permissions.can_manage_results(request.user, count.section),
            "projector": request.GET.get("projector") == "1", "refusal": refusal,
            "stream": services.reveal_stream(count.pk)}  # fmt: skip


@login_required
@require_GET
def live_page(request, pk):
    count = selectors.count(pk)
    permissions.require_see_count(request.user, count)
    refusal = services.reveal_refusal(count, None) if not count.is_declared else None
    if refusal is not None:
        context = {"count": count, "section": count.section, "state": None, "refusal": refusal.message}
        return render(request, "ballots/results/live.html", context, status=refusal.status_code)
    template = "ballots/results/_live_body.html" if request.GET.get("fragment") == "1" else "ballots/results/live.html"
    return render(request, template, _context(request, count))


@login_required
@require_POST
def reveal_next(request, pk):
    count = selectors.count(pk)
    try:
        services.reveal_advance(user=request.user, count=count)
    except Refusal as exc:
        return render(request, "ballots/results/live.html", _context(request, count, exc.message),
                      status=exc.status_code)  # fmt: skip
    return redirect("results:live", pk=count.pk)
