"""Writes for online ballots: open, cast, close (seal and publish), count, record, and the electorate.

Every service checks who is acting (``ballots.voting.permissions``), refuses a broken rule with
``elections.refusals`` (409/422) and someone else's business with ``PermissionDenied`` (403), writes
inside a transaction, and logs what officers do in the audit log. Casting logs nothing.
"""

from ballots.voting.services.casting import (
    already_voted,
    ballot_paper_cast,
    cast_refusal,
    marking_of,
    stream_name,
    voter_by_code,
)
from ballots.voting.services.closing import (
    online_ballot_close,
    online_ballot_count_clp,
    online_ballot_count_section,
    online_ballot_record,
)
from ballots.voting.services.opening import (
    Opening,
    online_ballot_open_clp,
    online_ballot_open_section,
    online_ballot_plan_clp,
    online_ballot_plan_section,
)
from ballots.voting.services.register import electorate_rules_update, voter_add, voter_code_issue

__all__ = [
    "Opening",
    "already_voted",
    "ballot_paper_cast",
    "cast_refusal",
    "electorate_rules_update",
    "marking_of",
    "online_ballot_close",
    "online_ballot_count_clp",
    "online_ballot_count_section",
    "online_ballot_open_clp",
    "online_ballot_open_section",
    "online_ballot_plan_clp",
    "online_ballot_plan_section",
    "online_ballot_record",
    "stream_name",
    "voter_add",
    "voter_by_code",
    "voter_code_issue",
]
