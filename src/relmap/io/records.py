"""The mapping between a relmap map and the flat records of typed values that GraphML
and GEXF keep on graphs, nodes and edges: one mapping for both formats.

Writing: relmap fields have fixed names (``label``, ``type``, ``aliases``,
``description``, ``x``, ``y``, ``layout``; edges ``label``, ``type``, ``directed``,
``start``, ``end``, ``description``, ``evidence``), lists and objects as JSON text. An
entity attribute gets a typed column of its own when the format takes its name, it is
no relmap field name and all its values share one type (integers within 64 bits,
finite floats); the others travel in ``relmap_attributes`` as JSON, and unknown keys in
``relmap_extra``. Positions follow Gephi: ``y`` points up, so relmap's y-down scene y
is negated; positions that came from a layout rather than the map are flagged
``layout`` and read back as no position. ``size``, ``r``, ``g``, ``b`` and the edge
``weight`` (the number of quotes) are drawing hints for other tools, not read back.

Reading builds a relmap/1 document and checks it like a JSON file, each problem at the
line of its node or edge. Files relmap wrote (the formats recognise its marker) are
read field by field; other tools' files by name, any case: a label-like key
(``label``, ``name``, ``shared name``) gives the name, else the node id; a type-like
key (``type``, ``category``, ``kind``; for edges also ``interaction``) the type, else
``entity`` or ``related_to``; keys repeating the chosen value are dropped; Gephi's
drawing keys ``r``, ``g``, ``b`` and ``size`` are dropped; other node keys become
attributes, other edge and graph keys an ``attributes`` object among the relation's or
map's unknown keys. Edge ids repeated in a file (networkx repeats its multigraph keys)
are made unique; edges without one get ``e0``, ``e1``, ...
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from relmap.io.items import (
    DRAWING_KEYS,
    EDGE_LABEL_KEYS,
    EDGE_TYPE_KEYS,
    NAME_KEYS,
    NODE_TYPE_KEYS,
    RESERVED,
    Item,
    Positions,
    dataset_items,
    to_json,
)
from relmap.io.relmap_json import from_document
from relmap.io.xmlsafe import Record, Report, Value, as_bool
from relmap.model.types import FORMAT, Dataset
from relmap.model.validate import Problem, date_bounds, validate_document

# The formats import the writing half (relmap.io.items) from here too.
__all__ = [
    "Fields",
    "Item",
    "Positions",
    "build_dataset",
    "checked_dataset",
    "dataset_items",
    "to_json",
]


# --- reading ------------------------------------------------------------------


class Fields:
    """An item's values, taken out one relmap field at a time."""

    def __init__(self, values: Record, report: Report, line: int) -> None:
        self.values = dict(values)
        self.report = report
        self.line = line
        self.folded = _folded(tuple(values))

    def pop(self, *names: str) -> Value | None:
        """The first of ``names`` present (any case); the others are dropped when they
        repeat it and stay otherwise."""
        found: Value | None = None
        values = self.values
        for name in names:
            for key in self.folded.get(name, ()):
                if key not in values:
                    continue  # taken by an earlier pop
                if found is None:
                    found = values.pop(key)
                elif str(values[key]) == str(found):
                    del values[key]
        return found

    def json(self, name: str, kind: type) -> Any:
        return _decoded(self.pop(name), name, kind, self.report, self.line)

    def rest(self, relmap: bool) -> Record:
        """What is left; empty values of foreign files are dropped."""
        return {k: v for k, v in self.values.items() if relmap or v != ""}


