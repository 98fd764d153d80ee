"""Spotting personal contact details in a statement before it is published.

In 2020 candidates' home addresses were published by mistake. Before a statement goes public the
platform looks for email addresses, phone numbers, UK postcodes and street addresses and asks the
candidate to confirm they mean to publish them. It is a warning, not a filter: a candidate may
choose to publish an office email. Pure functions, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+(?:@|\s*[\[(]\s*at\s*[\])]\s*)[\w-]+(?:(?:\.|\s*[\[(]\s*dot\s*[\])]\s*)[\w-]+)+",
    re.IGNORECASE,
)
# Outward code, optional space, inward code; the inward letters never use C, I, K, M, O or V.
POSTCODE = re.compile(
    r"\b(?:GIR\s?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
# A run of digits with the separators people type in phone numbers; judged by its digits below.
PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+|\(0)?\d[\d \-().]{7,}\d(?!\w)")
STREET_SUFFIXES = (
    "Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Cres|Place|Pl|Gardens|Gdns|"
    "Terrace|Court|Ct|Grove|Square|Sq|Hill|Row|Walk|Mews|Park|Parade|Rise|View|Green|Vale|Wharf|Yard|"
    "Boulevard|Embankment"
)
STREET_ADDRESS = re.compile(
    rf"\b(?:(?:Flat|Apartment|Unit)\s+\d+[A-Za-z]?,?\s+)?\d{{1,4}}[A-Za-z]?,?\s+"
    rf"(?:[A-Z][a-z'’\-]+\s+){{1,3}}(?:{STREET_SUFFIXES})\b\.?"
)
KIND_LABELS = {
    "email": "an email address",
    "phone": "a phone number",
    "postcode": "a postcode",
    "address": "a street address",
}


@dataclass(frozen=True)
class Finding:
    kind: str  # email | phone | postcode | address
    text: str

    def describe(self) -> str:
        return f"{KIND_LABELS[self.kind]} ({self.text})"


def _looks_like_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if candidate.startswith("+"):
        if digits.startswith("44"):
            national = digits[2:].removeprefix("0")
            return 9 <= len(national) <= 10
        return 8 <= len(digits) <= 15
    return digits.startswith("0") and not digits.startswith("00") and len(digits) in (10, 11)


def find_contact_details(text: str) -> list[Finding]:
    """Every email address, phone number, UK postcode and street address in ``text``, in order
    of appearance, each once."""
    text = text or ""
    found: list[tuple[int, Finding]] = []
    for match in EMAIL.finditer(text):
        found.append((match.start(), Finding("email", match.group().strip())))
    emails = [m.span() for m in EMAIL.finditer(text)]
    for match in PHONE_CANDIDATE.finditer(text):
        if _looks_like_phone(match.group()) and not _inside(match.span(), emails):
            found.append((match.start(), Finding("phone", match.group().strip(" -."))))
    for match in POSTCODE.finditer(text):
        if not _inside(match.span(), emails):
            found.append((match.start(), Finding("postcode", match.group())))
    for match in STREET_ADDRESS.finditer(text):
        found.append((match.start(), Finding("address", match.group().rstrip(".,"))))
    unique: dict[Finding, int] = {}
    for position, finding in sorted(found, key=lambda pair: pair[0]):
        unique.setdefault(finding, position)
    return list(unique)


def describe(findings: list[Finding]) -> str:
    """ "an email address (a@b.org) and a postcode (SW1A 1AA)" — for the warning people read."""
    parts = [finding.describe() for finding in findings]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in spans)
