"""Online ballots: members vote on the platform, secretly and once, and can check their vote was counted."""
