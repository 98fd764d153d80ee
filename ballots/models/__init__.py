"""Ballots app models: nominations (ballots.models.nominations) and results (ballots.models.results)."""

from ballots.models.nominations import *  # noqa: F401,F403
from ballots.models.results import *  # noqa: F401,F403
