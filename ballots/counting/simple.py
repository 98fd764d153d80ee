"""Simple methods: first past the post, block vote, alternative vote.

- **fptp**: one mark counts: each paper's first preference. The candidates with most votes fill
  the places (one or several). A first mark shared by two candidates ("A=B") is void.
- **block**: each voter has as many votes as places. A ranked paper counts once for each of the
  first N distinct candidates marked (N = places); a rank holding several candidates counts for
  each while marks remain. The N with most votes are elected. ``valid_votes`` is the number of
  votes (marks) counted; ``parameters["valid_ballots"]`` the number of papers.
- **av**: one place, instant runoff. A candidate with more than half of the votes still in the
  count is elected; otherwise the lowest is excluded and the papers go to their next
  preference. Ties for exclusion: the most recent earlier stage at which the tied candidates
  differed (looking backwards), then by lot.

Ties at the last place under fptp/block are drawn by lot with the seed (there are no earlier
stages). Withdrawn candidates are passed over on every paper.

Totals: fptp and block also count a scrutineer's return (``model.Totals``: each candidate's
votes, no papers) by the same tally, the same lot and the same gender rule, so the same votes
and seed elect the same people from a return as from the ballot papers.

Gender minimum: under fptp/block, if the top N hold fewer than K women, the lowest men among
them are replaced by the highest women outside them, and the stage notes say so. Under av the
one place must go to a woman when K = 1: the men are excluded first and their papers transfer.
"""

from __future__ import annotations

from .arithmetic import Fixed
from .genderquota import Gender
from .lifecycle import build_result, check_zero_vote_option, places_without_votes
from .model import CountError, CountOptions, Election, Result, Stage, Totals
from .papers import without_withdrawn
from .tiebreak import BACKWARDS, TieBreaker, TieRule

WHOLE = Fixed(0)
# AV: exclusion ties by the most recent earlier stage at which they differed, then lot.
AV_TIES = TieRule(look_back=BACKWARDS)


def fptp(election: Election, options: CountOptions) -> Result:
    seats = options.seats or election.seats
    votes, valid, invalid = _first_marks(election)
    return _plurality("fptp", election, options, seats, votes, valid, {"invalid_papers": str(invalid)})


def block(election: Election, options: CountOptions) -> Result:
    seats = options.seats or election.seats
    votes = [0] * len(election.candidates)
    papers = 0
    for ballot in election.ballots:
        marked = _marked(ballot.ranking, election.withdrawn)[:seats]
        if marked:
            papers += ballot.weight
        for c in marked:
            votes[c] += ballot.weight
    params = {"valid_ballots": str(papers), "votes_per_voter": str(seats)}
    return _plurality("block", election, options, seats, votes, sum(votes), params)


def fptp_totals(totals: Totals, options: CountOptions) -> Result:
    """First past the post from each candidate's total: the tally ``fptp`` makes of papers."""
    params = {"input": "candidate totals"}
    if totals.invalid_papers is not None:
        params["invalid_papers"] = str(totals.invalid_papers)
    seats = options.seats or totals.seats
    return _plurality("fptp", totals, options, seats, list(totals.votes), sum(totals.votes), params)


def block_totals(totals: Totals, options: CountOptions) -> Result:
    """Block vote from each candidate's total: the tally ``block`` makes of papers."""
    seats = options.seats or totals.seats
    params = {"input": "candidate totals"}
    if totals.valid_papers is not None:
        params["valid_ballots"] = str(totals.valid_papers)
    params["votes_per_voter"] = str(seats)
    return _plurality("block", totals, options, seats, list(totals.votes), sum(totals.votes), params)


def _first_marks(election: Election) -> tuple[list[int], int, int]:
    votes = [0] * len(election.candidates)
    valid = invalid = 0
    for ballot in election.ballots:
        first = without_withdrawn(ballot.ranking, election.withdrawn)[:1]
        if first and len(first[0]) == 1:
            votes[first[0][0]] += ballot.weight
            valid += ballot.weight
        else:
            invalid += ballot.weight
    return votes, valid, invalid


