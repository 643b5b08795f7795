"""Any valid map survives GraphML and GEXF exactly: unicode of every script, emoji,
empty and very long strings, odd numbers, unknown keys, positions saved or laid out.

The exports of any such map are valid against the schemas too. The one known limit is
left out of the generated text: characters XML 1.0 cannot carry (C0 controls other
than tab, newline and carriage return, U+FFFE, U+FFFF, lone surrogates) are written as
U+FFFD (see test_xmlsafe). NaN is left out because it never equals itself.
"""

from __future__ import annotations

import io
from collections.abc import Container
from functools import partial

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relmap.io.gexf import read_gexf, write_gexf
from relmap.io.graphml import read_graphml, write_graphml
from relmap.io.relmap_build import (
    DOC_KEYS,
    ENTITY_KEYS,
    EVIDENCE_KEYS,
    RELATION_KEYS,
    RSTYLE_KEYS,
    SOURCE_KEYS,
    STYLE_KEYS,
)
from relmap.io.relmap_json import from_document, to_document
from relmap.model.types import (
    SHAPES,
    Dataset,
    Entity,
    EntityType,
    Evidence,
    Relation,
    RelationType,
    Source,
)
from relmap.model.validate import validate_document
from tests.io.conftest import gexf_xsd_errors, graphml_schema, schema_errors, written

UNCARRIABLE = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r") + "\ufffe\uffff"
SAMPLES = [
    "Қасым-Жомарт Кемелұлы Тоқаев",  # Kazakh Cyrillic
    "قاسم جومارت توكاييف",  # Arabic, right to left
    "קאסים-ז'ומארט טוקאייב",  # Hebrew, right to left
    "🇰🇿 👩‍👩‍👧 ✊🏽",  # flags, joiners, skin tones
    "",
    " ",
    "  spaced  out\t\r\n",
    "<&>\"' ]]> --> <!-- &amp;",
    "Ä" * 20_000,
]

texts = st.one_of(
    st.sampled_from(SAMPLES),
    st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters=UNCARRIABLE),
        max_size=30,
    ),
)
names = texts.filter(bool)
keys = st.one_of(st.sampled_from(["age", "Label", "x", "name", "kind", "a b", "ключ"]), texts)
floats = st.floats(allow_nan=False)
attr_values = st.one_of(texts, st.booleans(), st.integers(), floats)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), floats, texts),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(texts, inner, max_size=3)),
    max_leaves=6,
)


def extra(known: Container[str]):
    return st.dictionaries(keys.filter(lambda k: k not in known), json_values, max_size=2)


def maybe(strategy):
    return st.one_of(st.none(), strategy)


colors = st.text("0123456789ABCDEFabcdef", min_size=6, max_size=6).map(lambda h: f"#{h}")
widths = st.sampled_from((4, 7, 10))  # YYYY, YYYY-MM, YYYY-MM-DD
dates = st.builds(lambda d, width: d.isoformat()[:width], st.dates(), widths)
types = st.one_of(st.sampled_from(["person", "country", "place"]), names)
entity_types = st.builds(
    EntityType, maybe(texts), maybe(colors), maybe(st.sampled_from(SHAPES)), extra(STYLE_KEYS)
)
relation_types = st.builds(
    RelationType, maybe(texts), maybe(colors), maybe(st.booleans()), extra(RSTYLE_KEYS)
)


def source(source_id: str):
    fields = (texts, texts, maybe(texts), maybe(texts), maybe(dates), extra(SOURCE_KEYS))
    return st.builds(Source, st.just(source_id), *fields)


def entity(entity_id: str):
    attributes = st.dictionaries(keys, attr_values, max_size=3)
    fields = (names, types, st.lists(texts, max_size=2), maybe(texts), attributes)
    return st.builds(
        Entity, st.just(entity_id), *fields, maybe(floats), maybe(floats), extra(ENTITY_KEYS)
    )


@st.composite
def dates_in_order(draw):
    first, second = sorted([draw(st.dates()), draw(st.dates())])
    width = draw(widths)
    return draw(maybe(st.just(first.isoformat()[:width]))), draw(
        maybe(st.just(second.isoformat()[:width]))
    )


@st.composite
def evidence(draw, sources: list[Source]):
    """Quotes at their exact offsets in a source text."""
    out = []
    for text_source in draw(st.lists(st.sampled_from(sources), max_size=2)) if sources else []:
        text = text_source.text
        if text:
            start = draw(st.integers(0, len(text) - 1))
            end = draw(st.integers(start + 1, min(len(text), start + 50)))
            quote_extra = draw(extra(EVIDENCE_KEYS))
            out.append(Evidence(text_source.id, text[start:end], start, end, quote_extra))
    return out


@st.composite
def relation(draw, relation_id: str, entity_ids: list[str], sources: list[Source]):
    ends = st.sampled_from(entity_ids)
    start, end = draw(dates_in_order())
    return Relation(
        relation_id,
        draw(ends),
        draw(ends),
        draw(types),
        draw(maybe(texts)),
        draw(st.booleans()),
        start,
        end,
        draw(maybe(texts)),
        draw(evidence(sources)),
        draw(extra(RELATION_KEYS)),
    )


@st.composite
def datasets(draw) -> Dataset:
    sources = [draw(source(i)) for i in draw(st.lists(names, max_size=2, unique=True))]
    entity_ids = draw(st.lists(names, min_size=1, max_size=5, unique=True))
    relation_ids = draw(st.lists(names, max_size=5, unique=True))
    ds = Dataset(
        sources=sources,
        entities=[draw(entity(i)) for i in entity_ids],
        relations=[draw(relation(i, entity_ids, sources)) for i in relation_ids],
        entity_types=draw(st.dictionaries(names, entity_types, max_size=2)),
        relation_types=draw(st.dictionaries(names, relation_types, max_size=2)),
        title=draw(maybe(texts)),
        description=draw(maybe(texts)),
        extra=draw(extra(DOC_KEYS)),
    )
    doc = to_document(ds)
    assert validate_document(doc) == []
    assert from_document(doc) == ds  # the generated map is one relmap/1 can hold
    return ds


@st.composite
def layouts(draw, ds: Dataset):
    chosen = draw(st.lists(st.sampled_from([e.id for e in ds.entities]), unique=True))
    point = st.tuples(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6))
    return {entity_id: draw(point) for entity_id in chosen}


SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


FORMATS = {
    "GraphML": (partial(write_graphml, yed=False), read_graphml),
    "GraphML with yEd drawing": (partial(write_graphml, yed=True), read_graphml),
    "GEXF": (write_gexf, read_gexf),
}


@pytest.mark.parametrize("name", FORMATS)
@SETTINGS
@given(data=st.data())
def test_round_trip(name, data):
    write, read = FORMATS[name]
    ds = data.draw(datasets())
    text = written(write, ds, data.draw(layouts(ds)))
    assert read(io.StringIO(text)) == ds


@settings(SETTINGS, max_examples=25)
@given(st.data())
def test_exports_of_any_map_are_schema_valid(data):
    ds = data.draw(datasets())
    positions = data.draw(layouts(ds))
    assert schema_errors(graphml_schema(), written(write_graphml, ds, positions)) == []
    assert gexf_xsd_errors(written(write_gexf, ds, positions)) == []
