import json

import pytest

from relmap.io.relmap_json import loads, read_json
from relmap.model.validate import (
    DatasetError,
    UnreadableFileError,
    date_bounds,
    json_path,
    validate_document,
)
from tests.conftest import DATA

# Each broken file and the one message it must produce (path: message).
BROKEN = {
    "wrong_format": "format: must be 'relmap/1', got a string (\"relmap/2\")",
    "missing_entities": "missing required field 'entities'",
    "entity_missing_name": "entities[1]: missing required field 'name'",
    "name_wrong_type": "entities[0].name: expected string, got a number (42)",
    "duplicate_entity_id": "entities[2].id: duplicate id 'alice' (first used at entities[0])",
    "duplicate_relation_id": "relations[1].id: duplicate id 'r1' (first used at relations[0])",
    "dangling_target": "relations[0].target: no entity has the id 'carol'",
    "unknown_evidence_source": "relations[0].evidence[0].source: no source has the id 's9'",
    "offsets_out_of_range": "relations[0].evidence[0]: offsets 10..999 are out of range "
    "for source 's1' (63 characters)",
    "offsets_mismatch": "relations[0].evidence[0]: quote not found at 5..30 of source 's1'; "
    "it occurs at 0..25",
    "quote_not_in_source": "relations[1].evidence[0]: quote not found in source 's1': "
    '"Bob met Carol"',
    "malformed_date": 'relations[0].start: a string ("01/02/2003") is not a date '
    "(YYYY, YYYY-MM or YYYY-MM-DD)",
    "impossible_date": "relations[0].start: '2003-02-30' is no calendar date",
    "end_before_start": "relations[0].end: ends (2009-12) before it starts (2010)",
    "bad_color": 'entity_types.person.color: a string ("red") is not a color like #1F77B4',
    "bad_shape": 'entity_types.person.shape: a string ("star") is not a shape',
    "only_start_offset": "relations[0].evidence[0]: give both start and end offsets, or neither",
    "attribute_object": "entities[0].attributes.born: expected string or number or boolean, "
    "got an object",
    "empty_id": "entities[0].id: must not be empty",
    "not_json": "not valid JSON: Expecting property name enclosed in double quotes "
    "at line 4, column 17",
    "not_utf8": "not UTF-8 text: byte 33 cannot be decoded",
    "top_level_array": "expected object, got an array",
}


def test_every_broken_file_has_a_case():
    files = {p.stem for p in (DATA / "broken").glob("*.json")}
    assert files == set(BROKEN)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_file_gives_its_message(name):
    path = DATA / "broken" / f"{name}.json"
    with pytest.raises(DatasetError) as info:
        read_json(path)
    messages = [str(p) for p in info.value.problems]
    assert any(m.startswith(BROKEN[name]) for m in messages), messages
    assert info.value.filename == str(path)
    assert str(path) in info.value.report()


def test_missing_entities_does_not_cascade_into_dangling_references():
    with pytest.raises(DatasetError) as info:
        read_json(DATA / "broken" / "missing_entities.json")
    assert len(info.value.problems) == 1


def test_all_problems_are_collected_in_one_pass():
    doc = json.loads((DATA / "small.json").read_text(encoding="utf-8"))
    doc["format"] = "x"
    doc["entities"][0]["name"] = 1
    doc["relations"][1]["target"] = "nowhere"
    paths = [p.path for p in validate_document(doc)]
    assert sorted(paths) == ["entities[0].name", "format", "relations[1].target"]


def test_missing_file_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFileError) as info:
        read_json(tmp_path / "nope.json")
    assert "cannot read the file" in info.value.report()


def test_small_file_loads_and_fills_missing_offsets(small_path):
    ds = read_json(small_path)
    ev = ds.relation("r2").evidence[0]
    text = ds.source("s1").text
    assert (ev.start, ev.end) is not None
    assert text[ev.start : ev.end] == ev.quote == "Их встреча"


def test_offsets_count_unicode_characters_not_bytes():
    text = "🙂 Ақорда: Тоқаев met Назарбаев"
    quote = "Тоқаев met Назарбаев"
    start = text.index(quote)
    doc = {
        "format": "relmap/1",
        "sources": [{"id": "s", "title": "t", "text": text}],
        "entities": [{"id": "a", "name": "A", "type": "person"}],
        "relations": [
            {
                "id": "r",
                "source": "a",
                "target": "a",
                "type": "t",
                "evidence": [
                    {"source": "s", "quote": quote, "start": start, "end": start + len(quote)}
                ],
            }
        ],
    }
    assert validate_document(doc) == []
    doc["relations"][0]["evidence"][0]["start"] = len(text[:start].encode())
    assert "quote not found at" in str(validate_document(doc)[0])


def test_unknown_keys_are_kept():
    doc = json.loads((DATA / "small.json").read_text(encoding="utf-8"))
    doc["x-custom"] = {"a": 1}
    doc["entities"][0]["x-note"] = "kept"
    ds = loads(json.dumps(doc))
    assert ds.extra == {"x-custom": {"a": 1}}
    assert ds.entity("alice").extra == {"x-note": "kept"}


@pytest.mark.parametrize(
    ("value", "bounds"),
    [
        ("2019", ((2019, 1, 1), (2019, 12, 31))),
        ("2020-02", ((2020, 2, 1), (2020, 2, 29))),
        ("2021-02-28", ((2021, 2, 28), (2021, 2, 28))),
        ("2021-02-29", None),
        ("2021-13", None),
        ("19", None),
    ],
)
def test_date_bounds(value, bounds):
    assert date_bounds(value) == bounds


def test_json_path_rendering():
    assert json_path(["relations", 7, "evidence", 0]) == "relations[7].evidence[0]"
    assert json_path(["attributes", "two words"]) == 'attributes["two words"]'
