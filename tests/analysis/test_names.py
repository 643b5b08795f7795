from relmap.analysis.names import find_entities, find_entity, normalize
from relmap.io.relmap_json import read_json
from tests.conftest import BUNDLED


def test_normalize_ignores_case_accents_and_spacing():
    assert normalize("  Nursultan   NAZARBÁYEV ") == "nursultan nazarbayev"
    assert normalize("Тоқаев") == normalize("тоқаев")


def test_find_by_alias_misspelling_and_accents():
    ds = read_json(BUNDLED)
    assert find_entity(ds, "Narzabáyev").id == "nazarbayev"
    assert find_entity(ds, "tokayev").id == "tokayev"
    assert find_entity(ds, "United States").id == "united_states"
    assert find_entity(ds, "US").id == "united_states"


def test_substring_and_ambiguous_queries():
    ds = read_json(BUNDLED)
    many = find_entities(ds, "tokayev's")
    assert {e.id for e in many} >= {"tokayev_father", "tokayev_mother"}
    assert find_entity(ds, "tokayev's") is None
    assert find_entities(ds, "   ") == []
