"""The verification kit of a declared result: the ballots as counted, published anonymised (where
the section allows), their SHA-256, the engine version, the platform's own command that
re-counts them, and the hash of the sheet that command prints, so anyone can check the count.

The published file is the ballots exactly as counted (the platform's candidate names, its
withdrawals, the seats counted), written by the engine's own BLT writer: identical papers merged
into one weighted line and no ballot numbers, so no paper can be traced back to a voter. Counted
again by ``python -m ballots.counting``, it gives the stored result word for word except the
input hash the engine records, which is the published file's; the kit's sheet hash is the hash
of that output (a test runs the command to prove it).
"""

from __future__ import annotations

import dataclasses
import hashlib
import shlex
from dataclasses import dataclass

from django.core.cache import cache

from ballots.counting.blt import write_blt
from ballots.results import resultdata
from ballots.results.services import counted_election

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Kit:
    published: bool  # the section publishes its ballots with the declared result
    filename: str
    ballots_sha256: str  # of the anonymised BLT file as published
    sheet_sha256: str  # of the JSON sheet the command prints
    engine_version: str
    command: str  # the exact command, run where the file was saved

    def matches(self, sha256: str) -> str:
        """What an uploaded file's SHA-256 matches, in words ("" if nothing)."""
        if sha256 == self.ballots_sha256:
            return "the published ballot file"
        if sha256 == self.sheet_sha256:
            return "the result sheet the command prints"
        return ""


def available(count) -> bool:
    """A kit is offered for a declared count of loaded ballots (a scrutineer's return has no papers)."""
    return bool(count.is_declared and count.ballot_set_id and count.result_json)


def kit_for(count) -> Kit:
    _, sha, sheet_sha = _built(count)
    name = f"{count.section.election.slug}-{count.section.slug}-count-{count.pk}.blt"
    return Kit(
        published=count.section.publish_ballots,
        filename=name,
        ballots_sha256=sha,
        sheet_sha256=sheet_sha,
        engine_version=count.engine_version,
        command=command(count, name),
    )


def ballots_file(count) -> bytes:
    return _built(count)[0]


def command(count, filename: str) -> str:
    """``python -m ballots.counting`` with the count's stored inputs, quoted for a POSIX shell."""
    parts = ["python", "-m", "ballots.counting", filename, "--method", count.method, "--seats", str(count.seats)]
    if count.min_women:
        parts += ["--min-women", str(count.min_women)]
        parts += [arg for name in count.women for arg in ("--women", name)]
    if getattr(count, "zero_vote_places", "fill") != "fill":
        parts += ["--zero-vote-places", count.zero_vote_places]
    parts += ["--seed", str(count.seed), "--format", "json"]
    return " ".join(shlex.quote(p) for p in parts)


def _built(count) -> tuple[bytes, str, str]:
    """(anonymised BLT bytes, their SHA-256, the reproduced sheet's SHA-256), cached: a count never
    changes, and reading a large stored file takes seconds."""
    key = f"verification-kit:{count.pk}:{count.result_sha256}"
    found = cache.get(key)
    if found is None:
        election = counted_election(count)
        election = dataclasses.replace(election, seats=count.seats, options=_plain_options(election.options))
        data = write_blt(election).encode("utf-8")
        sha = hashlib.sha256(data).hexdigest()
        result = resultdata.result_from_json(count.result_json)
        sheet = resultdata.result_to_json(dataclasses.replace(result, input_sha256=sha))
        found = (data, sha, resultdata.sha256_text(sheet))
        cache.set(key, found, timeout=3600)
    return found


def _plain_options(options) -> dict:
    """The file's options that still mean the same once written back: nicknames are dropped, as
    the written papers use candidate numbers."""
    return {k: v for k, v in options.items() if k != "nick"}


def sha256_of(fileobj) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: fileobj.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()