def _marked(ranking, withdrawn) -> list[int]:
    out: list[int] = []
    for rank in without_withdrawn(ranking, withdrawn):
        out.extend(c for c in rank if c not in out)
    return out


def _plurality(method, election, options, seats, votes, valid, params) -> Result:
    _check_seats(seats)
    check_zero_vote_option(options)
    if not valid:
        raise CountError("there are no valid ballot papers to count")
    names = election.candidates
    standing = [c for c in range(len(names)) if c not in election.withdrawn]
    ties = TieBreaker(options.seed, names)
    order = _rank_by_votes(standing, votes, ties, seats)
    chosen = order[:seats]
    notes = []
    if len(standing) < seats:
        notes.append("Fewer candidates than places: every candidate is elected; places remain unfilled.")
    gender = Gender(election, options, seats)
    if gender:
        chosen, more = _apply_minimum(chosen, order, gender, names)
        notes.extend(more)
    chosen, _left, more = places_without_votes(chosen, lambda c: votes[c] == 0, gender, (), options.zero_vote_places)
    notes.extend(more)
    stage = Stage(
        number=1,
        action="Count of votes" if isinstance(election, Election) else "Count of the candidates' totals",
        tallies={names[c]: WHOLE.format(votes[c]) for c in standing},
        exhausted="0",
        elected=tuple(names[c] for c in chosen),
        excluded=tuple(names[c] for c in order if c not in chosen),
        notes=tuple(notes),
    )
    return build_result(
        method=method, election=election, options=options, seats=seats,
        candidates=[names[c] for c in standing], valid_votes=WHOLE.format(valid), quota="", elected=chosen,
        stages=(stage,), ties=ties, parameters=params, gender=gender,
    )  # fmt: skip


def _rank_by_votes(standing, votes, ties: TieBreaker, seats: int) -> list[int]:
    """Most votes first. Equal votes straddling the last place are drawn by lot (recorded);
    other equal votes keep candidate order, which decides nothing."""
    order: list[int] = []
    for value in sorted({votes[c] for c in standing}, reverse=True):
        group = [c for c in standing if votes[c] == value]
        if len(order) < seats < len(order) + len(group):
            drawn = []
            while group:
                pick = ties.by_lot(group)
                drawn.append(pick)
                group.remove(pick)
            ties.record(
                1,
                "last place",
                drawn,
                "lot",
                drawn[0],
                f"equal votes ({value}); order drawn by lot with seed {ties.seed}: "
                + ", ".join(ties.names[c] for c in drawn),
            )
            group = drawn
        order.extend(group)
    return order


def _apply_minimum(chosen, order, gender, names) -> tuple[list[int], list[str]]:
    """Replace the lowest men among ``chosen`` by the highest women outside it until K women."""
    chosen = list(chosen)
    notes = []
    need = gender.min_women - sum(1 for c in chosen if c in gender.women)
    women_out = [c for c in order if c in gender.women and c not in chosen]
    while need > 0:
        man = next(c for c in reversed(chosen) if c not in gender.women)
        woman = women_out.pop(0)
        chosen[chosen.index(man)] = woman
        notes.append(
            f"Gender quota: at least {gender.min_women} women must be elected; "
            f"{names[woman]} replaces {names[man]}, the lowest man among the leading candidates."
        )
        need -= 1
    chosen.sort(key=order.index)
    return chosen, notes


def av(election: Election, options: CountOptions) -> Result:
    seats = options.seats or election.seats
    if seats != 1:
        raise CountError(f"the alternative vote fills one place; this election has {seats} (use --seats 1)")
    return _Runoff(election, options).run()


