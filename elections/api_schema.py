"""The OpenAPI schema's error responses, so /api/schema/ states every status a view returns.

Every response other than success has the one shape of elections/api_errors.py. Statuses every
view of a kind can return are added here for all of them (``ApiSchema``, the project's
``DEFAULT_SCHEMA_CLASS``): 403 everywhere (the API is for signed-in people), 404 wherever the path
names something or a list has pages, 400 wherever a body is read. The statuses only some views
return (409, 413, 422) each view states with ``errors_for``.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

DESCRIPTIONS = {
    400: "The request is malformed: `errors` names each field and what is wrong with it.",
    403: "Not signed in, or not yours to do: `detail` says why.",
    404: "No such thing (or no such page of a list).",
    409: "The current state refuses it (e.g. already declared, locked, changed meanwhile): `detail` says why.",
    413: "The upload is larger than this endpoint accepts: `detail` gives the limit.",
    422: "Well formed, but a rule of the election refuses it: `detail` and `errors` give every reason.",
}


class ErrorOut(serializers.Serializer):
    detail = serializers.CharField(help_text="A sentence saying what was refused and why.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Field name (dotted for nested fields, `non_field_errors` for the whole request) -> messages; "
        "empty when the refusal is about no field in particular.",
    )


def errors_for(*codes: int, serializer=ErrorOut) -> dict[int, OpenApiResponse]:
    """``@extend_schema(responses={200: Out, **errors_for(409, 422)})``."""
    return {code: OpenApiResponse(serializer, description=DESCRIPTIONS[code]) for code in codes}


class ApiSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._implied_error_codes():
            if str(code) not in responses:
                response = errors_for(code)[code]
                body = self._get_response_for_code(response, str(code), direction=direction)
                responses[str(code)] = body
        return responses

    def _implied_error_codes(self) -> list[int]:
        codes = [403]
        if "{" in self.path or (self._is_list_view() and self._get_paginator() is not None):
            codes.append(404)
        if self.method in ("POST", "PUT", "PATCH") and self.get_request_serializer() is not None:
            codes.append(400)
        return sorted(codes)
