import pandas as pd
import pytest

from evalkit.cases.reader import read_cases
from evalkit.project import DATA
from evalkit.testing.casegen import ALT_HEADERS, HEADERS, generate_cases, write_export, zhongfang_2020


def zhongfang_units() -> pd.DataFrame:
    """Seed 001's A/B units, as the project's sample generator reads them."""
    return pd.read_csv(DATA / "zhongfang-2020" / "units.csv", dtype="str")


def test_seed001_counts_exact():
    df = zhongfang_2020(zhongfang_units())
    assert len(df) == 14664 and df["案件编号"].is_unique
    assert df["派遣时间"].notna().sum() == 12299
    done = df["核查结果"].eq("通过") & df["处置完成时间"].notna()
    eff = df["延期截止时间"].fillna(df["处置截止时间"])
    on_time = done & (df["处置完成时间"] <= eff)
    assert (done.sum(), on_time.sum(), (done & ~on_time).sum()) == (8907, 5867, 3040)
    assert round(5867 / 14664 * 100, 2) == 40.01
    assert round((0.55 * 8907 / 14664 + 0.45 * 5867 / 14664) * 100, 2) == 51.41
    assert eff.dt.year.eq(2020).all()
    assert set(df["责任单位"].dropna()) - {""} <= set(zhongfang_units()["unit"])


def test_reproducible_and_seed_dependent():
    a, b, c = generate_cases(300, seed=5), generate_cases(300, seed=5), generate_cases(300, seed=6)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)


def test_stages_nest_and_extensions_cross_months():
    df = generate_cases(5000, registered=4800, dispatched=4500, handled=4000, completed=3500, on_time=2000,
                        closed=3600, extension_share=0.2, seed=3)
    assert df["立案时间"].notna().sum() == 4800 and df["结案时间"].notna().sum() == 3600
    assert df["处置完成时间"].notna().sum() == 4000
    assert (df["派遣时间"].notna() <= df["立案时间"].notna()).all()
    ext = df[df["延期截止时间"].notna()]
    assert len(ext) > 0 and (ext["延期截止时间"] > ext["处置截止时间"]).all()
    assert (ext["延期截止时间"].dt.month != ext["处置截止时间"].dt.month).any()
    exact = df["处置完成时间"] == df["延期截止时间"].fillna(df["处置截止时间"])
    assert exact.any()  # some cases finish exactly at their deadline
    with pytest.raises(ValueError):
        generate_cases(10, completed=5, on_time=6)


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "xls"])
def test_write_and_read_back(tmp_path, suffix):
    df = generate_cases(200, seed=2, headers=ALT_HEADERS)
    t = read_cases(write_export(df, tmp_path / f"c.{suffix}"), cache=False)
    assert len(t.frame) == 200 and t.bad_cells.empty
    assert t.frame["case_id"].tolist() == df["任务号"].tolist()
    pd.testing.assert_series_equal(t.frame["deadline"], df["截止时间"].astype("datetime64[s]"),
                                   check_names=False)
    assert set(HEADERS) - {"rework"} <= set(t.headers)
