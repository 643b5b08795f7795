"""Choosing the format by extension, for reading and writing."""

from __future__ import annotations

import pytest

from relmap.io.formats import FORMATS, name_filters, read_any, write_any
from relmap.model.validate import DatasetError
from tests.io.conftest import INTEROP


@pytest.mark.parametrize("extension", [".json", ".graphml", ".gexf", ".GraphML"])
def test_lossless_formats_round_trip(bundled, layout, tmp_path, extension):
    path = tmp_path / f"map{extension}"
    write_any(bundled, path, layout)
    assert read_any(path) == bundled


def test_open_files_by_their_names(bundled, tmp_path):
    path = tmp_path / "map.gexf"
    write_any(bundled, path)
    with path.open("rb") as f:
        assert read_any(f) == bundled


def test_yed_drawing_on_request(bundled, layout, tmp_path):
    path = tmp_path / "map.graphml"
    write_any(bundled, path, layout, yed=True)
    assert "y:ShapeNode" in path.read_text(encoding="utf-8")
    assert read_any(path) == bundled


def test_csv_is_an_edge_list(bundled, tmp_path):
    path = tmp_path / "map.csv"
    write_any(bundled, path)
    ds = read_any(path)
    assert len(ds.relations) == len(bundled.relations)


def test_other_tools_files():
    assert len(read_any(INTEROP / "02_gephi-0.9.3_us-airports.gexf").entities) == 235
    assert len(read_any(INTEROP / "06_graph-tool_football-parseinfo.graphml").entities) == 115


@pytest.mark.parametrize("name", ["map.xlsx", "map"])
def test_unknown_extensions_are_a_dataset_error(bundled, tmp_path, name):
    path = tmp_path / name
    shown = "'.xlsx'" if name.endswith(".xlsx") else "no extension"
    message = f"unknown file type ({shown}): relmap reads and writes .json, .graphml, .gexf, .csv"
    for action in (lambda: read_any(path), lambda: write_any(bundled, path)):
        with pytest.raises(DatasetError) as caught:
            action()
        assert [str(p) for p in caught.value.problems] == [message]
        assert caught.value.filename == str(path)
    assert not path.exists()


def test_formats_for_file_dialogs():
    assert [ext for ext, _ in FORMATS] == [".json", ".graphml", ".gexf", ".csv"]
    assert name_filters()[2] == "GEXF (Gephi) (*.gexf)"
