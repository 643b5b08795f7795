"""ViewFilter and apply_filter on the bundled map, type counts and filtered export."""

import json

import pytest

from relmap.analysis.filters import (
    TypeCount,
    ViewFilter,
    Visible,
    apply_filter,
    covers_all,
    filtered_dataset,
    type_counts,
)
from relmap.io.relmap_json import dumps, read_json
from relmap.model.types import Dataset, Entity, Relation
from relmap.model.validate import validate_document
from tests.conftest import BUNDLED

PM = "r02-tokayev-holds_office-kazakhstan"
RULER = "r06-nazarbayev-holds_office-kazakhstan"
PRESIDENT = "r01-tokayev-holds_office-kazakhstan"
FOREIGN_MINISTER = "r03-tokayev-holds_office-kazakhstan"
SUCCEEDED = "r22-tokayev-succeeded-nazarbayev"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return read_json(BUNDLED)


def ids(items) -> set[str]:
    return {x.id for x in items}


def test_default_filter_shows_everything(ds):
    visible = apply_filter(ds, ViewFilter())
    assert len(visible.entities) == 34
    assert len(visible.relations) == 63
    assert visible == Visible.everything(ds)


def test_hiding_an_entity_type_hides_its_relations(ds):
    visible = apply_filter(ds, ViewFilter(hidden_entity_types={"person"}))
    persons = {e.id for e in ds.entities if e.type == "person"}
    assert len(persons) == 7
    assert visible.entities == ids(ds.entities) - persons
    expected = {r.id for r in ds.relations if r.source not in persons and r.target not in persons}
    assert visible.relations == expected
    assert len(visible.relations) == 25


def test_hide_isolated_drops_entities_left_alone(ds):
    f = ViewFilter(hidden_entity_types={"person"}, hide_isolated=True)
    visible = apply_filter(ds, f)
    # The Orange Revolution is only linked to Tokayev, who is a person.
    assert "orange_revolution" not in visible.entities
    assert len(visible.entities) == 26
    assert len(visible.relations) == 25


def test_hiding_a_relation_type(ds):
    visible = apply_filter(ds, ViewFilter(hidden_relation_types={"diplomacy"}))
    assert len(visible.relations) == 63 - 12
    assert len(visible.entities) == 34
    alone = apply_filter(ds, ViewFilter(hidden_relation_types={"diplomacy"}, hide_isolated=True))
    # The West and Washington appear only in diplomacy relations.
    assert ids(ds.entities) - alone.entities == {"the_west", "washington"}


def test_text_matches_names_and_aliases_ignoring_case_and_accents(ds):
    visible = apply_filter(ds, ViewFilter(text="KAZAKHSTÁN"))
    assert visible.entities == {
        "kazakhstan",
        "senate",
        "table_tennis_association",
        "unrest",
        "nuclear_disarmament",
    }
    assert visible.relations == {
        "r40-kazakhstan-took_part_in-nuclear_disarmament",
        "r58-senate-part_of-kazakhstan",
        "r59-table_tennis_association-part_of-kazakhstan",
    }
    by_alias = apply_filter(ds, ViewFilter(text="ussr"))
    assert by_alias.entities == {"soviet_union", "ussr_collapse"}


def test_focus_one_hop(ds):
    visible = apply_filter(ds, ViewFilter(focus="nazarbayev", hops=1))
    assert visible.entities == {"nazarbayev", "tokayev", "kazakhstan"}
    assert len(visible.relations) == 10  # all relations among the three


def test_focus_two_and_three_hops(ds):
    two = apply_filter(ds, ViewFilter(focus="nazarbayev", hops=2))
    assert ids(ds.entities) - two.entities == {
        "outsiders",
        "soviet_union",
        "us_cable_leak",
        "world_war_ii",
    }
    three = apply_filter(ds, ViewFilter(focus="nazarbayev", hops=3))
    assert three.entities == ids(ds.entities)


def test_focus_follows_only_visible_relations(ds):
    # Without Tokayev's offices and the people, Nazarbayev reaches nothing.
    f = ViewFilter(focus="nazarbayev", hidden_relation_types={"holds_office"})
    f_people = ViewFilter(focus="kazakhstan", hidden_entity_types={"person"}, hops=1)
    assert apply_filter(ds, f).entities == {"nazarbayev", "tokayev"}
    assert "tokayev" not in apply_filter(ds, f_people).entities


def test_focus_entity_is_shown_whatever_else_is_hidden(ds):
    f = ViewFilter(focus="tokayev", hidden_entity_types={"person"}, text="russia", hops=1)
    visible = apply_filter(ds, f)
    assert visible.entities == {"tokayev", "russia", "russian_troops"}
    assert visible.relations == {
        "r29-tokayev-diplomacy-russia",
        "r46-tokayev-invited-russian_troops",
        "r47-russian_troops-part_of-russia",
    }


def test_unknown_focus_shows_nothing(ds):
    assert apply_filter(ds, ViewFilter(focus="nobody")) == Visible(frozenset(), frozenset())


