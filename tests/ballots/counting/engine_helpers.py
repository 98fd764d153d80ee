"""Small builders shared by the counting tests (imported as a plain module: tests have no package)."""

from fractions import Fraction
from pathlib import Path

from ballots.counting.model import Ballot, Election

# The independent references the engine is checked against, copied from shared/conformance/stv
# with their SOURCES.md. Tests that need them fail (never skip) when they are missing.
STV_DATA = Path(__file__).resolve().parent / "data" / "stv"


def election(names, seats, *ballots, withdrawn=()):
    """``ballots`` are (weight, "A B C") with names as single letters or names split by spaces;
    "A=B" marks equal preferences."""
    names = tuple(names)
    index = {n: i for i, n in enumerate(names)}
    built = []
    for weight, prefs in ballots:
        ranking = tuple(tuple(index[x] for x in tok.split("=")) for tok in prefs.split())
        built.append(Ballot(weight, ranking))
    return Election("test", names, seats, tuple(built), withdrawn=frozenset(index[w] for w in withdrawn))


def conserved(result):
    """Sum of tallies + non-transferable + loss equals the valid vote at every stage."""
    valid = Fraction(result.valid_votes)
    return all(
        sum(Fraction(v) for v in s.tallies.values()) + Fraction(s.exhausted) + Fraction(s.loss) == valid
        for s in result.stages
    )
