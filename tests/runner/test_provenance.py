"""Provenance: what a report was built from, and the key that decides whether to rebuild it."""

from pathlib import Path

from evalkit.project import CATALOG
from evalkit.runner.catalog import Entry, load_catalog
from evalkit.runner.provenance import Provenance, entry_parameters, entry_provenance, sha256_file, sha256_path


def test_an_entry_hashes_its_own_inputs():
    entry = next(e for e in load_catalog() if e.entry == "yiyang-2022-xieguanyuan")
    prov = entry_provenance(entry, CATALOG)
    assert prov.parameters == {"inputs": ["yiyang-2022/自评表.xlsx"], "title": entry.title, "department": entry.department,
                               "year": 2022, "index_no": "JXFH-2022-01", "reviewer": ""}
    assert prov.inputs == {"yiyang-2022/自评表.xlsx": sha256_file(entry.input_paths[0])}
    assert Provenance.from_dict(prov.to_dict()).key == prov.key


def test_an_overview_depends_on_the_catalogue_it_was_listed_in(tmp_path):
    table = tmp_path / "自评表.xlsx"
    table.write_bytes(load_catalog()[0].input_paths[0].read_bytes())
    catalog = tmp_path / "catalog.csv"
    catalog.write_text("entry,year,department_id,department,notebook,inputs,title\n"
                       f"one,2022,d,部门,self_evaluation,{table},报告\n"
                       "all,2022,all,全部,overview,,总览\n", encoding="utf-8")
    overview = load_catalog(catalog)[1]
    prov = entry_provenance(overview, catalog)
    assert prov.parameters["catalog"] == str(catalog)
    assert prov.inputs == {"catalog.csv": sha256_file(catalog), str(table): sha256_file(table)}
    before = prov.key
    table.write_bytes(table.read_bytes() + b"\0")  # any listed input changes: the overview is rebuilt
    assert entry_provenance(overview, catalog).key != before
    # the default catalogue is passed relative to data/, as the notebook's parameter cell reads it
    assert entry_parameters(Entry("o", 2024, "o", "全部", "overview", (), "总览"), CATALOG)["catalog"] == "catalog.csv"


def test_a_folder_input_hashes_its_files_and_their_names(tmp_path):
    (tmp_path / "a.csv").write_text("x", encoding="utf-8")
    first = sha256_path(tmp_path)
    (tmp_path / "a.csv").rename(tmp_path / "b.csv")
    assert sha256_path(tmp_path) != first
    assert sha256_path(tmp_path / "b.csv") == sha256_file(Path(tmp_path / "b.csv"))
