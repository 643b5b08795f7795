"""The fast way from a schema-valid relmap/1 document to a Dataset: the semantic checks
of relmap.model.validate and the building of the objects in one pass.

It only vouches for the usual, valid map. At the first thing it cannot vouch for (a
duplicate id, a dangling reference, a date that is no calendar date, a quote that is
not where its offsets say, a number orjson may have read differently than the json
module) it gives up and answers None; the caller then takes the exact way, which
words every problem. So a None costs time, never a different answer, and every check
here may be stricter than validate.py but never looser.

The document is consumed: entities, relations and evidence are made with
``object.__new__`` and their slots set one by one, skipping the generated
``__init__`` (500,000 relations and as much evidence in a large map), and the parsed
lists and dicts are reused where the Dataset needs a list or an empty dict.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Any

from relmap.model.types import (
    Dataset,
    Entity,
    EntityType,
    Evidence,
    Relation,
    RelationType,
    Source,
)
from relmap.model.validate import date_bounds

# The keys relmap/1 knows on each kind of object; any other key goes to ``extra``.
DOC_KEYS = frozenset(
    ["format", "title", "description", "sources", "entity_types", "relation_types",
     "entities", "relations"]
)  # fmt: skip
SOURCE_KEYS = frozenset(("id", "title", "text", "publisher", "url", "published"))
STYLE_KEYS = frozenset(("label", "color", "shape"))
RSTYLE_KEYS = frozenset(("label", "color", "directed"))
ENTITY_KEYS = frozenset(("id", "name", "type", "aliases", "description", "attributes", "x", "y"))
RELATION_KEYS = frozenset(
    ["id", "source", "target", "type", "label", "directed", "start", "end", "description",
     "evidence"]
)  # fmt: skip
EVIDENCE_KEYS = frozenset(("source", "quote", "start", "end"))

# orjson reads an integer beyond 64 bits as a float, where json keeps an int: a float
# this large may be such an integer. Nesting deeper than this may be more than the
# json module accepts ("nested too deeply"). Either sends the map the exact way.
_AMBIGUOUS_FLOAT = 2.0**63
_MAX_DEPTH = 100

_get_id = attrgetter("id")


class _GiveUpError(Exception):
    """Raised deep in the pass when the map needs the exact way; never leaves here."""


def extra_of(obj: dict[str, Any], known: frozenset[str]) -> dict[str, Any]:
    """The members of ``obj`` relmap does not know, in file order."""
    if len(obj) <= len(known) and obj.keys() <= known:
        return {}  # the usual case, checked in C
    return {k: v for k, v in obj.items() if k not in known}


def build_checked(doc: dict[str, Any], known_keys_only: bool = False) -> Dataset | None:
    """The Dataset of ``doc`` if it passes every semantic check, else None.

    ``doc`` must be valid against the relmap/1 schema and freshly parsed by orjson: it
    is consumed either way (its lists become the Dataset's, filled with new objects).
    ``known_keys_only`` says that no entity, relation or evidence has an unknown key,
    which spares asking each of them."""
    try:
        return _build(doc, known_keys_only)
    except (_GiveUpError, KeyError, TypeError):
        # KeyError: an evidence source no source has, or evidence with four keys
        # of which one is unknown; TypeError: an offset that is a float.
        return None


def _build(doc: dict[str, Any], known_keys_only: bool) -> Dataset:
    sources = [_source(s) for s in doc["sources"]]
    texts = {s.id: s.text for s in sources}
    entities = _entities(doc["entities"], known_keys_only)
    entity_ids = set(map(_get_id, entities))
    relation_ids: set[str] = set()
    relations = _relations(doc["relations"], entity_ids, texts, relation_ids, known_keys_only)
    if not (
        len(texts) == len(sources)
        and len(entity_ids) == len(entities)
        and len(relation_ids) == len(relations)
    ):
        raise _GiveUpError  # a duplicate id
    return assemble(doc, sources, entities, relations, _extra)


def assemble(
    doc: dict[str, Any],
    sources: list[Source],
    entities: list[Entity],
    relations: list[Relation],
    extra: Callable[[dict[str, Any], frozenset[str]], dict[str, Any]],
) -> Dataset:
    """The Dataset of a document's built parts, with its type styles, title and unknown
    keys (``extra`` picks the unknown keys of an object)."""
    return Dataset(
        sources=sources,
        entities=entities,
        relations=relations,
        entity_types={
            k: EntityType(v.get("label"), v.get("color"), v.get("shape"), extra(v, STYLE_KEYS))
            for k, v in doc.get("entity_types", {}).items()
        },
        relation_types={
            k: RelationType(
                v.get("label"), v.get("color"), v.get("directed"), extra(v, RSTYLE_KEYS)
            )
            for k, v in doc.get("relation_types", {}).items()
        },
        title=doc.get("title"),
        description=doc.get("description"),
        extra=extra(doc, DOC_KEYS),
    )


def _emptied(obj: dict[str, Any]) -> dict[str, Any]:
    """``obj``, emptied: the ``extra`` of an object with known keys only. A parsed dict
    reused is one dict less to make now and to free later."""
    obj.clear()
    return obj


def _extra(obj: dict[str, Any], known: frozenset[str]) -> dict[str, Any]:
    """extra_of, giving up on values the json module might read differently."""
    extra = extra_of(obj, known)
    if extra and not _plain(extra.values()):
        raise _GiveUpError
    return extra


def _plain(values: Iterable[Any]) -> bool:
    """True when these parsed values are what the json module would have made of the
    same text: no float that may be a long integer, no deep nesting. Iterative, as
    the nesting may be deep."""
    stack = [(value, 1) for value in values]
    while stack:
        value, depth = stack.pop()
        kind = type(value)
        if kind is float:
            if not -_AMBIGUOUS_FLOAT < value < _AMBIGUOUS_FLOAT:
                return False
        elif kind is dict or kind is list:
            if depth > _MAX_DEPTH:
                return False
            members = value.values() if kind is dict else value
            stack.extend((member, depth + 1) for member in members)
    return True


def _source(s: dict[str, Any]) -> Source:
    published = s.get("published")
    if published is not None and date_bounds(published) is None:
        raise _GiveUpError
    return Source(
        s["id"], s["title"], s["text"], s.get("publisher"), s.get("url"), published,
        _extra(s, SOURCE_KEYS),
    )  # fmt: skip


def _entities(docs: list[dict[str, Any]], known_keys_only: bool) -> list[Entity]:
    new = object.__new__
    out: list[Entity] = []
    append = out.append
    for d in docs:
        entity = new(Entity)
        entity.id, entity.name, entity.type = d["id"], d["name"], d["type"]
        entity.aliases = d.get("aliases") or []
        entity.description = d.get("description")
        entity.attributes = attributes = d.get("attributes") or {}
        if attributes and not _plain(attributes.values()):
            raise _GiveUpError
        x, y = d.get("x"), d.get("y")
        entity.x = float(x) if x is not None else None
        entity.y = float(y) if y is not None else None
        entity.extra = _emptied(d) if known_keys_only else _extra(d, ENTITY_KEYS)
        append(entity)
    return out


class _Spans(dict[str | None, tuple[int, int] | None]):
    """Date -> (first day, last day) as YYYYMMDD numbers, None for no calendar date.
    Memoized: a map uses few distinct dates."""

    def __missing__(self, date: str | None) -> tuple[int, int] | None:
        span = _span(date)
        self[date] = span
        return span


def _span(date: str | None) -> tuple[int, int] | None:
    if date is None:
        return 0, 99_999_999  # no date: no bound
    bounds = date_bounds(date)
    if bounds is None:
        return None
    (y0, m0, d0), (y1, m1, d1) = bounds
    return y0 * 10_000 + m0 * 100 + d0, y1 * 10_000 + m1 * 100 + d1


def _relations(
    docs: list[dict[str, Any]],
    entity_ids: set[str],
    texts: dict[str, str],
    ids: set[str],
    known_keys_only: bool,
) -> list[Relation]:
    """The relations, their ids added to ``ids``."""
    # Once per relation, 500,000 times in a large map, where each bytecode counts: the
    # evidence is inlined (a call per relation: +6%), the parsed lists and dicts are
    # reused (as the evidence lists and, emptied, as ``extra``), and the slots are set
    # without __init__. The ids are collected here, where they are at hand (a pass
    # over the relations after: +0.08 s at 500,000).
    new = object.__new__
    add_id = ids.add
    spans = _Spans()
    out: list[Relation] = []
    append = out.append
    # Evidence of this many keys is the usual source, quote, start and end (the first
    # two are required); anything else, or any evidence if others may hide unknown keys
    # among four, takes _evidence.
    usual_len = 4 if known_keys_only else -1
    for d in docs:
        rel = new(Relation)
        rel.id = rel_id = d["id"]
        add_id(rel_id)
        rel.type = d["type"]
        rel.source = source = d["source"]
        rel.target = target = d["target"]
        if source not in entity_ids or target not in entity_ids:
            raise _GiveUpError
        rel.start = start = d.get("start")
        rel.end = end = d.get("end")
        if start is not None or end is not None:
            first, last = spans[start], spans[end]
            if first is None or last is None or last[1] < first[0]:
                raise _GiveUpError
        rel.label = d.get("label")
        rel.directed = d.get("directed", True)
        rel.description = d.get("description")
        rel.evidence = evidence = d.get("evidence") or []
        for i, ev_doc in enumerate(evidence):
            if len(ev_doc) != usual_len:
                evidence[i] = _evidence(ev_doc, texts)
                continue
            ev = new(Evidence)
            ev.source, ev.quote = text_id, quote = ev_doc["source"], ev_doc["quote"]
            ev.start, ev.end = first_char, end_char = ev_doc["start"], ev_doc["end"]
            # startswith bounded by the offsets is text[start:end] == quote without the
            # copy; it raises TypeError for an offset that is no int (1.0 is, to a schema).
            if (
                first_char < 0
                or end_char - first_char != len(quote)
                or not texts[text_id].startswith(quote, first_char, end_char)
            ):
                raise _GiveUpError
            ev_doc.clear()
            ev.extra = ev_doc
            evidence[i] = ev
        if known_keys_only:
            d.clear()
            rel.extra = d
        else:
            rel.extra = _extra(d, RELATION_KEYS)
        append(rel)
    return out


def _evidence(d: dict[str, Any], texts: dict[str, str]) -> Evidence:
    """Evidence other than the usual four keys: offsets left out, or unknown keys."""
    source, quote = d["source"], d["quote"]
    start, end = d.get("start"), d.get("end")
    text = texts[source]
    if start is None and end is None:
        # Offsets left out are filled in with the first occurrence of the quote.
        start = text.find(quote)
        if start < 0:
            raise _GiveUpError
        end = start + len(quote)
    elif not (
        type(start) is int
        and type(end) is int
        and start >= 0
        and end - start == len(quote)
        and text.startswith(quote, start, end)
    ):
        raise _GiveUpError
    return Evidence(source, quote, start, end, _extra(d, EVIDENCE_KEYS))
