"""Relations in time on the bundled map: Prime Minister in 2000, President in 2020."""

import pytest

from relmap.analysis.timeline import active_in, is_undated, relation_interval, year_span
from relmap.io.relmap_json import read_json
from relmap.model.types import Dataset, Relation
from tests.conftest import BUNDLED


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return read_json(BUNDLED)


def offices(ds: Dataset, year: int) -> set[str | None]:
    """Labels of Tokayev's offices in Kazakhstan that the timeline shows for a year."""
    return {
        r.label
        for r in ds.relations
        if (r.source, r.target, r.type) == ("tokayev", "kazakhstan", "holds_office")
        and active_in(r, year, year, keep_undated=False)
    }


def test_as_of_2000_prime_minister_not_president(ds):
    held = offices(ds, 2000)
    assert "Prime Minister" in held
    assert "President" not in held


def test_as_of_2020_president_not_prime_minister(ds):
    held = offices(ds, 2020)
    assert "President" in held
    assert "Prime Minister" not in held


def test_intervals_of_the_bundled_offices(ds):
    assert relation_interval(ds.relation("r02-tokayev-holds_office-kazakhstan")) == (1999, 2002)
    assert relation_interval(ds.relation("r01-tokayev-holds_office-kazakhstan")) == (2019, None)
    assert relation_interval(ds.relation("r06-nazarbayev-holds_office-kazakhstan")) == (None, 2019)
    undated = ds.relation("r04-tokayev-holds_office-kazakhstan")
    assert relation_interval(undated) == (None, None)
    assert is_undated(undated)


def test_interval_bounds_are_inclusive(ds):
    pm = ds.relation("r02-tokayev-holds_office-kazakhstan")
    assert not active_in(pm, 1998, 1998)
    assert active_in(pm, 1999, 1999)
    assert active_in(pm, 2002, 2002)
    assert not active_in(pm, 2003, 2003)
    assert active_in(pm, 1990, 1999)
    assert active_in(pm, 2002, 2030)
    assert not active_in(pm, 2003, 2030)


def test_open_ends_are_unbounded(ds):
    ruler = ds.relation("r06-nazarbayev-holds_office-kazakhstan")  # no start, ends 2019
    assert active_in(ruler, 1900, 1900)
    assert active_in(ruler, 2019, 2019)
    assert not active_in(ruler, 2020, 2020)
    president = ds.relation("r01-tokayev-holds_office-kazakhstan")  # 2019, no end
    assert active_in(president, 2100, 2100)
    assert active_in(president, None, None)
    assert not active_in(president, None, 2018)
    assert active_in(president, 2019, None)


def test_undated_relations_follow_keep_undated(ds):
    undated = ds.relation("r04-tokayev-holds_office-kazakhstan")
    assert active_in(undated, 2000, 2000, keep_undated=True)
    assert not active_in(undated, 2000, 2000, keep_undated=False)


def test_month_and_day_dates_count_by_year():
    r = Relation("r", "a", "b", "t", start="2019-03", end="2020-12-31")
    assert relation_interval(r) == (2019, 2020)
    assert active_in(r, 2020, 2020, keep_undated=False)
    assert not active_in(r, 2021, 2021, keep_undated=False)


def test_invalid_dates_count_as_missing():
    r = Relation("r", "a", "b", "t", start="2019-02-30", end="soon")
    assert relation_interval(r) == (None, None)


def test_year_span(ds):
    assert year_span(ds) == (1980, 2019)
    assert year_span(Dataset()) is None
    assert year_span(Dataset(relations=[Relation("r", "a", "b", "t", end="1991-12")])) == (
        1991,
        1991,
    )
