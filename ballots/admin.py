"""Admin registrations live beside each feature."""

import ballots.nominations.admin
import ballots.results.admin  # noqa: F401
