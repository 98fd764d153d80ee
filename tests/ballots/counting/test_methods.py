import sys
import types

import pytest

from ballots.counting import methods
from ballots.counting.model import CountError


def test_it_knows_every_method_name():
    assert methods.method_names() == ("ers97", "scottish", "meek", "wigm", "fptp", "block", "av")
    assert [m.name for m in methods.totals_methods()] == ["fptp", "block"]


def test_the_command_line_offers_exactly_the_engine_methods():
    from ballots.counting.__main__ import _parser

    (action,) = [a for a in _parser()._actions if a.dest == "method"]
    assert tuple(action.choices) == methods.method_names()


def test_an_unknown_method_is_refused():
    with pytest.raises(CountError, match="unknown method 'borda'"):
        methods.load("borda")


def test_a_method_whose_module_is_missing_is_not_available(monkeypatch):
    monkeypatch.setitem(methods.BY_NAME, "ghost", methods.Method("ghost", "Ghost", "ballots.counting.no_such_rule"))
    with pytest.raises(CountError, match="method ghost is not available"):
        methods.load("ghost")


def test_it_loads_the_rule_lazily(monkeypatch):
    fake = types.ModuleType("ballots.counting.fake_rule")
    fake.count = lambda election, options: ("counted", election)
    monkeypatch.setitem(sys.modules, "ballots.counting.fake_rule", fake)
    monkeypatch.setitem(methods.BY_NAME, "fake", methods.Method("fake", "Fake", "ballots.counting.fake_rule"))
    assert methods.count("E", "fake") == ("counted", "E")
