"""The hustings record: each question put, to whom, in which order, with answer times.

For the returning officer and the published record. Text is the question as put (after any
moderator edit); the member's original wording is included where it was edited.
"""

from __future__ import annotations

from django.utils import timezone

from elections.csvfiles import csv_text
from hustings import selectors
from hustings.models import Hustings

COLUMNS = [
    "put_order", "question_id", "put_at", "question", "original_wording", "to", "topics", "votes",
    "turn", "candidate", "outcome", "started_at", "ended_at", "allowed_seconds", "spoken_seconds",
]  # fmt: skip


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def _rows(hustings: Hustings):
    for item in selectors.transcript(hustings):
        q = item["question"]
        to = "all candidates" if q.to_all else "; ".join(c.display_name for c in q.to_candidates.all())
        base = [
            q.put_order,
            q.pk,
            _when(q.put_at),
            q.text,
            q.original_text if q.edited else "",
            to,
            "; ".join(q.topics),
            q.votes_count,
        ]
        answers = item["answers"] or [None]
        for a in answers:
            if a is None:
                yield [*base, "", "", "", "", "", "", ""]
                continue
            yield [
                *base, a.order, a.candidate.display_name, a.get_status_display(), _when(a.first_started_at),
                _when(a.ended_at), a.duration, f"{a.spoken_seconds:.1f}",
            ]  # fmt: skip


def as_csv(hustings: Hustings) -> str:
    return csv_text([COLUMNS, *_rows(hustings)])


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def as_markdown(hustings: Hustings) -> str:
    counts = selectors.counts(hustings)
    lines = [
        f"# {_md(hustings.title)}: transcript",
        "",
        f"- Section: {hustings.section}",
        f"- Scheduled: {_when(hustings.starts_at)} to {_when(hustings.ends_at)}",
        f"- Chair: {hustings.chair.get_full_name() or hustings.chair.username if hustings.chair else 'not set'}",
        f"- Questions received {counts['received']}, approved {counts['approved']}, dismissed {counts['dismissed']}, merged {counts['merged']}",
        f"- Time per answer: {hustings.answer_seconds} seconds",
        "",
    ]
    for item in selectors.transcript(hustings):
        q = item["question"]
        to = "all candidates" if q.to_all else ", ".join(c.display_name for c in q.to_candidates.all())
        lines += [f"## Question {q.put_order} (put at {_when(q.put_at)}, to {to})", "", f"> {_md(q.text)}", ""]
        if q.edited:
            lines += [f"Edited for clarity; the member's words: “{_md(q.original_text)}”", ""]
        lines += ["| Turn | Candidate | Outcome | Started | Spoken (s) |", "|---:|---|---|---|---:|"]
        for a in item["answers"]:
            lines.append(
                f"| {a.order} | {_md(a.candidate.display_name)} | {a.get_status_display()} | {_when(a.first_started_at)} | {a.spoken_seconds:.1f} |"
            )
        lines.append("")
    lines += _fairness_lines(hustings)
    return "\n".join(lines)


def _fairness_lines(hustings: Hustings) -> list[str]:
    """Each candidate's share of the questions, of going first, and of the time."""
    lines = [
        "## Fairness",
        "",
        "| Candidate | Questions put | Answered | Answered first | Time speaking |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in selectors.fairness(hustings):
        lines.append(
            f"| {_md(row['name'])} | {row['questions']} | {row['answered']} | {row['first']} | {row['spoken_label']} |"
        )
    return [*lines, ""]
