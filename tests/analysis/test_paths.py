"""Shortest connections between entities and the report that quotes their evidence."""

import pytest

from relmap.analysis.paths import Step, connection_paths, path_report, resolve
from relmap.io.relmap_json import read_json
from relmap.model.graph import build_graph
from relmap.model.types import Dataset, Entity, Relation
from tests.conftest import BUNDLED

IMPROVED = "r31-tokayev-diplomacy-united_states"
MET = "r32-tokayev-diplomacy-united_states"
NAMES = ("Alpha", "Beta", "Gamma")


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return read_json(BUNDLED)


def relation_ids(step: Step) -> list[str]:
    return [r.id for r in step.relations]


def test_tokayev_and_the_united_states_are_directly_linked_twice(ds):
    paths = connection_paths(ds, "tokayev", "united_states")
    assert len(paths) == 1
    [path] = paths
    assert len(path) == 1
    assert (path[0].source, path[0].target) == ("tokayev", "united_states")
    assert relation_ids(path[0]) == [IMPROVED, MET]  # file order


def test_report_for_tokayev_and_the_united_states_quotes_the_evidence(ds):
    report = path_report(ds, "Tokayev", "United States")
    for rid in (IMPROVED, MET):
        relation = ds.relation(rid)
        assert relation.label in report
        for ev in relation.evidence:
            assert ev.quote in report
    assert "Kassym-Jomart Tokayev → United States" in report  # the direction
    assert "[Diplomacy]" in report  # the type's label
    assert ds.sources[0].title in report
    assert report == path_report(ds, "tokayev", "US")  # id and alias find the same


def test_steps_ignore_direction(ds):
    [path] = connection_paths(ds, "timur", "russia")
    assert [(s.source, s.target) for s in path] == [("timur", "tokayev"), ("tokayev", "russia")]
    assert relation_ids(path[0]) == ["r16-tokayev-parent_of-timur"]  # points the other way
    report = path_report(ds, "Timur", "Russia")
    assert "Kassym-Jomart Tokayev → Timur" in report


def test_all_shortest_paths_up_to_a_limit(ds):
    paths = connection_paths(ds, "tokayev", "moscow")
    middles = {p[0].target for p in paths}
    assert middles == {"kazakhstan", "moscow_state_institute"}
    assert all(len(p) == 2 for p in paths)
    via_kazakhstan = next(p for p in paths if p[0].target == "kazakhstan")
    assert len(via_kazakhstan[0].relations) == 5  # four offices and the recognition
    assert len(connection_paths(ds, "tokayev", "moscow", limit=1)) == 1
    graph = build_graph(ds)
    assert connection_paths(ds, "tokayev", "moscow", graph=graph) == paths


def test_report_shows_dates_and_says_when_paths_were_left_out(ds):
    report = path_report(ds, "Tokayev", "Moscow")
    assert "1999 to 2002" in report
    assert "since 2019" in report
    assert "2 shortest paths of 2 steps" in report
    assert "there are more" not in report
    assert "there are more" in path_report(ds, "Tokayev", "Moscow", limit=1)


def test_unknown_and_ambiguous_queries(ds):
    assert path_report(ds, "Tokayev", "Atlantis") == "No entity matches 'Atlantis'."
    ambiguous = path_report(ds, "kaz", "Tokayev")
    assert ambiguous.startswith("'kaz' is ambiguous; 5 entities match:")
    assert "Senate of Kazakhstan (senate)" in ambiguous
    both = path_report(ds, "Atlantis", "kaz")
    assert "Atlantis" in both and "ambiguous" in both
    assert isinstance(resolve(ds, "Narzabayev"), Entity)


def test_same_entity_and_no_connection():
    ds = Dataset(
        entities=[Entity(i, name, "person") for i, name in zip("abc", NAMES, strict=True)],
        relations=[Relation("r", "a", "b", "knows")],
    )
    assert connection_paths(ds, "a", "c") == []
    assert path_report(ds, "Alpha", "Gamma") == "No connection between Alpha and Gamma."
    assert connection_paths(ds, "a", "a") == [[]]
    assert "same entity" in path_report(ds, "Alpha", "alpha")
    report = path_report(ds, "Alpha", "Beta")
    assert "no evidence quoted" in report
    assert "[Knows]" in report


def test_errors(ds):
    with pytest.raises(KeyError):
        connection_paths(ds, "tokayev", "nobody")
    with pytest.raises(ValueError):
        connection_paths(ds, "tokayev", "russia", limit=0)
