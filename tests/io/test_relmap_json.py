"""relmap/1 loading: the fast way (orjson, one pass of checks and objects) must give
what the exact way gives (the json module, validate_document, from_document): the
same Dataset for a valid map, the same problems for a broken one."""

from __future__ import annotations

import copy
import gc
import json
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relmap.io.relmap_build import ENTITY_KEYS, EVIDENCE_KEYS, RELATION_KEYS, build_checked
from relmap.io.relmap_json import _load_fast, dumps, from_document, loads, read_json
from relmap.model.validate import DatasetError, Problem, schema, validate_document
from tests.conftest import BUNDLED, DATA

TEXT = "Alice met Bob in Paris. Их встреча 🙂 была короткой; Alice met Bob again."


def reference(text: str) -> str:
    """What the loader did before it had a fast way: a Dataset, or the problems.

    As a repr: == would take 2**64 for 2.0**64, and NaN for no NaN."""
    doc = json.loads(text)
    return repr(validate_document(doc) or from_document(doc))


def outcome(text: str | bytes) -> str:
    try:
        return repr(loads(text))
    except DatasetError as exc:
        return repr(exc.problems)


def fast(text: str) -> str | None:
    """The fast way's answer, None where it leaves the map to the exact way."""
    built = _load_fast(text)
    return None if built is None else repr(built)


def base_doc() -> dict[str, Any]:
    quote = "Их встреча 🙂"
    return {
        "format": "relmap/1",
        "sources": [{"id": "s", "title": "Note", "text": TEXT}],
        "entities": [
            {"id": "alice", "name": "Alice", "type": "person", "x": 1, "y": -2.5},
            {"id": "bob", "name": "Bob", "type": "person", "aliases": ["Bobby"]},
            {"id": "paris", "name": "Paris", "type": "place", "attributes": {"pop": 2}},
            {"id": "tokyo", "name": "Tokyo", "type": "place"},
        ],
        "relations": [
            {
                "id": "r1",
                "source": "alice",
                "target": "bob",
                "type": "met",
                "start": "2001",
                "end": "2002-03",
                "evidence": [{"source": "s", "quote": "Alice met Bob", "start": 0, "end": 13}],
            },
            {
                "id": "r2",
                "source": "bob",
                "target": "paris",
                "type": "visited",
                "directed": False,
                "evidence": [
                    {"source": "s", "quote": quote, "start": 24, "end": 24 + len(quote)},
                    {"source": "s", "quote": "Alice met Bob again"},
                ],
            },
            {"id": "r3", "source": "paris", "target": "alice", "type": "t", "end": "2020-02-29"},
        ],
    }


@pytest.mark.parametrize("path", [BUNDLED, DATA / "small.json"], ids=["bundled", "small"])
def test_the_fast_way_builds_what_the_exact_way_builds(path):
    text = path.read_text(encoding="utf-8")
    built = build_checked(orjson.loads(text), known_keys_only=True)
    assert built is not None  # a valid map must not need the exact way
    assert repr(built) == reference(text) == repr(read_json(path))


def test_the_schema_names_the_keys_relmap_knows():
    # The fast way asks a stricter copy of the schema whether any entity, relation or
    # evidence has an unknown key: the schema's names must be the ones relmap knows.
    defs = schema()["$defs"]
    assert set(defs["entity"]["properties"]) == ENTITY_KEYS
    assert set(defs["relation"]["properties"]) == RELATION_KEYS
    assert set(defs["evidence"]["properties"]) == EVIDENCE_KEYS


def test_base_doc_takes_the_fast_way():
    text = json.dumps(base_doc())
    assert fast(text) == reference(text) == outcome(text)
    assert TEXT[24:36] == "Их встреча 🙂"  # offsets count code points


def test_bytes_with_and_without_a_bom_load_like_text():
    text = json.dumps(base_doc(), ensure_ascii=False)
    expected = reference(text)
    assert outcome(text.encode()) == expected
    assert outcome(b"\xef\xbb\xbf" + text.encode()) == expected


