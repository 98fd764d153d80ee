"""The ``ballots`` Django app's models, for the app registry and migrations.

Each feature owns its models beside its services, selectors and views:
``ballots.nominations.models`` (nomination rules, sets, the trail), ``ballots.results.models``
(ballot sets, returns, counts, the audit log) and ``ballots.voting.models`` (online ballots, their
electorates and ballot papers). Import them from there.
"""

from ballots.nominations.models import *  # noqa: F403
from ballots.results.models import *  # noqa: F403
from ballots.voting.models import *  # noqa: F403
