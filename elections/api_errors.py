"""One shape for every error the API returns: ``{"detail": sentence, "errors": {field: [messages]}}``.

The REST framework's exception handler (settings ``REST_FRAMEWORK["EXCEPTION_HANDLER"]``), after
HackSoft's styleguide: each kind of exception maps to one status, whichever view raised it.

- 400: the request's shape is wrong (a serializer refused it); ``errors`` names each field.
- 401/403: not yours to do (not signed in; not your role).
- 404: no such thing.
- 409/422 (and 413): a rule of the election refuses it: ``elections.refusals.Refusal`` raised by a
  service, or a Django ``ValidationError`` raised by a service or a model's ``full_clean``.
- 500: anything else. Logged with its traceback; the caller sees no traceback.

Django's own error views (``handler404`` and the rest in config/urls.py) answer JSON in the same
shape under /api/, so a mistyped API address or an error outside a view is JSON too.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.urls import Resolver404
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from elections.refusals import Refusal

logger = logging.getLogger("elections.api")

API_PREFIX = "/api/"
NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY
SERVER_ERROR = (
    "Something went wrong on the server. It has been logged; please try again, or tell the returning officer."
)
NOT_FOUND = "There is nothing at this address in the API."
TOO_BIG = "The request is too large."


def api_exception_handler(exc, context) -> Response:
    """``REST_FRAMEWORK["EXCEPTION_HANDLER"]``: every exception under an API view becomes one response."""
    if isinstance(exc, Refusal):
        set_rollback()
        return Response(refusal_body(exc), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        set_rollback()
        errors = flat_errors(as_serializer_error(exc))
        return Response({"detail": summary(errors), "errors": errors}, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
    if isinstance(exc, RequestDataTooBig):
        exc = exceptions.APIException(TOO_BIG)
        exc.status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    elif isinstance(exc, SuspiciousOperation):
        exc = exceptions.ParseError(str(exc) or "The request is malformed.")
    response = drf_exception_handler(exc, context)
    if response is None:
        view = context.get("view")
        logger.error("API error in %s", type(view).__name__ if view else "?", exc_info=exc)
        set_rollback()
        return Response({"detail": SERVER_ERROR, "errors": {}}, status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    if isinstance(exc, exceptions.ValidationError):
        errors = flat_errors(as_serializer_error(exc))
        response.data = {"detail": summary(errors), "errors": errors}
    else:
        response.data = {"detail": _detail_text(response.data), "errors": {}}
    return response


def refusal_body(refusal: Refusal) -> dict:
    return {**refusal.extra, "detail": refusal.message, "errors": refusal.errors}


def flat_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """``{"candidates": {0: ["…"]}}`` -> ``{"candidates.0": ["…"]}``: one level, every value a list of strings."""
    if isinstance(detail, Mapping):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = NON_FIELD if key in ("__all__", NON_FIELD) and not prefix else f"{prefix}{key}"
            out.update(flat_errors(value, f"{name}."))
            if not isinstance(value, (Mapping, list)):
                out.setdefault(name, []).append(str(value))
        return out
    if isinstance(detail, list):
        if all(not isinstance(item, (Mapping, list)) for item in detail):
            return {prefix.rstrip(".") or NON_FIELD: [str(item) for item in detail]}
        out = {}
        for index, item in enumerate(detail):
            out.update(flat_errors(item if isinstance(item, (Mapping, list)) else [item], f"{prefix}{index}."))
        return out
    return {prefix.rstrip(".") or NON_FIELD: [str(detail)]}


def summary(errors: dict[str, list[str]]) -> str:
    """A sentence for ``detail``: the first problem, with its field, and how many more there are."""
    problems = [(field, message) for field, messages in errors.items() for message in messages]
    if not problems:
        return "The request was refused."
    field, message = problems[0]
    first = message if field == NON_FIELD else f"{field}: {message}"
    more = len(problems) - 1
    return first if not more else f"{first} (and {more} more problem{'s' if more != 1 else ''}: see errors)"


def _detail_text(data) -> str:
    if isinstance(data, Mapping) and "detail" in data:
        return str(data["detail"])
    return str(data)


# -- Django's error views, answering JSON under /api/ -----------------------------------------


def _is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _json(detail: str, status_code: int) -> JsonResponse:
    return JsonResponse({"detail": detail, "errors": {}}, status=status_code)


def bad_request(request, exception, template_name="400.html"):
    if _is_api(request):
        return _json(TOO_BIG if isinstance(exception, RequestDataTooBig) else "The request is malformed.", 400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception, template_name="403.html"):
    if _is_api(request):
        message = str(exception) if isinstance(exception, PermissionDenied) and str(exception) else "Not allowed."
        return _json(message, 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception, template_name="404.html"):
    if _is_api(request):
        # A Resolver404's text lists the URL patterns tried: never show it.
        named = isinstance(exception, Http404) and not isinstance(exception, Resolver404) and exception.args
        return _json(str(exception) if named else NOT_FOUND, 404)
    return defaults.page_not_found(request, exception)


def server_error(request, template_name="500.html"):
    if _is_api(request):
        return _json(SERVER_ERROR, 500)
    return defaults.server_error(request)
