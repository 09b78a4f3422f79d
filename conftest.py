"""Root pytest configuration: shared by tests/ and the doctests of evalkit/."""

import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session", autouse=True)
def generated_samples():
    """The generated sample case exports under data/generated/ (never committed) exist."""
    from evalkit.samples import ensure_samples

    ensure_samples()
