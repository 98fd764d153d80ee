"""The one guard on the size of uploads (ballot files, nominations CSVs, candidates' photos).

Each upload is checked twice by the same rule: ``check_request_size`` before the body is read
(from its declared Content-Length, so a huge upload is refused without being received), and
``check_upload_size`` on the file itself once read (a body sent without a length, or a file a
little over the limit inside an allowed body). Both raise ``UploadTooLarge``: a refusal the API
answers 413 and pages show beside the file field. The limits are settings (docs/operations.md).
"""

from __future__ import annotations

import io

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from elections.refusals import Refusal

# A multipart body is the file plus its boundaries and the form's other fields.
MULTIPART_SLACK = 64 * 1024


class UploadTooLarge(Refusal):
    status_code = 413


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
    if size >= 1024:
        return f"{size // 1024:,} KB"
    return f"{size:,} byte{'s' if size != 1 else ''}"


def check_upload_size(size: int, *, limit: int, what: str, hint: str = "", field: str = "file") -> None:
    """Refuse a ``what`` (e.g. "ballot file") of ``size`` bytes over ``limit``; ``hint`` says what to do instead."""
    if size > limit:
        shown, most = size_text(size), size_text(limit)
        if shown == most:  # just over: rounding would make the two look equal
            shown, most = f"{size:,} bytes", f"{limit:,} bytes ({most})"
        message = f"This {what} is {shown}; the largest {what} accepted here is {most}."
        message = f"{message} {hint}" if hint else message
        raise UploadTooLarge(message, errors={field: [message]}, code="upload_too_large")


def declared_size(request) -> int:
    """The body's declared length; 0 when absent or malformed (as Django itself reads it)."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def check_request_size(request, *, limit: int, what: str, hint: str = "", field: str = "file") -> None:
    """Before anything reads ``request.POST`` or ``request.FILES``: refuse a body too big to hold a
    ``what`` within ``limit``."""
    size = declared_size(request)
    if size > limit + MULTIPART_SLACK:
        check_upload_size(size, limit=limit, what=what, hint=hint, field=field)


class BoundedJSONParser(JSONParser):
    """The API's JSON parser, holding a body to ``DATA_UPLOAD_MAX_MEMORY_SIZE`` as Django does for
    forms (the REST framework reads the stream itself, past Django's check), and refusing nesting
    too deep for Python's parser as malformed rather than failing with a RecursionError."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        data = stream.read(limit + 1) if stream is not None else b""
        if limit is not None and len(data) > limit:
            raise RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.")
        try:
            return super().parse(io.BytesIO(data), media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the JSON is nested too deeply.") from None
