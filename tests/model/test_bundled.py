"""The bundled map: valid, every relation quoted exactly from the article."""

import json
from collections import Counter

from relmap.io.relmap_json import read_json
from relmap.model.validate import validate_document
from tests.conftest import BUNDLED, SHARED

ARTICLE = SHARED / "seeds" / "000_b478b603edeb189c.txt"


def test_bundled_map_validates():
    doc = json.loads(BUNDLED.read_text(encoding="utf-8"))
    assert validate_document(doc) == []


def test_bundled_source_is_the_whole_article():
    ds = read_json(BUNDLED)
    assert len(ds.sources) == 1
    assert ds.sources[0].text == ARTICLE.read_text(encoding="utf-8")


def test_every_relation_has_an_exact_quote_at_its_offsets():
    ds = read_json(BUNDLED)
    doc = json.loads(BUNDLED.read_text(encoding="utf-8"))
    text = ds.sources[0].text
    for rel in doc["relations"]:
        assert rel["evidence"], rel["id"]
        for ev in rel["evidence"]:
            assert "start" in ev and "end" in ev, rel["id"]
            assert text[ev["start"] : ev["end"]] == ev["quote"], rel["id"]


def test_size_floor_and_entity_types():
    ds = read_json(BUNDLED)
    assert len(ds.entities) >= 20
    assert len(ds.relations) >= 30
    kinds = Counter(e.type for e in ds.entities)
    for kind in ("person", "country", "institution", "organization", "place", "event"):
        assert kinds[kind] >= 1, kind
    assert all(len(ds.relations_of(e.id)) > 0 for e in ds.entities)


def test_misspelling_is_kept_as_alias():
    ds = read_json(BUNDLED)
    assert "Narzabayev" in ds.entity("nazarbayev").aliases


def test_key_facts_of_the_article():
    ds = read_json(BUNDLED)

    def find(source, target, label):
        return [
            r
            for r in ds.relations
            if r.source == source and r.target == target and r.label == label
        ]

    (pm,) = find("tokayev", "kazakhstan", "Prime Minister")
    assert pm.start == "1999"
    (fm,) = find("tokayev", "kazakhstan", "Minister of Foreign Affairs")
    assert fm.start == "2002"
    (president,) = find("tokayev", "kazakhstan", "President")
    assert president.start == "2019"
    (succ,) = [r for r in ds.relations if r.type == "succeeded"]
    assert (succ.source, succ.target, succ.start) == ("tokayev", "nazarbayev", "2019")
    assert any(r.type == "invited" and r.target == "russian_troops" for r in ds.relations)
    assert find("tokayev", "timur", "Father")
    assert find("tokayev", "table_tennis_association", "Head")