@lru_cache(maxsize=256)  # the items of a file share a few sets of keys
def _folded(keys: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Casefolded name -> the keys with that name, in order."""
    found: dict[str, tuple[str, ...]] = {}
    for key in keys:
        folded = key.casefold()
        found[folded] = (*found.get(folded, ()), key)
    return found


def _decoded(value: Value | None, name: str, kind: type, report: Report, line: int) -> Any:
    """The JSON ``value`` of ``name``: a ``kind``, empty when missing or not one."""
    if value is None:
        return kind()
    try:
        decoded = _loads(str(value))
    except json.JSONDecodeError:
        decoded = None
    if not isinstance(decoded, kind):
        report.add(line, f"'{name}' is not a JSON {kind.__name__}: {value!s:.60}")
        return kind()
    return decoded


_decoder = json.JSONDecoder()


def _loads(text: str) -> Any:
    """json.loads without its wrapping for the usual text, which has no whitespace
    around the value: a third less time for the evidence of each relation."""
    try:
        decoded, end = _decoder.raw_decode(text)
        if end == len(text):
            return decoded
    except json.JSONDecodeError:
        pass
    return json.loads(text)  # says what is wrong, or skips the whitespace


def _text(value: Value | None) -> str:
    return "" if value is None else str(value)


def build_dataset(
    report: Report,
    shell: dict[str, Any] | None,
    graph: Item,
    nodes: list[Item],
    edges: list[Item],
    default_directed: bool,
) -> Dataset:
    """The map from a file's items; ``shell`` is the relmap document without entities
    and relations when the file was written by relmap, None for a foreign file."""
    relmap = shell is not None
    doc = dict(shell) if shell is not None else _foreign_shell(graph, report)
    ids: dict[str, str] = {}
    first_line: dict[str, int] = {}
    entities: list[dict[str, Any]] = []
    entity_lines: list[int] = []
    for item in nodes:
        node_id = item.id or ""
        if node_id in first_line:
            where = first_line[node_id]
            report.add(item.line, f"duplicate node id '{node_id}' (first used at line {where})")
            continue
        first_line[node_id] = item.line
        entity = _entity_doc(item, relmap, report)
        ids[node_id] = entity["id"]
        entities.append(entity)
        entity_lines.append(item.line)
    doc["entities"] = entities
    doc["relations"] = [
        _relation_doc(item, relation_id, ids, relmap, default_directed, report)
        for item, relation_id in zip(edges, _edge_ids(edges), strict=True)
    ]
    lines = _item_lines(entity_lines, [item.line for item in edges])
    return checked_dataset(doc, report, lines)


def _item_lines(entities: list[int], relations: list[int]) -> dict[str, int]:
    """The line of each entity and relation by its JSON path; none for a file read
    without lines (any problem then has it read again with them)."""
    if not any(entities) and not any(relations):
        return {}
    lines = {f"entities[{i}]": line for i, line in enumerate(entities)}
    lines.update({f"relations[{i}]": line for i, line in enumerate(relations)})
    return lines


def checked_dataset(doc: dict[str, Any], report: Report, lines: dict[str, int]) -> Dataset:
    """Validate a relmap/1 document built from a file; problems of an entity or a
    relation are reported at the line it came from."""
    report.check()
    for p in validate_document(doc):
        line = lines.get(p.path.split(".")[0])
        report.problems.append(Problem(f"line {line}", f"{p.path}: {p.message}") if line else p)
    report.check()
    return from_document(doc)


def _foreign_shell(graph: Item, report: Report) -> dict[str, Any]:
    fields = Fields(graph.values, report, graph.line)
    doc: dict[str, Any] = {"format": FORMAT, "sources": []}
    title, description = fields.pop("title", *NAME_KEYS), fields.pop("description")
    if title not in (None, ""):
        doc["title"] = str(title)
    if description not in (None, ""):
        doc["description"] = str(description)
    rest = fields.rest(relmap=False)
    if rest:
        doc["attributes"] = rest
    return doc


def _entity_doc(item: Item, relmap: bool, report: Report) -> dict[str, Any]:
    if relmap and _is_plain_node(tuple(item.values)) and _name_repeats_label(item.values):
        return _plain_entity_doc(item, report)
    fields = Fields(item.values, report, item.line)
    entity_id = str((fields.pop("relmap_id") if relmap else None) or item.id)
    doc: dict[str, Any] = {
        "id": entity_id,
        "name": _text(fields.pop(*NAME_KEYS)) or entity_id,
        "type": _text(fields.pop(*NODE_TYPE_KEYS)) or "entity",
    }
    description = fields.pop("description")
    if description is not None and (relmap or description != ""):
        doc["description"] = str(description)
    if relmap:
        doc["aliases"] = fields.json("aliases", list)
    doc.update(_position(fields, relmap))
    for name in DRAWING_KEYS:
        fields.pop(name)
    attributes = fields.json("relmap_attributes", dict) if relmap else {}
    extra = fields.json("relmap_extra", dict) if relmap else {}
    attributes.update(fields.rest(relmap))
    if attributes:
        doc["attributes"] = attributes
    doc.update(extra)
    return doc


# The values of a node as relmap writes it that are relmap fields or drawing.
_PLAIN_NODE = frozenset(
    [
        *("relmap_id", "label", "name", "type", "description", "aliases", "layout", "x", "y"),
        *(*DRAWING_KEYS, "relmap_attributes", "relmap_extra"),
    ]
)


@lru_cache(maxsize=256)  # the nodes of a file share a few sets of keys
def _is_plain_node(keys: tuple[str, ...]) -> bool:
    """True for the keys of a node as relmap writes it: its fields and drawing, and
    attributes named unlike any field in any case, so that Fields would take out each
    field by its own key and leave the attributes."""
    return "label" in keys and all(
        key in _PLAIN_NODE or key.casefold() not in RESERVED for key in keys
    )


def _name_repeats_label(values: Record) -> bool:
    return "name" not in values or str(values["name"]) == str(values["label"])


def _plain_entity_doc(item: Item, report: Report) -> dict[str, Any]:
    """_entity_doc of a node of a relmap file that _is_plain_node, without Fields."""
    values, line = item.values, item.line
    entity_id = str(values.get("relmap_id") or item.id)
    doc: dict[str, Any] = {
        "id": entity_id,
        "name": str(values["label"]) or entity_id,
        "type": _text(values.get("type")) or "entity",
    }
    if (description := values.get("description")) is not None:
        doc["description"] = str(description)
    doc["aliases"] = _decoded(values.get("aliases"), "aliases", list, report, line)
    from_layout = values.get("layout") is True
    for axis, sign in (("x", 1.0), ("y", -1.0)):
        number = _number(values.get(axis))
        if number is not None and not from_layout:
            doc[axis] = sign * number
    attributes = _decoded(values.get("relmap_attributes"), "relmap_attributes", dict, report, line)
    extra = _decoded(values.get("relmap_extra"), "relmap_extra", dict, report, line)
    attributes.update({k: v for k, v in values.items() if k not in _PLAIN_NODE})
    if attributes:
        doc["attributes"] = attributes
    doc.update(extra)
    return doc


def _position(fields: Fields, relmap: bool) -> dict[str, float]:
    from_layout = relmap and fields.pop("layout") is True
    out: dict[str, float] = {}
    for axis, sign in (("x", 1.0), ("y", -1.0)):
        number = _number(fields.pop(axis))
        if number is not None and not from_layout:
            out[axis] = sign * number
    return out


def _number(value: Value | None) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _edge_ids(edges: list[Item]) -> list[str]:
    """Each edge's id in the file, made unique (networkx repeats its multigraph keys:
    a second '0' becomes '0-2'); e0, e1, ... for edges without one."""
    used = {item.id for item in edges if item.id}
    seen: set[str] = set()
    out: list[str] = []
    counter = 0
    for item in edges:
        if item.id:
            new, n = item.id, 1
            while new in seen:
                n += 1
                new = f"{item.id}-{n}"
        else:
            while f"e{counter}" in used:
                counter += 1
            new = f"e{counter}"
        used.add(new)
        seen.add(new)
        out.append(new)
    return out


def _relation_doc(
    item: Item,
    relation_id: str,
    ids: dict[str, str],
    relmap: bool,
    default_directed: bool,
    report: Report,
) -> dict[str, Any]:
    if relmap and _is_plain(item.values):
        return _plain_relation_doc(item, relation_id, ids, default_directed, report)
    fields = Fields(item.values, report, item.line)
    doc: dict[str, Any] = {
        "id": str((fields.pop("relmap_id") if relmap else None) or relation_id),
        "source": _end(item, item.source, ids, report),
        "target": _end(item, item.target, ids, report),
        "type": _text(fields.pop(*EDGE_TYPE_KEYS)) or "related_to",
    }
    label, description = fields.pop(*EDGE_LABEL_KEYS), fields.pop("description")
    for name, value in (("label", label), ("description", description)):
        if value is not None and (relmap or value != ""):
            doc[name] = str(value)
    if not _directed(fields, item, default_directed):
        doc["directed"] = False
    for name in ("start", "end"):
        value = fields.values.get(name)
        if value is not None and (relmap or date_bounds(str(value)) is not None):
            doc[name] = str(fields.pop(name))
    for name in DRAWING_KEYS:
        fields.pop(name)
    if relmap:
        fields.pop("weight")
        doc["evidence"] = fields.json("evidence", list)
        doc.update(fields.json("relmap_extra", dict))
    rest = fields.rest(relmap)
    if rest:
        doc["attributes"] = rest
    return doc


# The values of an edge as relmap writes it: all of them relmap fields or drawing.
_PLAIN_EDGE = frozenset(
    [
        *("relmap_id", "type", "interaction", "label", "description", "directed"),
        *("start", "end", "evidence", "weight", "r", "g", "b", "relmap_extra"),
    ]
)


def _is_plain(values: Record) -> bool:
    """True when an edge has only values relmap writes, and a type that its
    ``interaction`` repeats: there is then no case or repetition for Fields to sort
    out, and _plain_relation_doc gives the same as _relation_doc, in a fifth of the time."""
    if not values.keys() <= _PLAIN_EDGE or "type" not in values:
        return False
    return "interaction" not in values or str(values["interaction"]) == str(values["type"])


def _plain_relation_doc(
    item: Item, relation_id: str, ids: dict[str, str], default_directed: bool, report: Report
) -> dict[str, Any]:
    values, source, target = item.values, item.source, item.target
    doc: dict[str, Any] = {
        "id": str(values.get("relmap_id") or relation_id),
        "source": ids[source] if source in ids else _end(item, source, ids, report),
        "target": ids[target] if target in ids else _end(item, target, ids, report),
        "type": str(values["type"]) or "related_to",
    }
    for name in ("label", "description"):
        if name in values:
            doc[name] = str(values[name])
    directed = as_bool(values.get("directed"))
    if directed is None:
        directed = item.directed
    if not (default_directed if directed is None else directed):
        doc["directed"] = False
    for name in ("start", "end"):
        if name in values:
            doc[name] = str(values[name])
    doc["evidence"] = _decoded(values.get("evidence"), "evidence", list, report, item.line)
    if "relmap_extra" in values:
        doc.update(_decoded(values["relmap_extra"], "relmap_extra", dict, report, item.line))
    return doc


def _directed(fields: Fields, item: Item, default: bool) -> bool:
    """The edge's ``directed`` value if it has one, else its XML direction, else the
    graph's default."""
    for value in (as_bool(fields.pop("directed")), item.directed):
        if value is not None:
            return value
    return default


def _end(item: Item, node_id: str, ids: dict[str, str], report: Report) -> str:
    if node_id not in ids:
        report.add(item.line, f"<edge> refers to node '{node_id}', which is not in the graph")
    return ids.get(node_id, node_id)
