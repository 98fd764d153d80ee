"""Read droop's reference output (``dump/*.txt``, tab-separated, one row per action).

The dump lists, for every action, each candidate's name, state and vote in file order. droop's
round 0 is the first count and round n is what droop calls the n-th round; for the Gregory
rules (Scottish, WIGM) one droop round is one stage, and for Meek one round is one
election or exclusion. The state at the end of a round is its last data row.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path


@dataclass(frozen=True)
class DroopRow:
    round: str  # "0", "1", ... or "X" for the final row
    action: str
    quota: str
    extra: tuple[str, ...]  # Non-Transferable (Gregory) or Votes, Surplus, Residual (Meek)
    states: dict[str, str]  # name -> H (hopeful), E/e (elected), D/d (defeated), W
    votes: dict[str, str]
    kf: dict[str, str]  # Meek keep factors


def read_dump(path: Path) -> list[DroopRow]:
    lines = path.read_text().splitlines()
    header = lines[0].split("\t")
    first_name = next(i for i, h in enumerate(header) if h.endswith(".name"))
    width = 4 if any(h.endswith(".kf") for h in header) else 3
    rows = []
    for line in lines[1:]:
        f = line.split("\t")
        if f[1] in ("log", "round", "iterate") or len(f) <= first_name:
            continue
        states, votes, kf = {}, {}, {}
        for i in range(first_name, len(f) - width + 1, width):
            name = f[i]
            states[name], votes[name] = f[i + 1], f[i + 2]
            if width == 4:
                kf[name] = f[i + 3]
        rows.append(DroopRow(f[0], f[1], f[2], tuple(f[3:first_name]), states, votes, kf))
    return rows


def end_of_rounds(rows: list[DroopRow]) -> list[DroopRow]:
    """The last row of each numbered round (0, 1, 2, ...)."""
    last: dict[str, DroopRow] = {}
    for row in rows:
        if row.round != "X":
            last[row.round] = row
    return [last[k] for k in sorted(last, key=int)]


def elected(rows: list[DroopRow]) -> set[str]:
    final = rows[-1]
    return {n for n, s in final.states.items() if s in ("E", "e")}


def meek_rounds(rows: list[DroopRow]) -> list[DroopRow]:
    """One row per Meek round: the votes the round's decision was made on.

    droop logs a batch defeat one candidate at a time and re-shares the votes between
    rows (for its report), so a round that defeats is represented by its *first* defeat row;
    a round that elects, by its last row.
    """
    chosen: dict[str, DroopRow] = {}
    for row in rows:
        if row.round == "X":
            continue
        first_defeat = chosen.get(row.round)
        if first_defeat is not None and first_defeat.action == "defeat":
            continue
        chosen[row.round] = row
    return [chosen[k] for k in sorted(chosen, key=int)]


@dataclass(frozen=True)
class ReportAction:
    round: int
    action: str  # e.g. "Elect: Grape", "Defeat (surplus 0.000000461 < omega): Apple"
    votes: dict[str, str]
    states: dict[str, str]  # name -> "H", "E" or "D"


_STATE = {"Hopeful:": "H", "Elected:": "E", "Defeated:": "D", "Pending:": "E"}


def read_report(path: Path) -> list[ReportAction]:
    """Read droop's text report (also written by stv-rs): actions with candidate lines."""
    actions: list[ReportAction] = []
    rnd, current = 0, None
    for line in path.read_text().splitlines():
        if line.startswith("Round "):
            rnd = int(line.split()[1].rstrip(":"))
        elif line.startswith("Action: "):
            current = ReportAction(rnd, line[len("Action: ") :], {}, {})
            actions.append(current)
        elif current is not None and line.startswith("\t") and line.split()[0] in _STATE:
            key, rest = line.strip().split(None, 1)
            names, value = rest.rsplit(" (", 1)
            for name in names.split(", "):
                current.votes[name] = value.rstrip(")")
                current.states[name] = _STATE[key]
    return [a for a in actions if a.votes]


def report_rounds(actions: list[ReportAction]) -> list[ReportAction]:
    """One action per round, chosen as ``meek_rounds`` does for dumps."""
    chosen: dict[int, ReportAction] = {}
    for a in actions:
        prev = chosen.get(a.round)
        if prev is not None and prev.action.startswith("Defeat"):
            continue
        chosen[a.round] = a
    return [chosen[k] for k in sorted(chosen)]


def drop_idle_rounds(rows: list[DroopRow]) -> list[DroopRow]:
    """Leave out droop rounds that change nothing: droop "transfers" a surplus of exactly
    zero (a candidate on the quota exactly) as a round of its own, where the Scottish Order
    (48(1): votes that *exceed* the quota) has no stage."""
    kept: list[DroopRow] = []
    rounds: dict[str, list[DroopRow]] = {}
    for row in rows:
        rounds.setdefault(row.round, []).append(row)
    previous = None
    for key, group in rounds.items():
        end = group[-1]
        idle = (
            key not in ("0", "X")
            and previous is not None
            and not any(r.action == "defeat" for r in group)
            and end.votes == previous.votes
        )
        if not idle:
            kept.extend(group)
            previous = end
    return kept


def with_file_tie_order(election):
    """droop and stv-rs break a tie "by lot" in the file's candidate order when the file gives
    no ``[tie]`` order; give the count that order explicitly so the draw is the same."""
    if "tie" in election.options:
        return election
    order = " ".join(str(i + 1) for i in range(len(election.candidates)))
    return replace(election, options={**election.options, "tie": order})


def stage_mismatches(stages, rounds, *, exhausted_column: int | None = 0, meek: bool = False) -> list[str]:
    """Differences between our stages and droop's rounds (one row per stage), for every
    hopeful or elected candidate's vote, the exhausted (non-transferable) votes and, for
    Meek, the quota of the round."""
    out = []
    if len(stages) != len(rounds):
        out.append(f"{len(stages)} stages, droop has {len(rounds)} rounds")
    for stage, row in zip(stages, rounds):
        for name, state in row.states.items():
            if state in "HEe" and stage.tallies.get(name) != row.votes[name]:
                out.append(
                    f"stage {stage.number} {name}: {stage.tallies.get(name)} != {row.votes[name]} ({stage.action})"
                )
        if exhausted_column is not None and stage.exhausted != row.extra[exhausted_column]:
            out.append(f"stage {stage.number} exhausted {stage.exhausted} != {row.extra[exhausted_column]}")
        if meek and stage.quota != row.quota:
            out.append(f"stage {stage.number} quota {stage.quota} != {row.quota}")
    return out
