"""The ``ballots`` Django app's models, for the app registry and migrations.

Each feature owns its models beside its services, selectors and views:
``ballots.nominations.models`` (nomination rules, sets, the trail) and ``ballots.results.models``
(ballot sets, returns, counts, the audit log). Import them from there.
"""

from ballots.nominations.models import *  # noqa: F403
from ballots.results.models import *  # noqa: F403
