"""The generated sample data (samples): written under data/generated/, never rewritten when present."""

from evalkit.project import DATA
from evalkit.samples import SAMPLES, ensure_samples


def test_the_generated_sample_exists_under_data():
    (rel,) = SAMPLES
    assert (DATA / rel).is_file() and rel.startswith("generated/")


def test_samples_are_not_rewritten():
    assert ensure_samples() == []

