"""The relmap data types: plain dataclasses, no Qt, no I/O.

Every type keeps the keys it does not know in ``extra`` so that a file written by a
newer relmap (or hand-edited) survives a load/save round-trip unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FORMAT = "relmap/1"
SHAPES = ("circle", "square", "diamond", "triangle", "hexagon")

AttrValue = str | int | float | bool


@dataclass(slots=True)
class Evidence:
    """An exact passage of a source that supports a relation."""

    source: str
    quote: str
    start: int | None = None
    end: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Source:
    """A text the map is built from; evidence points into ``text``."""

    id: str
    title: str
    text: str
    publisher: str | None = None
    url: str | None = None
    published: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class EntityType:
    label: str | None = None
    color: str | None = None
    shape: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class RelationType:
    label: str | None = None
    color: str | None = None
    directed: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    description: str | None = None
    attributes: dict[str, AttrValue] = field(default_factory=dict)
    x: float | None = None
    y: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Relation:
    id: str
    source: str
    target: str
    type: str
    label: str | None = None
    directed: bool = True
    start: str | None = None
    end: str | None = None
    description: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def supported(self) -> bool:
        """True when at least one evidence quote backs the relation."""
        return bool(self.evidence)


@dataclass(slots=True)
class Dataset:
    """A whole relmap/1 map: sources, type styles, entities and relations."""

    sources: list[Source] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    entity_types: dict[str, EntityType] = field(default_factory=dict)
    relation_types: dict[str, RelationType] = field(default_factory=dict)
    title: str | None = None
    description: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def entity(self, entity_id: str) -> Entity:
        """The entity with this id; KeyError when there is none."""
        for e in self.entities:
            if e.id == entity_id:
                return e
        raise KeyError(entity_id)

    def relation(self, relation_id: str) -> Relation:
        for r in self.relations:
            if r.id == relation_id:
                return r
        raise KeyError(relation_id)

    def source(self, source_id: str) -> Source:
        for s in self.sources:
            if s.id == source_id:
                return s
        raise KeyError(source_id)

    def entity_index(self) -> dict[str, Entity]:
        return {e.id: e for e in self.entities}

    def source_index(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    def relations_of(self, entity_id: str) -> list[Relation]:
        """Relations with ``entity_id`` at either end, in file order."""
        return [r for r in self.relations if entity_id in (r.source, r.target)]
