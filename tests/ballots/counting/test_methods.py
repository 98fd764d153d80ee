import sys
import types

import pytest

from ballots.counting import methods
from ballots.counting.model import CountError


def test_it_knows_every_method_name():
    assert methods.method_names() == ("ers97", "scottish", "meek", "wigm", "fptp", "block", "av")


def test_an_unknown_method_is_refused():
    with pytest.raises(CountError, match="unknown method 'borda'"):
        methods.load("borda")


def test_a_method_whose_module_is_missing_is_not_available(monkeypatch):
    monkeypatch.setitem(methods.METHODS, "ghost", "ballots.counting.no_such_rule")
    with pytest.raises(CountError, match="method ghost is not available"):
        methods.load("ghost")


def test_it_loads_the_rule_lazily(monkeypatch):
    fake = types.ModuleType("ballots.counting.fake_rule")
    fake.count = lambda election, options: ("counted", election)
    monkeypatch.setitem(sys.modules, "ballots.counting.fake_rule", fake)
    monkeypatch.setitem(methods.METHODS, "fake", "ballots.counting.fake_rule")
    assert methods.count("E", "fake") == ("counted", "E")
