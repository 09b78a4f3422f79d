"""Layer 0: a third-party module loaded on first use, with the standard library's LazyLoader.

The case engine reads a plain CSV and writes its figures without ever touching pandas, NumPy or
pyarrow; the modules it shares with the spreadsheet reader name them through :func:`lazy`, so
they load only when a workbook, an odd time or a frame actually needs them.

>>> json = lazy("json")
>>> json.dumps([1])
'[1]'
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from types import ModuleType

_LOCK = threading.Lock()


def lazy(name: str) -> ModuleType:
    """The module ``name``: itself when already imported, else a stand-in that imports it on first use."""
    with _LOCK:
        if name in sys.modules:
            return sys.modules[name]
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        loader = importlib.util.LazyLoader(spec.loader)
        spec.loader = loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        loader.exec_module(module)
        return module
