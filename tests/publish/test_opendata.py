"""publish/opendata.py and publish/dcat.py: the open data equal the annex row for row, and
dcat.rdf describes them for dataportal.se (SPEC §12)."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from builders import solvik_sheets, write_solvik
from conftest import ROOT
from messy import SECRET_COMMENT, write_messy
from plan_model.options import BuildOptions
from plan_model.pipeline import build
from plan_model.publish.dcat import CC0, dcat_bytes
from plan_model.publish.opendata import ACTION_COLUMNS, ACTIVITY_COLUMNS

EXAMPLE = ROOT / "inputs" / "2023"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"


def _build(input_dir: Path, out: Path) -> Path:
    build(input_dir, BuildOptions(out_dir=out, no_pdf=True))
    return out


@pytest.fixture(scope="module")
def outs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("opendata")
    return {"example": _build(EXAMPLE, root / "example"),
            "messy": _build(write_messy(root / "messy-in"), root / "messy")}


def read_csv(path: Path) -> list[dict]:
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf"), "no BOM"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def annex_rows(out: Path) -> list[list[str]]:
    """The annex .xlsx's data rows, as text."""
    sheet = openpyxl.load_workbook(next(out.glob("bilaga1-*.xlsx"))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return [["" if v is None else str(v) for v in row] for row in rows[1:]]


@pytest.mark.parametrize("name", ["example", "messy"])
def test_activity_rows_equal_the_annex_row_for_row(outs, name):
    out = outs[name]
    annex = annex_rows(out)
    published = read_csv(out / "oppna-data" / "aktiviteter.csv")
    columns = ACTIVITY_COLUMNS[:8]
    assert [[row[c] for c in columns] for row in published] == annex
    as_json = json.loads((out / "oppna-data" / "aktiviteter.json").read_text("utf-8"))
    assert [[str(row[c]) for c in columns] for row in as_json] == annex
    assert len(annex) > 0


def test_example_has_every_activity_and_action(outs):
    published = read_csv(outs["example"] / "oppna-data" / "aktiviteter.csv")
    actions = read_csv(outs["example"] / "oppna-data" / "atgarder.csv")
    assert len(actions) == 17
    assert sum(int(a["antal_aktiviteter"]) for a in actions) == len(published)
    assert list(actions[0]) == list(ACTION_COLUMNS)
    assert list(published[0]) == list(ACTIVITY_COLUMNS)


def test_columns_are_stable_ascii_snake_case_and_documented():
    readme = (ROOT / "README.md").read_text("utf-8")
    for column in ACTION_COLUMNS + ACTIVITY_COLUMNS:
        assert column.isascii() and column == column.lower() and " " not in column
        assert f"`{column}`" in readme, column


def test_kommentar_is_never_published(outs):
    for path in (outs["messy"] / "oppna-data").iterdir():
        assert SECRET_COMMENT not in path.read_text("utf-8"), path.name
    assert SECRET_COMMENT not in (outs["messy"] / "html" / "index.html").read_text("utf-8")


def test_dates_are_iso_and_line_breaks_survive(outs):
    published = read_csv(outs["messy"] / "oppna-data" / "aktiviteter.csv")
    assert "2031-09-30" in [row["tidplan"] for row in published]
    actions = {a["nr"]: a for a in read_csv(outs["messy"] / "oppna-data" / "atgarder.csv")}
    assert actions["1"]["beskrivning"].startswith("Rad ett med <i>taggar</i>\nRad två")
    assert actions["4"]["antal_aktiviteter"] == "0" and actions["4"]["sektorer_bolag"] == ""
    assert actions["3"]["strategi"] == "Ren luft; Samarbete, «citat» & <alt>"


def test_follow_up_columns_are_there_even_when_empty(outs):
    published = json.loads((outs["example"] / "oppna-data" / "aktiviteter.json")
                           .read_text("utf-8"))
    assert {row["status"] for row in published} >= {"Pågår"}
    assert all("bedomning" in row and "uppfoljning" in row for row in published)


# -- dcat.rdf -----------------------------------------------------------------------------------

def graph_of(out: Path):
    from rdflib import Graph

    path = out / "oppna-data" / "dcat.rdf"
    graph = Graph()
    graph.parse(path, format="xml", publicID=path.as_uri())
    return graph, path


def test_dcat_describes_the_data_set(outs):
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF, XSD

    graph, path = graph_of(outs["example"])
    (dataset,) = graph.subjects(RDF.type, URIRef(DCAT + "Dataset"))
    title = graph.value(dataset, URIRef(DCT + "title"))
    assert "Handlingsplan till miljöstrategin för 2023" in title and title.language == "sv"
    assert "Borlänge" in graph.value(dataset, URIRef(DCT + "description"))
    publisher = graph.value(dataset, URIRef(DCT + "publisher"))
    assert (publisher, RDF.type, URIRef(FOAF + "Agent")) in graph
    assert str(graph.value(publisher, URIRef(FOAF + "name"))) == "Borlänge"
    assert graph.value(dataset, URIRef(DCT + "issued")) == Literal("2023-02-24",
                                                                    datatype=XSD.date)
    keywords = {str(k) for k in graph.objects(dataset, URIRef(DCAT + "keyword"))}
    assert {"Hejda klimatförändringarna", "Res hållbart", "Kommunen går före"} <= keywords
    assert len(keywords) == 15
    distributions = list(graph.objects(dataset, URIRef(DCAT + "distribution")))
    assert len(distributions) == 4
    media = {}
    for distribution in distributions:
        assert (distribution, RDF.type, URIRef(DCAT + "Distribution")) in graph
        access = graph.value(distribution, URIRef(DCAT + "accessURL"))
        # -- relative in the file: resolved against dcat.rdf, it names the file beside it --
        target = Path(str(access).removeprefix("file://"))
        assert target.parent == path.parent and target.is_file()
        media[target.name] = str(graph.value(distribution, URIRef(DCAT + "mediaType")))
        assert graph.value(distribution, URIRef(DCT + "license")) == URIRef(CC0)
    assert media == {
        "atgarder.csv": "http://www.iana.org/assignments/media-types/text/csv",
        "aktiviteter.csv": "http://www.iana.org/assignments/media-types/text/csv",
        "atgarder.json": "http://www.iana.org/assignments/media-types/application/json",
        "aktiviteter.json": "http://www.iana.org/assignments/media-types/application/json",
    }
    assert b"rdf:resource=\"atgarder.csv\"" in path.read_bytes()


@pytest.mark.parametrize("text, expected", [
    ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    ("https://example.org/licens", "https://example.org/licens"),
    ("Fri användning med källangivelse", None),
])
def test_licence_from_the_dokument_field(tmp_path, text, expected):
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDFS

    from plan_model.pipeline import check

    sheets = solvik_sheets()
    sheets["Dokument"].append(["Licens öppna data", text])
    result = check(write_solvik(tmp_path / "in", sheets))
    assert result.ok, [f.line() for f in result.findings]
    graph = Graph()
    graph.parse(data=dcat_bytes(result.plan), format="xml", publicID="https://example.org/d/")
    licences = set(graph.objects(None, URIRef(DCT + "license")))
    assert len(licences) == 1
    (licence,) = licences
    if expected is not None:
        assert licence == URIRef(expected)
    else:
        assert str(graph.value(licence, RDFS.label)) == text


def test_without_beslutad_there_is_no_issued_date(tmp_path):
    from rdflib import Graph, URIRef

    from plan_model.pipeline import check

    sheets = solvik_sheets()
    sheets["Dokument"] = [row for row in sheets["Dokument"] if row[0] != "Beslutad"]
    plan = check(write_solvik(tmp_path / "in", sheets)).plan
    graph = Graph()
    graph.parse(data=dcat_bytes(plan), format="xml", publicID="https://example.org/d/")
    assert not list(graph.objects(None, URIRef(DCT + "issued")))


def test_same_plan_same_bytes_in_other_processes(outs, tmp_path):
    """rdflib's output order follows hash order; the written file must not."""
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = dict(os.environ, PYTHONHASHSEED=seed)
        run = subprocess.run([sys.executable, str(ROOT / "generate.py"), "build", str(EXAMPLE),
                              "--out", str(out), "--no-pdf"], capture_output=True, text=True,
                             env=env, cwd=ROOT, timeout=300)
        assert run.returncode == 0, run.stderr
        for path in sorted((outs["example"] / "oppna-data").iterdir()):
            assert (out / "oppna-data" / path.name).read_bytes() == path.read_bytes(), path.name