def test_a_bom_in_text_is_still_refused_like_before():
    with pytest.raises(DatasetError) as caught:
        loads("\ufeff" + json.dumps(base_doc()))
    assert [str(p) for p in caught.value.problems] == [
        "not valid JSON: Unexpected UTF-8 BOM (decode using utf-8-sig) at line 1, column 1"
    ]


def test_new_objects_share_no_mutable_members():
    ds = loads(json.dumps(base_doc()))
    extras = [x.extra for x in [*ds.entities, *ds.relations]]
    extras += [ev.extra for r in ds.relations for ev in r.evidence]
    assert len({id(x) for x in extras}) == len(extras)
    assert len({id(e.aliases) for e in ds.entities}) == len(ds.entities)
    assert len({id(r.evidence) for r in ds.relations}) == len(ds.relations)


def test_the_collector_is_left_as_it_was():
    text = json.dumps(base_doc())
    assert gc.isenabled()
    loads(text)
    assert gc.isenabled()
    gc.freeze()  # the window freezes a loaded map; loading must not thaw it
    try:
        frozen = gc.get_freeze_count()
        loads(text)
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


# Changes that break a valid map, or that the fast way must leave to the exact way.
def _set(path: tuple[Any, ...], value: Any):
    def change(doc: dict[str, Any]) -> None:
        *parents, last = path
        target: Any = doc
        for key in parents:
            target = target[key]
        if value is _DELETE:
            del target[last]
        else:
            target[last] = value

    return change


_DELETE = object()
EV = ("relations", 0, "evidence", 0)
MUTATIONS = {
    "nothing": lambda doc: None,
    "offsets out of range": _set((*EV, "end"), 999),
    "offsets shifted": _set((*EV, "start"), 1),
    "empty quote at its offsets": lambda doc: doc["relations"][0]["evidence"].__setitem__(
        0, {"source": "s", "quote": "", "start": 3, "end": 3}
    ),
    "start only": _set((*EV, "end"), _DELETE),
    "offsets as floats": _set((*EV, "end"), 13.0),
    "start as float": _set((*EV, "start"), 0.0),
    "offset past 64 bits": _set((*EV, "end"), 2**64),
    "offset of a boolean": _set((*EV, "start"), False),
    "quote nowhere": lambda doc: doc["relations"][1]["evidence"][1].update(quote="nowhere"),
    "unknown evidence source": _set((*EV, "source"), "s9"),
    "unknown key in evidence": _set((*EV, "x-note"), "kept"),
    "unknown keys instead of offsets": lambda doc: doc["relations"][1]["evidence"][1].update(
        {"x-a": 1, "x-b": [2]}
    ),
    "an unknown key instead of end": lambda doc: (
        _set((*EV, "end"), _DELETE)(doc),
        _set((*EV, "x-end"), 13)(doc),
    ),
    "dangling target": _set(("relations", 1, "target"), "carol"),
    "duplicate entity": _set(("entities", 3, "id"), "alice"),
    "duplicate relation": _set(("relations", 2, "id"), "r1"),
    "duplicate source": lambda doc: doc["sources"].append(dict(doc["sources"][0])),
    "no calendar date": _set(("relations", 0, "start"), "2003-02-30"),
    "thirteenth month": _set(("relations", 2, "end"), "2003-13"),
    "end before start": _set(("relations", 0, "end"), "2000-12"),
    "end in the start year": _set(("relations", 0, "end"), "2001"),
    "published no date": _set(("sources", 0, "published"), "2019-02-29"),
    "published fine": _set(("sources", 0, "published"), "2020-02-29"),
    "integer past 64 bits in extra": _set(("relations", 0, "x-big"), -(2**70)),
    "integer past 64 bits in attributes": _set(("entities", 2, "attributes", "pop"), 2**64),
    "integer past 64 bits as x": _set(("entities", 0, "x"), 10**30),
    "huge float in extra": _set(("x-top",), {"nested": [1e300, -0.0, 5e-324]}),
    "not a number in extra": _set(("entities", 0, "x-nan"), float("nan")),
    "infinity in extra": _set(("x-inf",), float("inf")),
    "unknown keys everywhere": lambda doc: (
        doc.update({"x-doc": {"a": [1, 2.5, None]}}),
        doc["sources"][0].update({"x-s": True}),
        doc["entities"][0].update({"x-e": "e"}),
        doc["relations"][2].update({"x-r": {"deep": {"er": []}}}),
    ),
    "entity not an object": _set(("entities", 1), "bob"),
    "name not a string": _set(("entities", 0, "name"), 42),
    "wrong format": _set(("format",), "relmap/2"),
    "bad color": _set(("entity_types",), {"person": {"color": "red"}}),
    "styles fine": _set(("relation_types",), {"met": {"color": "#1F77B4", "directed": True}}),
}


