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
from collections.abc import Callable, Container
from dataclasses import dataclass
from typing import Any

from relmap.io.relmap_json import _ENTITY_KEYS, _RELATION_KEYS, from_document, to_document
from relmap.io.xmlsafe import Record, Report, Value, as_bool, column_kind
from relmap.model.types import FORMAT, Dataset
from relmap.model.validate import Problem, date_bounds, validate_document
from relmap.style import NODE_SIZE, entity_style, hex_to_rgb, relation_style

Positions = dict[str, tuple[float, float]]


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# --- writing ------------------------------------------------------------------

NAME_KEYS = ("label", "name", "shared name")
NODE_TYPE_KEYS = ("type", "category", "kind")
EDGE_TYPE_KEYS = ("type", "interaction", "shared interaction", "category", "kind")
EDGE_LABEL_KEYS = ("label", "edge label", "relationship")
_NODE_FIELDS = {*NAME_KEYS, *NODE_TYPE_KEYS, "aliases", "description", "x", "y", "layout"}
_DRAWING = ("size", "r", "g", "b")
RESERVED = {*_NODE_FIELDS, *_DRAWING, "relmap_id", "relmap_attributes", "relmap_extra"}


@dataclass
class Item:
    """A node or an edge: its id in the file, its values and, for edges, its ends."""

    id: str | None
    values: Record
    line: int = 0
    source: str = ""
    target: str = ""
    directed: bool | None = None  # an edge's direction as the file's structure says


def dataset_items(
    ds: Dataset, positions: Positions | None, name_ok: Callable[[str], bool]
) -> tuple[dict[str, Any], list[Item], list[Item]]:
    """The map as (document without entities and relations, node items, edge items)."""
    doc = to_document(ds)
    shell = {k: v for k, v in doc.items() if k not in ("entities", "relations")}
    typed = _typed_attributes(doc["entities"], name_ok)
    nodes = [Item(e["id"], _node_values(ds, e, typed, positions)) for e in doc["entities"]]
    edges = [
        Item(r["id"], _edge_values(ds, r), source=r["source"], target=r["target"])
        for r in doc["relations"]
    ]
    return shell, nodes, edges


def _typed_attributes(entities: list[dict[str, Any]], name_ok: Callable[[str], bool]) -> set[str]:
    kinds: dict[str, set[str | None]] = {}
    for e in entities:
        for name, value in e.get("attributes", {}).items():
            kinds.setdefault(name, set()).add(column_kind(value))
    return {
        name
        for name, found in kinds.items()
        if len(found) == 1
        and None not in found
        and name_ok(name)
        and name.casefold() not in RESERVED
    }


def _node_values(ds: Dataset, e: dict[str, Any], typed: set[str], pos: Positions | None) -> Record:
    values: Record = {"label": e["name"], "type": e["type"]}
    if "aliases" in e:
        values["aliases"] = to_json(e["aliases"])
    if "description" in e:
        values["description"] = e["description"]
    attributes = e.get("attributes", {})
    values.update({k: v for k, v in attributes.items() if k in typed})
    rest = {k: v for k, v in attributes.items() if k not in typed}
    if rest:
        values["relmap_attributes"] = to_json(rest)
    values.update(_position_values(e, pos))
    values["size"] = NODE_SIZE
    values.update(_rgb(entity_style(ds, e["type"]).color))
    _put_extra(values, e, _ENTITY_KEYS)
    return values


def _position_values(e: dict[str, Any], positions: Positions | None) -> Record:
    if "x" in e or "y" in e:
        own = {"x": e.get("x"), "y": -e["y"] if "y" in e else None}
        return {k: float(v) for k, v in own.items() if v is not None}
    if positions and e["id"] in positions:
        x, y = positions[e["id"]]
        return {"x": float(x), "y": -float(y), "layout": True}
    return {}


def _rgb(color: str) -> Record:
    r, g, b = hex_to_rgb(color)
    return {"r": r, "g": g, "b": b}


def _put_extra(values: Record, obj: dict[str, Any], known: Container[str]) -> None:
    extra = {k: v for k, v in obj.items() if k not in known}
    if extra:
        values["relmap_extra"] = to_json(extra)


def _edge_values(ds: Dataset, r: dict[str, Any]) -> Record:
    values: Record = {"type": r["type"]}
    for name in ("label", "start", "end", "description"):
        if name in r:
            values[name] = r[name]
    values["directed"] = r.get("directed", True)
    if r["evidence"]:
        values["evidence"] = to_json(r["evidence"])
    values["weight"] = float(max(1, len(r["evidence"])))
    values.update(_rgb(relation_style(ds, r["type"]).color))
    _put_extra(values, r, _RELATION_KEYS)
    return values


# --- reading ------------------------------------------------------------------


class Fields:
    """An item's values, taken out one relmap field at a time."""

    def __init__(self, values: Record, report: Report, line: int) -> None:
        self.values = dict(values)
        self.report = report
        self.line = line

    def pop(self, *names: str) -> Value | None:
        """The first of ``names`` present (any case); the others are dropped when they
        repeat it and stay otherwise."""
        found: Value | None = None
        for name in names:
            for key in [k for k in self.values if k.casefold() == name]:
                if found is None:
                    found = self.values.pop(key)
                elif str(self.values[key]) == str(found):
                    del self.values[key]
        return found

    def json(self, name: str, kind: type) -> Any:
        value = self.pop(name)
        if value is None:
            return kind()
        try:
            decoded = json.loads(str(value))
        except json.JSONDecodeError:
            decoded = None
        if not isinstance(decoded, kind):
            self.report.add(self.line, f"'{name}' is not a JSON {kind.__name__}: {value!s:.60}")
            return kind()
        return decoded

    def rest(self, relmap: bool) -> Record:
        """What is left; empty values of foreign files are dropped."""
        return {k: v for k, v in self.values.items() if relmap or v != ""}


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
    lines: dict[str, int] = {}
    ids: dict[str, str] = {}
    first_line: dict[str, int] = {}
    doc["entities"] = []
    for item in nodes:
        node_id = item.id or ""
        if node_id in first_line:
            where = first_line[node_id]
            report.add(item.line, f"duplicate node id '{node_id}' (first used at line {where})")
            continue
        first_line[node_id] = item.line
        entity = _entity_doc(item, relmap, report)
        ids[node_id] = entity["id"]
        lines[f"entities[{len(doc['entities'])}]"] = item.line
        doc["entities"].append(entity)
    doc["relations"] = []
    for item, relation_id in zip(edges, _edge_ids(edges), strict=True):
        relation = _relation_doc(item, relation_id, ids, relmap, default_directed, report)
        lines[f"relations[{len(doc['relations'])}]"] = item.line
        doc["relations"].append(relation)
    return checked_dataset(doc, report, lines)


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
    for name in _DRAWING:
        fields.pop(name)
    attributes = fields.json("relmap_attributes", dict) if relmap else {}
    extra = fields.json("relmap_extra", dict) if relmap else {}
    attributes.update(fields.rest(relmap))
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
    for name in _DRAWING:
        fields.pop(name)
    if relmap:
        fields.pop("weight")
        doc["evidence"] = fields.json("evidence", list)
        doc.update(fields.json("relmap_extra", dict))
    rest = fields.rest(relmap)
    if rest:
        doc["attributes"] = rest
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
