"""The NEC counting engine: plain Python, no Django (a test enforces it).

Use it as a library (``from ballots.counting import count``) or from the command line
(``python -m ballots.counting FILE --method ers97``). Imports here stay light: rule modules
load only when a count asks for them.
"""

from .methods import count
from .model import Ballot, CountError, CountOptions, Election, Result, Stage, TieBreak

__all__ = ["Ballot", "CountError", "CountOptions", "Election", "Result", "Stage", "TieBreak", "count"]
