"""Layer 5, runner: the state of a warm kernel — remembered once after the warm-up, restored
before every report, so that one report never sees what the previous one left behind.

This module runs inside the report kernel (see :mod:`evalkit.runner.kernel`), never in the
runner. :func:`remember` is called once, after evalkit, pandas and matplotlib are imported and
``ek.reports.setup()`` has run; :func:`reset` then brings the kernel back to that moment:

- every variable of the notebook namespace is dropped (IPython's ``%reset -f``) and the
  execution counter starts again at 1, as in a fresh kernel;
- the working folder, environment variables and ``sys.path`` are put back;
- matplotlib's settings and pandas' options are put back and pyplot's figures closed;
- the display formatters (how objects show in a report) and the warning filters are put back;
- what the previous report left in memory is collected.

Modules stay imported — that is the point of a warm kernel. A notebook that patches a library
module, starts a thread or changes global state not listed above can still leak; a report that
fails or runs out of time always gets a fresh kernel.
"""

from __future__ import annotations

import gc
import os
import sys
import time
import warnings
from dataclasses import dataclass
from typing import Any

import matplotlib
import pandas as pd
from IPython import get_ipython


@dataclass
class State:
    """What :func:`reset` restores (see the module docstring)."""

    environ: dict[str, str]
    path: list[str]
    rc: dict[str, Any]
    pandas: dict[str, Any]
    formatters: dict[str, tuple]
    warnings: warnings.catch_warnings  # entered: leaving it puts the warning filters back


_remembered: State | None = None


def _shell() -> Any:
    shell = get_ipython()
    if shell is None:
        raise RuntimeError("evalkit.runner.session runs inside an IPython kernel")
    return shell


def _formatters(shell: Any) -> dict[str, Any]:
    """Every display formatter of the shell: one per MIME type, plus the two special ones."""
    display = shell.display_formatter
    return {**display.formatters, "ipython_display": display.ipython_display_formatter,
            "mimebundle": display.mimebundle_formatter}


def _pandas_keys(node: Any = None, prefix: str = "") -> list[str]:
    """Every pandas option name (``display.max_rows`` …), found through ``pd.options``."""
    node = pd.options if node is None else node
    keys = []
    for name in dir(node):
        value = getattr(node, name)
        if type(value) is type(pd.options):
            keys += _pandas_keys(value, f"{prefix}{name}.")
        else:
            keys.append(f"{prefix}{name}")
    return keys


def _pandas_options() -> dict[str, Any]:
    with warnings.catch_warnings():  # reading a deprecated option warns
        warnings.simplefilter("ignore")
        return {key: pd.get_option(key) for key in _pandas_keys()}


def _rc() -> dict[str, Any]:
    rc: dict[str, Any] = {key: value for key, value in matplotlib.rcParams.copy().items()}
    rc.pop("backend", None)  # as matplotlib's own rc_context: switching backends is not undone
    return rc


def _capture() -> State:
    """The kernel's state as :func:`reset` restores it (from now on, warning filters included)."""
    formatters = {name: (f.enabled, dict(f.type_printers), dict(f.singleton_printers), dict(f.deferred_printers))
                  for name, f in _formatters(_shell()).items()}
    guard = warnings.catch_warnings()
    guard.__enter__()
    return State(environ=dict(os.environ), path=list(sys.path), rc=_rc(), pandas=_pandas_options(),
                 formatters=formatters, warnings=guard)


def remember() -> None:
    """Keep the current state as the one every report starts from (called once, after the warm-up)."""
    global _remembered
    _remembered = _capture()


def reset(cwd: str) -> None:
    """Bring the kernel back to the remembered state, with ``cwd`` as the working folder.

    Run silently (not stored in the history) just before a report's first cell.
    """
    if _remembered is None:
        raise RuntimeError("reset() before remember(): the kernel was not warmed up")
    state = _remembered
    shell = _shell()
    shell.reset(new_session=True)  # %reset -f, and the execution counter back to 1
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    tz = os.environ.get("TZ")
    os.environ.clear()
    os.environ.update(state.environ)
    if os.environ.get("TZ") != tz:
        time.tzset()
    sys.path[:] = state.path
    dict.update(matplotlib.rcParams, state.rc)  # type: ignore[misc]  # as matplotlib.rc_context restores them
    now = _pandas_options()
    changed = {key: value for key, value in state.pandas.items() if not _same(value, now.get(key))}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for key, value in changed.items():
            pd.set_option(key, value)
    for name, formatter in _formatters(shell).items():
        enabled, types, singletons, deferred = state.formatters[name]
        formatter.enabled = enabled
        for live, saved in ((formatter.type_printers, types), (formatter.singleton_printers, singletons),
                            (formatter.deferred_printers, deferred)):
            live.clear()
            live.update(saved)
    state.warnings.__exit__(None, None, None)  # the filters as they were remembered …
    state.warnings = warnings.catch_warnings()
    state.warnings.__enter__()  # … and kept again for the next report
    os.chdir(cwd)
    gc.collect()  # the previous report's objects (figures hold reference cycles) go now, not in the next


def _same(a: Any, b: Any) -> bool:
    try:
        return a is b or bool(a == b)
    except Exception:  # noqa: BLE001 - a value without a plain == is treated as changed
        return False
