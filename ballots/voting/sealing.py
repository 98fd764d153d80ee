"""The sealed ballot list: every paper of a closed ballot as one BLT file, in receipt-hash order.

Line ``n`` of the file's ballots is the ``n``-th paper of the published list (sorted by receipt
hash), so a voter who finds their receipt hash in the list can find their paper in the file. The
file is written and read with the counting engine's own BLT functions, and counted from the bytes
stored, checked against their SHA-256.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from ballots.counting.blt import read_blt_text, write_blt
from ballots.counting.model import Ballot, Election


def sealed_file(
    *, title: str, names: Sequence[str], candidate_ids: Sequence[int], seats: int, papers: Iterable[Sequence[int]]
) -> tuple[bytes, str]:
    """(BLT bytes, their SHA-256). ``papers``: each paper's preferences as candidate ids, in published order."""
    index = {cid: i for i, cid in enumerate(candidate_ids)}
    ballots = tuple(Ballot(weight=1, ranking=tuple((index[c],) for c in prefs)) for prefs in papers)
    election = Election(title=title.replace('"', "'"), candidates=tuple(names), seats=seats, ballots=ballots)
    data = write_blt(election).encode("utf-8")
    return data, hashlib.sha256(data).hexdigest()


def read_sealed(data: bytes, expected_sha256: str) -> Election:
    election = read_blt_text(data)
    if election.input_sha256 != expected_sha256:
        raise ValueError(
            f"The sealed ballot file has changed since the close (SHA-256 {election.input_sha256[:12]}…, "
            f"expected {expected_sha256[:12]}…)."
        )
    return election
