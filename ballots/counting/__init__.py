"""The NEC counting engine: plain Python, no Django (a test enforces it).

Use it as a library (``from ballots.counting import count``) or from the command line
(``python -m ballots.counting FILE --method ers97``). Imports here stay light: rule modules
load only when a count asks for them.
"""

from .methods import METHODS, count, count_totals, validity
from .model import Ballot, CountError, CountOptions, Election, Flow, Result, Stage, TieBreak, Totals

__all__ = [
    "METHODS",
    "Ballot",
    "CountError",
    "CountOptions",
    "Election",
    "Flow",
    "Result",
    "Stage",
    "TieBreak",
    "Totals",
    "count",
    "count_totals",
    "validity",
]
