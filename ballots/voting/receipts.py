"""Receipt codes and meeting codes: random, readable aloud, stored only as hashes.

A code is 20 characters of Crockford's base 32 (digits and letters without I, L, O and U, so a
misread O or I still means 0 or 1), in groups of four: 100 random bits. Codes are compared after normalising (case, spaces, dashes and the usual
misreadings), and hashed with the ballot's number and a purpose label, so a receipt hash cannot be
mistaken for a meeting code's hash or for another ballot's.
"""

from __future__ import annotations

import hashlib
import secrets

# Crockford's base 32: 32 symbols, five bits each; I, L, O and U are not used.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_CHARS = 20
GROUP = 4
_MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1"})

RECEIPT = "receipt"
MEETING = "meeting-code"


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_CHARS))
    return "-".join(raw[i : i + GROUP] for i in range(0, CODE_CHARS, GROUP))


def normalise(code: str) -> str | None:
    """The code in canonical form (``XXXX-XXXX-…``), or None if it cannot be one."""
    if not isinstance(code, str) or len(code) > 64:
        return None
    raw = "".join(ch for ch in code.upper() if ch not in " -\t").translate(_MISREAD)
    if len(raw) != CODE_CHARS or any(ch not in ALPHABET for ch in raw):
        return None
    return "-".join(raw[i : i + GROUP] for i in range(0, CODE_CHARS, GROUP))


def code_hash(ballot_id: int, code: str, purpose: str = RECEIPT) -> str:
    """SHA-256 (hex) of ``nec-ballot:<purpose>:<ballot number>:<canonical code>``.

    A voter can check their receipt hash by hand: for example
    ``printf 'nec-ballot:receipt:12:ABCD-EFGH-JKMN-PQRS-TVWX' | sha256sum``.
    """
    canonical = normalise(code)
    if canonical is None:
        raise ValueError("not a code")
    return hashlib.sha256(f"nec-ballot:{purpose}:{ballot_id}:{canonical}".encode()).hexdigest()
