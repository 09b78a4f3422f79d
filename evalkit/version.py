"""Layer 0: evalkit's version — the one place it is written (``pyproject.toml`` reads it from here,
so the installed distribution's metadata agrees), without importing ``importlib.metadata``."""

__version__ = "0.1.0"
