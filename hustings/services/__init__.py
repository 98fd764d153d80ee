"""Writes for hustings. Every change is made in a transaction and announced through
``elections.live.publish`` in that same transaction (sent after commit).

Split by subject: ``questions`` (asking, voting, moderation) and ``session`` (state, putting
questions, the answer timer). Who is present is counted by the live package. Import from here.
"""

from hustings.services.questions import (
    question_approve,
    question_edit,
    question_merge,
    question_reject,
    question_submit,
    question_tag,
    question_unvote,
    question_vote,
)
from hustings.services.session import (
    candidate_skip,
    hustings_set_state,
    question_finish,
    question_put,
    timer_end,
    timer_pause,
    timer_resume,
    timer_start,
)

__all__ = [
    "candidate_skip",
    "hustings_set_state",
    "question_approve",
    "question_edit",
    "question_finish",
    "question_merge",
    "question_put",
    "question_reject",
    "question_submit",
    "question_tag",
    "question_unvote",
    "question_vote",
    "timer_end",
    "timer_pause",
    "timer_resume",
    "timer_start",
]