class _Runoff:
    def __init__(self, election: Election, options: CountOptions) -> None:
        self.election, self.options = election, options
        self.names = election.candidates
        self.cont = [c not in election.withdrawn for c in range(len(self.names))]
        self.standing = [c for c in range(len(self.names)) if self.cont[c]]
        self.ties = TieBreaker(options.seed, self.names, AV_TIES)
        self.gender = Gender(election, options, 1)
        self.piles: dict[int, list] = {c: [] for c in self.standing}
        self.votes = [0] * len(self.names)
        self.exhausted = 0
        self.history: list[list[int]] = []
        self.stages: list[Stage] = []

    def run(self) -> Result:
        invalid = 0
        for ballot in self.election.ballots:
            ranks = without_withdrawn(ballot.ranking, self.election.withdrawn)
            if not ranks or len(ranks[0]) > 1:
                invalid += ballot.weight
                continue
            self._give(ranks[0][0], (ranks, 0, ballot.weight))
        self.valid = sum(self.votes)
        if not self.valid:
            raise CountError("there are no valid ballot papers to count")
        winner = self._stage("First preferences", ())
        while winner is None:
            men = self.gender.men_to_exclude(self._continuing(), [])
            if men:
                winner = self._exclude(men, (self.gender.exclusion_note(men, []),))
            else:
                winner = self._exclude([self._lowest()], ())
        params = {"invalid_papers": str(invalid), "tie_rule": "earlier stages (backwards), then lot"}
        return build_result(
            method="av", election=self.election, options=self.options, seats=1,
            candidates=[self.names[c] for c in self.standing], valid_votes=WHOLE.format(self.valid), quota="",
            elected=[winner], stages=self.stages, ties=self.ties, parameters=params, gender=self.gender,
        )  # fmt: skip

    def _continuing(self) -> list[int]:
        return [c for c in self.standing if self.cont[c]]

    def _give(self, c: int, paper) -> None:
        self.piles[c].append(paper)
        self.votes[c] += paper[2]

    def _lowest(self) -> int:
        protected = self.gender.protected(self._continuing(), [])
        cands = [c for c in self._continuing() if c not in protected]
        low = min(self.votes[c] for c in cands)
        tied = [c for c in cands if self.votes[c] == low]
        return self.ties.choose(tied, self.history, stage=len(self.stages) + 1, purpose="exclusion", prefer="lowest")

    def _exclude(self, group, notes) -> int | None:
        for c in group:
            self.cont[c] = False
        for c in group:
            papers, self.piles[c] = self.piles[c], []
            self.votes[c] = 0
            for ranks, pos, weight in papers:
                dest = _next_continuing(ranks, pos, self.cont)
                if dest is None:
                    self.exhausted += weight
                else:
                    self._give(dest[0], (ranks, dest[1], weight))
        return self._stage(f"Exclusion of {', '.join(self.names[c] for c in group)}", tuple(group), notes)

    def _stage(self, action, excluded, notes=()) -> int | None:
        """Record a stage; the winner if someone now has a majority of the votes still in."""
        self.history.append(list(self.votes))
        cont = self._continuing()
        active = sum(self.votes[c] for c in cont)
        top = max(cont, key=lambda c: (self.votes[c], -c))
        won = len(cont) == 1 or self.votes[top] * 2 > active
        if not self.gender.may_elect(top, []):
            won = False  # the place must go to a woman: the men are excluded next
        self.stages.append(
            Stage(
                number=len(self.stages) + 1,
                action=action,
                tallies={self.names[c]: WHOLE.format(self.votes[c]) for c in self.standing},
                exhausted=WHOLE.format(self.exhausted),
                elected=(self.names[top],) if won else (),
                excluded=tuple(self.names[c] for c in excluded),
                notes=tuple(notes) + ((f"Majority of the {active} votes still in the count.",) if won else ()),
            )
        )
        return top if won else None


def _next_continuing(ranks, pos, cont) -> tuple[int, int] | None:
    for i in range(pos + 1, len(ranks)):
        live = [c for c in ranks[i] if cont[c]]
        if len(live) == 1:
            return live[0], i
        if live:
            return None  # equal marks for continuing candidates: void for uncertainty
    return None


def _check_seats(seats: int) -> None:
    if seats < 1:
        raise CountError("the number of seats must be at least 1")