# Valid maps the fast way must build itself, not leave to the slower exact way.
FAST = {
    "nothing",
    "unknown key in evidence",
    "unknown keys instead of offsets",
    "end in the start year",
    "published fine",
    "integer past 64 bits as x",
    "unknown keys everywhere",
    "styles fine",
}


@pytest.mark.parametrize("name", MUTATIONS)
def test_each_change_loads_or_fails_as_before(name):
    doc = base_doc()
    MUTATIONS[name](doc)
    text = json.dumps(doc, ensure_ascii=False)
    expected = reference(text)
    assert outcome(text) == expected
    assert outcome(text.encode()) == expected
    # Where the fast way answers at all, its answer is the exact way's.
    assert fast(text) == expected if name in FAST else fast(text) in (None, expected)


def test_integers_past_64_bits_keep_their_precision():
    doc = base_doc()
    doc["relations"][0]["x-big"] = 2**70 + 1
    doc["entities"][2]["attributes"]["pop"] = -(2**64) - 1
    ds = loads(json.dumps(doc))
    assert ds.relations[0].extra == {"x-big": 2**70 + 1}
    assert ds.entities[2].attributes == {"pop": -(2**64) - 1}


def test_nesting_too_deep_for_the_json_module_is_still_refused():
    # orjson reads 1,024 levels; json fewer, how many depends on the stack.
    for depth in (50, 500, 1010, 1100, 5000):
        doc = base_doc()
        doc["x-deep"] = "placeholder"
        text = json.dumps(doc).replace('"placeholder"', "[" * depth + "]" * depth)
        try:
            expected = reference(text)
        except RecursionError:
            expected = repr([Problem("", "not valid JSON: nested too deeply")])
        assert outcome(text) == expected, depth


names = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8)
values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), names),
    lambda inner: st.one_of(st.lists(inner, max_size=2), st.dictionaries(names, inner, max_size=2)),
    max_leaves=4,
)
extras = st.dictionaries(names.map(lambda k: f"x-{k}"), values, max_size=2)


@st.composite
def changed_maps(draw) -> str:
    """The base map with random unknown keys, offsets moved or left out, dates and
    references changed: valid or not, in any mix."""
    doc = base_doc()
    targets = [doc, *doc["entities"], *doc["relations"], doc["sources"][0]]
    targets += [ev for r in doc["relations"] for ev in r.get("evidence", [])]
    for target in targets:
        target.update(draw(extras))
    for r in doc["relations"]:
        r["target"] = draw(st.sampled_from(["alice", "bob", "paris", "carol"]))
        for key in ("start", "end"):
            if draw(st.booleans()):
                r[key] = draw(st.sampled_from(["1999", "2001-02", "2001-02-29", "2004-02-29"]))
        for ev in r.get("evidence", []):
            if draw(st.booleans()):
                ev.pop("start", None)
                ev.pop("end", None)
            elif draw(st.booleans()):
                ev["start"] = draw(st.integers(0, len(TEXT)))
                ev["end"] = ev["start"] + draw(st.integers(0, 20))
    return json.dumps(copy.deepcopy(doc), ensure_ascii=draw(st.booleans()))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changed_maps())
def test_any_change_loads_or_fails_as_before(text):
    expected = reference(text)
    assert outcome(text) == expected
    assert fast(text) in (None, expected)


def test_a_loaded_map_writes_back_unchanged():
    text = dumps(loads(json.dumps(base_doc())))
    assert dumps(loads(text)) == text