def test_timeline_as_of(ds):
    in_2000 = apply_filter(ds, ViewFilter(as_of=2000, keep_undated=False))
    assert in_2000.relations == {PM, RULER}
    in_2020 = apply_filter(ds, ViewFilter(as_of=2020, keep_undated=False, hide_isolated=True))
    assert in_2020.relations == {PRESIDENT, FOREIGN_MINISTER, SUCCEEDED}
    assert in_2020.entities == {"tokayev", "kazakhstan", "nazarbayev"}


def test_timeline_keeps_undated_by_default(ds):
    dated = {r.id for r in ds.relations if r.start or r.end}
    visible = apply_filter(ds, ViewFilter(as_of=2020))
    assert visible.relations == (ids(ds.relations) - dated) | {
        PRESIDENT,
        FOREIGN_MINISTER,
        SUCCEEDED,
    }


def test_timeline_range(ds):
    visible = apply_filter(ds, ViewFilter(year_from=1985, year_to=1999, keep_undated=False))
    assert visible.relations == {
        "r09-tokayev-served_in-soviet_embassy_beijing",
        PM,
        RULER,
    }
    open_start = apply_filter(ds, ViewFilter(year_to=1985, keep_undated=False))
    assert open_start.relations == {"r09-tokayev-served_in-soviet_embassy_beijing", RULER}


@pytest.mark.parametrize(
    "kwargs",
    [
        {"hops": 0},
        {"hops": 4},
        {"as_of": 2000, "year_from": 1999},
        {"year_from": 2001, "year_to": 2000},
    ],
)
def test_invalid_filters_are_refused(kwargs):
    with pytest.raises(ValueError):
        ViewFilter(**kwargs)


def test_filter_is_frozen_and_hashable():
    f = ViewFilter(hidden_entity_types={"person"}, hidden_relation_types=["diplomacy"])
    assert f.hidden_entity_types == frozenset({"person"})
    assert f.hidden_relation_types == frozenset({"diplomacy"})
    same = ViewFilter(
        hidden_entity_types=frozenset({"person"}), hidden_relation_types={"diplomacy"}
    )
    assert hash(f) == hash(same)
    assert f == same
    assert f.years is None
    assert ViewFilter(as_of=2000).years == (2000, 2000)
    assert ViewFilter(year_to=2000).years == (None, 2000)


def test_type_counts(ds):
    f = ViewFilter(hidden_relation_types={"diplomacy"}, hidden_entity_types={"event"})
    counts = type_counts(ds, apply_filter(ds, f))
    assert list(counts.entities) == list(ds.entity_types)  # declared order
    assert counts.entities["person"] == TypeCount(7, 7)
    assert counts.entities["event"] == TypeCount(7, 0)
    assert counts.relations["diplomacy"] == TypeCount(12, 0)
    assert counts.relations["holds_office"] == TypeCount(6, 6)
    assert sum(c.total for c in counts.entities.values()) == 34
    assert sum(c.total for c in counts.relations.values()) == 63


def test_type_counts_of_the_whole_map(ds):
    everything = apply_filter(ds, ViewFilter())
    assert covers_all(ds, everything)
    assert not covers_all(ds, apply_filter(ds, ViewFilter(hidden_entity_types={"event"})))
    counts = type_counts(ds, everything)
    assert counts.entities["person"] == TypeCount(7, 7)
    assert counts.relations["diplomacy"] == TypeCount(12, 12)
    assert all(c.total == c.visible for c in counts.relations.values())


def test_type_counts_list_undeclared_types_after_declared_ones():
    ds = Dataset(
        entities=[Entity("a", "A", "zebra"), Entity("b", "B", "person"), Entity("c", "C", "x")],
        relations=[Relation("r", "a", "b", "likes")],
    )
    ds.entity_types = {"person": read_json(BUNDLED).entity_types["person"]}
    counts = type_counts(ds, Visible(frozenset({"a"}), frozenset()))
    assert list(counts.entities) == ["person", "zebra", "x"]
    assert counts.entities["zebra"] == TypeCount(1, 1)
    assert counts.relations == {"likes": TypeCount(1, 0)}


def test_filtered_dataset_is_a_valid_smaller_map(ds):
    visible = apply_filter(ds, ViewFilter(focus="nazarbayev", hops=1))
    small = filtered_dataset(ds, visible)
    assert ids(small.entities) == visible.entities
    assert ids(small.relations) == visible.relations
    assert small.sources == ds.sources
    assert small.entity_types == ds.entity_types
    assert small.title == ds.title
    assert validate_document(json.loads(dumps(small))) == []
    assert len(ds.entities) == 34  # the original is untouched


def test_filtered_dataset_drops_relations_with_a_hidden_end(ds):
    visible = Visible(frozenset({"tokayev"}), frozenset(ids(ds.relations)))
    small = filtered_dataset(ds, visible)
    assert ids(small.entities) == {"tokayev"}
    assert small.relations == []
