"""Admin registrations live beside each feature."""

import ballots.nominations.admin  # noqa: F401
import ballots.results.admin  # noqa: F401
