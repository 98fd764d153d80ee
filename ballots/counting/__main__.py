"""Command line: ``python -m ballots.counting FILE --method ers97 [...]``.

Bad arguments or files exit with status 2 and one line on stderr; never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys

from .methods import count, method_names
from .model import ZERO_VOTE_PLACES, CountError, CountOptions

USAGE_EXIT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not the usage block
        raise _UsageError(message)


class _UsageError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m ballots.counting", description="Count an election from a BLT or CSV ballot file.")
    p.add_argument("file", help="ballot file: .blt, or .csv (one column per candidate)")
    p.add_argument("--method", required=True, choices=method_names(), help="counting rule")
    p.add_argument("--seats", type=int, help="places to fill (required for CSV ballots)")
    p.add_argument("--min-women", type=int, default=0, help="at least this many women elected")
    p.add_argument("--women", action="append", default=[], help="names of women candidates, comma separated")
    p.add_argument("--seed", type=int, default=0, help="seed for ties drawn by lot (printed in the result)")
    p.add_argument("--format", default="text", choices=("text", "json", "csv"), help="output format")
    p.add_argument("--csv-ballots", action="store_true", help="read FILE as CSV ballots whatever its extension")
    p.add_argument("--encoding", default="utf-8", help="the file's text encoding (default UTF-8)")
    p.add_argument(
        "--missing-zero",
        default="consistent",
        choices=("consistent", "accept"),
        help="BLT: take ballot lines without their closing 0 only if no line has one (consistent), or anyway",
    )
    p.add_argument(
        "--zero-vote-places",
        default="fill",
        choices=tuple(ZERO_VOTE_PLACES),
        help="a place only a candidate with no votes could fill: fill it (ERS97 5.5.1) or leave it unfilled",
    )
    p.add_argument("--flows", action="store_true", help="JSON: add where each stage's transferred value went")
    return p


def _read(args):
    name = os.path.basename(args.file)
    suffix = os.path.splitext(name)[1].lower()
    as_csv = args.csv_ballots or suffix == ".csv"
    if not as_csv and suffix != ".blt":
        raise _UsageError(f"{name}: unknown file type (use .blt or .csv, or --csv-ballots)")
    if as_csv and not args.seats:
        raise _UsageError("CSV ballots carry no number of seats: give --seats")
    try:
        if as_csv:
            from .csvballots import read_csv_ballots

            return read_csv_ballots(args.file, args.seats, encoding=args.encoding)
        from .blt import read_blt

        return read_blt(args.file, encoding=args.encoding, missing_zero=args.missing_zero)
    except ValueError as exc:  # BltError and CsvBallotError are ValueErrors
        raise _UsageError(f"{name}: {exc}") from None


def main(argv=None) -> int:
    from .report import render

    # A short-lived process that builds no reference cycles worth collecting: the collector
    # would only walk every ballot again and again (about a tenth of a large count's time).
    gc.disable()
    try:
        args = _parser().parse_args(argv)
        if args.seats is not None and args.seats < 1:
            raise _UsageError("--seats must be at least 1")
        if args.min_women < 0:
            raise _UsageError("--min-women cannot be negative")
        women = frozenset(n.strip() for item in args.women for n in item.split(",") if n.strip())
        election = _read(args)
        options = CountOptions(
            seats=args.seats,
            min_women=args.min_women,
            women=women,
            seed=args.seed,
            zero_vote_places=args.zero_vote_places,
            flows=args.flows,  # only the JSON with --flows shows them
        )
        result = count(election, args.method, options)
        sys.stdout.write(render(result, args.format, flows=args.flows))
        return 0
    except (_UsageError, CountError) as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"{exc.filename or args.file}: {exc.strerror or exc}")


def _fail(message: str) -> int:
    sys.stderr.write(f"error: {message}\n")
    return USAGE_EXIT


if __name__ == "__main__":
    sys.exit(main())
