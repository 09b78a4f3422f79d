"""Lazy modules (lazy): a module named through lazy() loads on first use, not before."""

import subprocess
import sys

from evalkit.lazy import lazy


def test_a_lazy_module_loads_on_first_attribute():
    code = ("import sys; from evalkit.lazy import lazy; m = lazy('wave'); "
            "before = type(sys.modules['wave']).__name__; m.open; print(before, type(sys.modules['wave']).__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["_LazyModule", "module"]


def test_an_imported_module_is_returned_as_it_is_and_a_missing_one_raises():
    assert lazy("sys") is sys
    try:
        lazy("no_such_module_here")
    except ModuleNotFoundError as exc:
        assert exc.name == "no_such_module_here"
    else:
        raise AssertionError("a missing module must raise")
