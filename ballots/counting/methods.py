"""Which module counts which method.

Each rule module exposes ``count(election: Election, options: CountOptions) -> Result``.
Modules are imported only when asked for, so a missing or broken rule never stops the others.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .model import CountError, CountOptions, Election, Result

METHODS: dict[str, str] = {
    "ers97": "ballots.counting.ers97",
    "scottish": "ballots.counting.scottish",
    "meek": "ballots.counting.meek",
    "wigm": "ballots.counting.wigm",
    "fptp": "ballots.counting.simple:fptp",
    "block": "ballots.counting.simple:block",
    "av": "ballots.counting.simple:av",
}


def method_names() -> tuple[str, ...]:
    return tuple(METHODS)


def load(method: str):
    """The ``count`` function for ``method``, or CountError if it is unknown or not installed."""
    target = METHODS.get(method)
    if target is None:
        raise CountError(f"unknown method {method!r}; choose from {', '.join(METHODS)}")
    module_path, _, attr = target.partition(":")
    try:
        module: ModuleType = importlib.import_module(module_path)
    except ModuleNotFoundError as exc:
        if exc.name and module_path.startswith(exc.name):
            raise CountError(f"method {method} is not available") from None
        raise
    func = getattr(module, attr or "count", None)
    if func is None:
        raise CountError(f"method {method} is not available")
    return func


def count(election: Election, method: str, options: CountOptions | None = None) -> Result:
    """Count ``election`` by ``method``: the library entry point."""
    return load(method)(election, options or CountOptions())
