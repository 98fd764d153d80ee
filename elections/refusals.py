"""Refusals of business rules, as distinct from "not yours to do".

``PermissionDenied`` (403) means the person may not act on this thing at all. A ``Refusal`` means
they may, but a rule of the election stops this action now: the section is already declared,
the ballot has not closed, the window is shut. Services raise these with a sentence the person
can act on; the API answers 409 (the current state conflicts) or 422 (the request cannot be
processed as sent) with ``{"detail": message, "errors": {field: [messages]}}``, and pages show the
message beside the control that was used.
"""

from __future__ import annotations


class Refusal(Exception):
    """``extra`` carries anything else the caller needs to act (e.g. the contact details found);
    the API adds it beside ``detail`` and ``errors``."""

    status_code = 409

    def __init__(
        self, message: str, *, errors: dict[str, list[str]] | None = None, code: str = "", extra: dict | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}
        self.code = code
        self.extra = extra or {}

    @property
    def messages(self) -> list[str]:
        """Every reason, for pages that list them: the field errors, or the message alone."""
        reasons = [m for messages in self.errors.values() for m in messages]
        return reasons or [self.message]


class Conflict(Refusal):
    """The action conflicts with the current state (declared, locked, closed, already done)."""

    status_code = 409


class Unprocessable(Refusal):
    """The request is well formed but breaks a rule about its content (422)."""

    status_code = 422
