"""The nodes and edges of a map as GraphML and GEXF write them: the key names, Item,
and the values of each item. The writing half of relmap.io.records, whose notes
describe the mapping.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

import orjson

from relmap.io.relmap_json import _ENTITY_KEYS, _RELATION_KEYS, to_document
from relmap.io.xmlsafe import Record, column_kind
from relmap.model.types import Dataset
from relmap.style import NODE_SIZE, entity_style, hex_to_rgb, relation_style

Positions = dict[str, tuple[float, float]]


# One encoder for all: json.dumps with options makes a new one at every call.
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
# What orjson would write and json refuses goes to json (which refuses it).
_AS_JSON_DOES = (
    orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_SUBCLASS
)


def to_json(value: Any) -> str:
    """Compact JSON, non-ASCII kept: by orjson, ten times faster than json, unless
    orjson refuses ``value`` (integers beyond 64 bits, lone surrogates, keys that are
    not strings) or writes ``null``, which is also what it makes of NaN and infinities
    (json writes NaN and Infinity, which Python reads back)."""
    try:
        text = orjson.dumps(value, option=_AS_JSON_DOES).decode()
    except orjson.JSONEncodeError:
        return _encode(value)
    return _encode(value) if "null" in text else text


NAME_KEYS = ("label", "name", "shared name")
NODE_TYPE_KEYS = ("type", "category", "kind")
EDGE_TYPE_KEYS = ("type", "interaction", "shared interaction", "category", "kind")
EDGE_LABEL_KEYS = ("label", "edge label", "relationship")
_NODE_FIELDS = {*NAME_KEYS, *NODE_TYPE_KEYS, "aliases", "description", "x", "y", "layout"}
DRAWING_KEYS = ("size", "r", "g", "b")
RESERVED = {*_NODE_FIELDS, *DRAWING_KEYS, "relmap_id", "relmap_attributes", "relmap_extra"}


@dataclass(slots=True)
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
    node_rgb = _Colors(lambda name: entity_style(ds, name).color)
    edge_rgb = _Colors(lambda name: relation_style(ds, name).color)
    nodes = [Item(e["id"], _node_values(e, typed, positions, node_rgb)) for e in doc["entities"]]
    edges = [
        Item(r["id"], _edge_values(r, edge_rgb), source=r["source"], target=r["target"])
        for r in doc["relations"]
    ]
    return shell, nodes, edges


class _Colors(dict[str, Record]):
    """The r, g, b values of each type's colour, worked out once per type."""

    def __init__(self, color: Callable[[str], str]) -> None:
        super().__init__()
        self.color = color

    def __missing__(self, type_name: str) -> Record:
        rgb = self[type_name] = _rgb(self.color(type_name))
        return rgb


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


def _node_values(e: dict[str, Any], typed: set[str], pos: Positions | None, rgb: _Colors) -> Record:
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
    values.update(rgb[e["type"]])
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


def _put_extra(values: Record, obj: dict[str, Any], known: AbstractSet[str]) -> None:
    if obj.keys() <= known:
        return  # the usual case, checked in C
    extra = {k: v for k, v in obj.items() if k not in known}
    if extra:
        values["relmap_extra"] = to_json(extra)


def _edge_values(r: dict[str, Any], rgb: _Colors) -> Record:
    values: Record = {"type": r["type"]}
    for name in ("label", "start", "end", "description"):
        if name in r:
            values[name] = r[name]
    values["directed"] = r.get("directed", True)
    if r["evidence"]:
        values["evidence"] = to_json(r["evidence"])
    values["weight"] = float(max(1, len(r["evidence"])))
    values.update(rgb[r["type"]])
    _put_extra(values, r, _RELATION_KEYS)
    return values
