"""Relations in time: which relations hold in a year or a range of years.

Dates are relmap/1 ISO dates (YYYY, YYYY-MM, YYYY-MM-DD); only their years matter here,
because the timeline works in whole years. A missing start or end is open (unbounded),
and a relation with neither is *undated*: the caller decides whether to show it.
"""

from __future__ import annotations

from functools import lru_cache

from relmap.model.types import Dataset, Relation
from relmap.model.validate import date_bounds

Interval = tuple[int | None, int | None]


@lru_cache(maxsize=65536)
def _year(value: str | None, latest: bool) -> int | None:
    """The earliest (or latest) year a date string can mean; None for no or no valid
    date. Cached because a map has few distinct date strings but many relations."""
    if not value:
        return None
    bounds = date_bounds(value)
    if bounds is None:
        return None
    return bounds[1][0] if latest else bounds[0][0]


def relation_interval(r: Relation) -> Interval:
    """(start year, end year) of a relation; None marks an open (unknown) end.

    A date that is no valid date counts as missing: validation reports it, the
    timeline should not crash on it.
    """
    return _year(r.start, False), _year(r.end, True)


def is_undated(r: Relation) -> bool:
    """True when the relation has neither a start nor an end year."""
    return relation_interval(r) == (None, None)


def active_in(
    r: Relation,
    year_from: int | None,
    year_to: int | None,
    keep_undated: bool = True,
) -> bool:
    """Does the relation overlap the years ``year_from``..``year_to`` (inclusive)?

    Open starts and ends are unbounded, as are open ends of the query (None). A
    relation with no dates at all is kept only when ``keep_undated`` is true.
    """
    start, end = relation_interval(r)
    if start is None and end is None:
        return keep_undated
    if year_to is not None and start is not None and start > year_to:
        return False
    return not (year_from is not None and end is not None and end < year_from)


def year_span(ds: Dataset) -> tuple[int, int] | None:
    """(first, last) year over all relation start and end dates; None without dates.

    Source publication dates are left out: the timeline filters relations.
    """
    # Over the distinct date strings: a map has few of them and many relations.
    starts = {r.start for r in ds.relations}
    ends = {r.end for r in ds.relations}
    found = [_year(v, False) for v in starts] + [_year(v, True) for v in ends]
    years = [y for y in found if y is not None]
    return (min(years), max(years)) if years else None
