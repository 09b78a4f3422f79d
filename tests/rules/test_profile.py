import pytest

from evalkit.errors import EvalkitError, ProfileError
from evalkit.rules.profile import available_profiles, load_profile

NATIONAL = load_profile()
LINEAR = load_profile("linear")


def test_profiles_load_and_inherit():
    assert {"national", "linear"} <= set(available_profiles())
    assert NATIONAL.execution_points == 10 and NATIONAL.reverse_mode == "ratio"
    assert LINEAR.reverse_mode == "linear" and LINEAR.grades == NATIONAL.grades
    assert LINEAR.bands["partial"] == (0.6, 0.8)
    with pytest.raises(ProfileError, match="找不到评分规则"):
        load_profile("atlantis")


def test_case_and_assessment_policy_lives_in_the_profile():
    assert NATIONAL.case_points == {"on_time": 1.0, "late": 0.55, "not_completed": 0.0}
    assert NATIONAL.resolution_weight == 0.55
    assert NATIONAL.assessment_weights == {"digital_score": 0.6, "spot_check": 0.2, "supervision": 0.2}
    assert NATIONAL.assessment_cap == 5.0 and LINEAR.case_points == NATIONAL.case_points


def test_tolerance_and_materiality_live_in_the_profile():
    for p in (NATIONAL, LINEAR):
        assert p.rounding_units == 1 and p.materiality == 10.0
        assert p.rounding_steps == {"amount": 0.01, "rate": 0.01, "score": 0.1}


def _profile(tmp_path, body: str):
    path = tmp_path / "mine.toml"
    path.write_text('name = "mine"\nbase = "national"\n' + body, encoding="utf-8")
    return path


@pytest.mark.parametrize("body, key", [
    ('[indicators]\nreverse_mode = "log"\n', "indicators.reverse_mode"),
    ('[execution]\ndenominator = "budget_total"\n', "execution.denominator"),
    ('[execution]\npoints = "ten"\n', "execution.points"),
    ('[indicators.qualitative]\npartial = [0.9, 0.5]\n', "indicators.qualitative.partial"),
    ('[assessment]\nweights = { digital_score = 0.5, spot_check = 0.2, supervision = 0.2 }\n', "assessment.weights"),
    ('[cases]\npoints = { late = -0.5 }\n', "cases.points.late"),
    ('[grades]\n"优" = -1\n', "grades.优"),
    ('[tolerance]\nunits = -1\n', "tolerance.units"),
    ('[tolerance]\nunits = "one"\n', "tolerance.units"),
    ('[tolerance]\nrate = 0\n', "tolerance.rate"),
    ('[tolerance]\namount = true\n', "tolerance.amount"),
    ('[tolerance]\nscore = 2\n', "tolerance.score"),
    ('[materiality]\namount = -10\n', "materiality.amount"),
    ('[materiality]\namount = "20万元"\n', "materiality.amount"),
])
def test_invalid_profile_names_the_key(tmp_path, body, key):
    with pytest.raises(ProfileError, match=key.replace(".", r"\.")) as info:
        load_profile(_profile(tmp_path, body))
    assert "mine" in str(info.value) and isinstance(info.value, EvalkitError)


def test_unreadable_profile_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("name = [unclosed", encoding="utf-8")
    with pytest.raises(ProfileError, match="bad.toml"):
        load_profile(bad)
