"""The largest numbers the engine accepts from a file or a caller, each checked before use.

A number outside these limits is refused with a reason (and, from a file, its line) rather
than used: a 28-byte file claiming a billion candidates must not make the reader build anything
for them. The limits are far above any party election (docs/counting.md lists them).
"""

MAX_CANDIDATES = 1_000  # candidates in one election
MAX_SEATS = 1_000  # places to fill
MAX_BALLOTS = 100_000_000  # papers in one file, and the weight of one ballot line
MAX_LINE_BYTES = 65_536  # one line of a BLT file, or one row of a CSV file
MAX_NAME_CHARS = 200  # a candidate's name, or the title
MAX_NUMBER_DIGITS = 9  # digits of any whole number read from a file (before it is converted)
MAX_ERRORS_LISTED = 200  # broken lines listed one by one when a file's errors are collected
