"""The verification kit's downloads and its check of a member's file (on the result sheet).

The anonymised ballots are for every member where the section publishes them; the returning
officers and staff may always download them (they hold the ballots anyway).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from ballots.results import count_views, forms, permissions, selectors, services, verification
from elections import uploads


def not_published(section) -> str:
    return (
        f"The ballots of {section} are not published: the returning officer has not chosen to publish them "
        "with the result. The hashes and the command above still let you check a copy you were given."
    )


def _count_with_kit(request, pk):
    """The count, if this person may see it and it has a verification kit (else 403 or 404)."""
    count = selectors.count(pk)
    permissions.require_see_count(request.user, count)
    if not verification.available(count):
        raise Http404("This count has no verification kit: it is not a declared count of loaded ballots.")
    return count


@login_required
@require_GET
def kit_ballots(request, pk):
    count = _count_with_kit(request, pk)
    if not count.section.publish_ballots and not permissions.can_manage_results(request.user, count.section):
        raise PermissionDenied(not_published(count.section))
    kit = verification.kit_for(count)
    services.audit_record(actor=request.user, action="count.kit_downloaded", section=count.section, obj=count)
    response = HttpResponse(verification.ballots_file(count), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kit.filename}"'
    return response


@login_required
@require_POST
def kit_check(request, pk):
    count = _count_with_kit(request, pk)
    limit = services.upload_limit_bytes()
    outcome, status = {}, 200
    try:
        uploads.check_request_size(request, limit=limit, what="file")
        form = forms.VerifyFileForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            uploads.check_upload_size(upload.size, limit=limit, what="file")
            sha = verification.sha256_of(upload)
            kit = verification.kit_for(count)
            outcome = {"sha256": sha, "matches": kit.matches(sha), "name": upload.name}
        else:
            outcome, status = {"error": " ".join(form.errors.get("file", ["Choose a file to check."]))}, 422
    except uploads.UploadTooLarge as exc:
        outcome, status = {"error": exc.message}, exc.status_code
    context = count_views._sheet_context(request, count, verify=outcome)
    return render(request, "ballots/results/count.html", context, status=status)
