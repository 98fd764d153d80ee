"""Admin registrations live beside each feature."""

import ballots.nominations.admin
import ballots.results.admin
import ballots.voting.admin  # noqa: F401
