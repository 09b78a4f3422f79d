"""evalkit's version (version), from the installed distribution's metadata."""

import re
from importlib.metadata import version

import evalkit
from evalkit.version import __version__


def test_version_is_the_distribution_version():
    assert isinstance(__version__, str) and __version__ == version("evalkit")
    assert re.match(r"^\d+\.\d+", __version__)


def test_the_face_shows_the_same_version():
    assert evalkit.__version__ is __version__ and "__version__" in evalkit.__all__
