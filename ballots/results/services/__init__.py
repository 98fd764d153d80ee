"""Writes for results: load ballot sets, record returns, queue and run counts (and recover those
whose worker stopped), declare, discard loaded ballots.

Every service checks who is acting (``permissions``: PermissionDenied, 403), refuses a broken
rule with ``elections.refusals`` (Conflict 409 / Unprocessable 422, with the reason), writes
inside a transaction and records itself in the audit log (``elections.audit``). One module per
subject; import the services from here.
"""

from ballots.results.services.ballot_sets import (
    BallotFileRejected,
    ballot_set_check,
    ballot_set_election,
    ballot_set_load,
    map_candidates,
    upload_limit_bytes,
)
from ballots.results.services.counts import (
    count_enqueue,
    count_refusals,
    count_request,
    count_rerun,
    count_run,
    count_worked_again,
    counted_election,
    run_count_task,
)
from ballots.results.services.declaration import (
    count_declare,
    declaration_preview,
    declaration_refusals,
    declared_refusal,
    require_not_declared,
)
from ballots.results.services.discard import discard_preview, discard_refusal, section_discard_loaded
from ballots.results.services.recovery import count_recover_interrupted
from ballots.results.services.returns import RETURN_METHODS, return_record
from ballots.results.services.reveal import reveal_advance, reveal_refusal, reveal_state, reveal_stream
from ballots.results.services.sensitivity import comparison_data, comparison_refusal, comparison_request, comparison_run
from elections.audit import audit_record

__all__ = [
    "RETURN_METHODS",
    "BallotFileRejected",
    "audit_record",
    "ballot_set_check",
    "ballot_set_election",
    "ballot_set_load",
    "comparison_data",
    "comparison_refusal",
    "comparison_request",
    "comparison_run",
    "count_declare",
    "count_enqueue",
    "count_recover_interrupted",
    "count_refusals",
    "count_request",
    "count_rerun",
    "count_run",
    "count_worked_again",
    "counted_election",
    "declaration_preview",
    "declaration_refusals",
    "declared_refusal",
    "discard_preview",
    "discard_refusal",
    "map_candidates",
    "require_not_declared",
    "return_record",
    "reveal_advance",
    "reveal_refusal",
    "reveal_state",
    "reveal_stream",
    "run_count_task",
    "section_discard_loaded",
    "upload_limit_bytes",
]
