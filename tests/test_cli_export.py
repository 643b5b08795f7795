"""`relmap export` and `relmap import` from the command line, headless."""

import json
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from relmap.cli import main
from relmap.io.relmap_json import read_json
from tests.conftest import BUNDLED, DATA


def test_png_has_the_requested_size_and_is_not_blank(tmp_path):
    out = tmp_path / "map.png"
    assert main(["export", str(BUNDLED), "-o", str(out), "--scale", "2"]) == 0
    image = Image.open(out).convert("RGB")
    assert image.size == (3840, 2160)
    assert len(image.resize((480, 270)).getcolors(maxcolors=100_000)) > 50


def test_svg_contains_every_entity_name(tmp_path):
    out = tmp_path / "map.svg"
    assert main(["export", str(BUNDLED), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    ET.fromstring(text)
    from xml.sax.saxutils import escape

    for e in read_json(BUNDLED).entities:
        assert escape(e.name) in text or e.name in text, e.name


@pytest.mark.parametrize("suffix", [".graphml", ".gexf", ".json"])
def test_export_then_import_round_trips(tmp_path, suffix):
    exported = tmp_path / f"m{suffix}"
    back = tmp_path / "back.json"
    assert main(["export", str(BUNDLED), "-o", str(exported)]) == 0
    assert main(["import", str(exported), "-o", str(back)]) == 0
    assert read_json(back) == read_json(BUNDLED)


def test_filtered_export_as_of_and_types(tmp_path):
    out = tmp_path / "m.json"
    assert (
        main(
            ["export", str(BUNDLED), "-o", str(out), "--as-of", "2000", "--types", "person,country"]
        )
        == 0
    )
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert {e["type"] for e in doc["entities"]} <= {"person", "country"}
    labels = {
        r["label"]
        for r in doc["relations"]
        if r["source"] == "tokayev" and r["target"] == "kazakhstan"
    }
    assert "Prime Minister" in labels and "President" not in labels


def test_focus_export(tmp_path):
    out = tmp_path / "m.json"
    assert (
        main(["export", str(BUNDLED), "-o", str(out), "--focus", "Narzabayev", "--hops", "1"]) == 0
    )
    ids = {e["id"] for e in json.loads(out.read_text(encoding="utf-8"))["entities"]}
    assert "nazarbayev" in ids and "tokayev" in ids and "timur" not in ids


def test_bad_requests_are_clear(tmp_path, capsys):
    assert main(["export", str(BUNDLED), "-o", str(tmp_path / "x.docx")]) == 2
    assert "cannot export to 'x.docx'" in capsys.readouterr().err
    assert main(["export", str(BUNDLED), "-o", str(tmp_path / "x.png"), "--types", "dragon"]) == 2
    assert "no entity has the type dragon" in capsys.readouterr().err
    assert (
        main(["import", str(DATA / "broken" / "not_json.json"), "-o", str(tmp_path / "y.json")])
        == 1
    )
    assert not (tmp_path / "y.json").exists()
