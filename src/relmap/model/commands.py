"""Edits of a Dataset as plain-Python commands with do and undo, and the stack that
runs them. The window wraps each in a QUndoCommand; tests and scripts use them as they
are. Every command restores the dataset exactly (list order included) on undo.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from relmap.model.types import Dataset, Entity, Evidence, Relation, Source


@dataclass
class Change:
    """What a command touched, so that views can update only that."""

    entities: set[str] = field(default_factory=set)
    relations: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    structure: bool = False  # entities or relations were added or removed
    positions_only: bool = False


class Command:
    """One undoable edit. ``text`` names it in the Edit menu ("Undo Move Tokayev")."""

    text = "Edit"

    def do(self, ds: Dataset) -> Change:
        raise NotImplementedError

    def undo(self, ds: Dataset) -> Change:
        raise NotImplementedError


def _index_of(items: list[Any], ident: str) -> int:
    for i, item in enumerate(items):
        if item.id == ident:
            return i
    raise KeyError(ident)


class MoveEntities(Command):
    """Set saved positions of one or more entities (a drag, or a whole layout)."""

    def __init__(self, moves: dict[str, tuple[float, float]], text: str = "Move") -> None:
        self.moves = dict(moves)
        self.before: dict[str, tuple[float | None, float | None]] = {}
        self.text = text

    def do(self, ds: Dataset) -> Change:
        index = ds.entity_index()
        for eid, (x, y) in self.moves.items():
            e = index[eid]
            self.before.setdefault(eid, (e.x, e.y))
            e.x, e.y = x, y
        return Change(entities=set(self.moves), positions_only=True)

    def undo(self, ds: Dataset) -> Change:
        index = ds.entity_index()
        for eid, (x, y) in self.before.items():
            index[eid].x, index[eid].y = x, y
        return Change(entities=set(self.before), positions_only=True)


class AddEntity(Command):
    def __init__(self, entity: Entity) -> None:
        self.entity = entity
        self.text = f"Add {entity.name}"

    def do(self, ds: Dataset) -> Change:
        if any(e.id == self.entity.id for e in ds.entities):
            raise ValueError(f"an entity with the id '{self.entity.id}' exists already")
        ds.entities.append(self.entity)
        return Change(entities={self.entity.id}, structure=True)

    def undo(self, ds: Dataset) -> Change:
        del ds.entities[_index_of(ds.entities, self.entity.id)]
        return Change(entities={self.entity.id}, structure=True)


class EditEntity(Command):
    """Change fields of an entity (name, type, aliases, description, attributes)."""

    def __init__(self, entity_id: str, **fields: Any) -> None:
        self.entity_id = entity_id
        self.fields = fields
        self.before: dict[str, Any] = {}
        self.text = "Edit entity"

    def do(self, ds: Dataset) -> Change:
        e = ds.entity(self.entity_id)
        self.text = f"Edit {e.name}"
        for key, value in self.fields.items():
            self.before[key] = copy.deepcopy(getattr(e, key))
            setattr(e, key, copy.deepcopy(value))
        return Change(entities={self.entity_id})

    def undo(self, ds: Dataset) -> Change:
        e = ds.entity(self.entity_id)
        for key, value in self.before.items():
            setattr(e, key, value)
        return Change(entities={self.entity_id})


class DeleteEntity(Command):
    """Remove an entity and every relation that touches it."""

    def __init__(self, entity_id: str) -> None:
        self.entity_id = entity_id
        self.removed_entity: tuple[int, Entity] | None = None
        self.removed_relations: list[tuple[int, Relation]] = []
        self.text = "Delete entity"

    def do(self, ds: Dataset) -> Change:
        i = _index_of(ds.entities, self.entity_id)
        self.text = f"Delete {ds.entities[i].name}"
        self.removed_entity = (i, ds.entities.pop(i))
        self.removed_relations = [
            (j, r) for j, r in enumerate(ds.relations) if self.entity_id in (r.source, r.target)
        ]
        gone = {r.id for _, r in self.removed_relations}
        ds.relations[:] = [r for r in ds.relations if r.id not in gone]
        return Change(entities={self.entity_id}, relations=gone, structure=True)

    def undo(self, ds: Dataset) -> Change:
        assert self.removed_entity is not None
        ds.entities.insert(*self.removed_entity)
        for j, r in self.removed_relations:
            ds.relations.insert(j, r)
        gone = {r.id for _, r in self.removed_relations}
        return Change(entities={self.entity_id}, relations=gone, structure=True)


class AddRelation(Command):
    def __init__(self, relation: Relation) -> None:
        self.relation = relation
        self.text = f"Add relation {relation.label or relation.type}"

    def do(self, ds: Dataset) -> Change:
        ids = {e.id for e in ds.entities}
        for end in (self.relation.source, self.relation.target):
            if end not in ids:
                raise ValueError(f"no entity has the id '{end}'")
        if any(r.id == self.relation.id for r in ds.relations):
            raise ValueError(f"a relation with the id '{self.relation.id}' exists already")
        ds.relations.append(self.relation)
        return Change(relations={self.relation.id}, structure=True)

    def undo(self, ds: Dataset) -> Change:
        del ds.relations[_index_of(ds.relations, self.relation.id)]
        return Change(relations={self.relation.id}, structure=True)


class EditRelation(Command):
    """Change fields of a relation (type, label, dates, direction, ends, description)."""

    def __init__(self, relation_id: str, **fields: Any) -> None:
        self.relation_id = relation_id
        self.fields = fields
        self.before: dict[str, Any] = {}
        self.text = "Edit relation"

    def do(self, ds: Dataset) -> Change:
        r = ds.relation(self.relation_id)
        for key, value in self.fields.items():
            self.before[key] = copy.deepcopy(getattr(r, key))
            setattr(r, key, copy.deepcopy(value))
        ends_changed = "source" in self.fields or "target" in self.fields
        return Change(relations={self.relation_id}, structure=ends_changed)

    def undo(self, ds: Dataset) -> Change:
        r = ds.relation(self.relation_id)
        for key, value in self.before.items():
            setattr(r, key, value)
        ends_changed = "source" in self.fields or "target" in self.fields
        return Change(relations={self.relation_id}, structure=ends_changed)


class DeleteRelation(Command):
    def __init__(self, relation_id: str) -> None:
        self.relation_id = relation_id
        self.removed: tuple[int, Relation] | None = None
        self.text = "Delete relation"

    def do(self, ds: Dataset) -> Change:
        i = _index_of(ds.relations, self.relation_id)
        self.removed = (i, ds.relations.pop(i))
        return Change(relations={self.relation_id}, structure=True)

    def undo(self, ds: Dataset) -> Change:
        assert self.removed is not None
        ds.relations.insert(*self.removed)
        return Change(relations={self.relation_id}, structure=True)


class AddEvidence(Command):
    text = "Add evidence"

    def __init__(self, relation_id: str, evidence: Evidence) -> None:
        self.relation_id = relation_id
        self.evidence = evidence

    def do(self, ds: Dataset) -> Change:
        ds.relation(self.relation_id).evidence.append(self.evidence)
        return Change(relations={self.relation_id})

    def undo(self, ds: Dataset) -> Change:
        ds.relation(self.relation_id).evidence.pop()
        return Change(relations={self.relation_id})


class RemoveEvidence(Command):
    text = "Remove evidence"

    def __init__(self, relation_id: str, index: int) -> None:
        self.relation_id = relation_id
        self.index = index
        self.removed: Evidence | None = None

    def do(self, ds: Dataset) -> Change:
        self.removed = ds.relation(self.relation_id).evidence.pop(self.index)
        return Change(relations={self.relation_id})

    def undo(self, ds: Dataset) -> Change:
        assert self.removed is not None
        ds.relation(self.relation_id).evidence.insert(self.index, self.removed)
        return Change(relations={self.relation_id})


class AddSource(Command):
    def __init__(self, source: Source) -> None:
        self.source = source
        self.text = f"Add source {source.title}"

    def do(self, ds: Dataset) -> Change:
        if any(s.id == self.source.id for s in ds.sources):
            raise ValueError(f"a source with the id '{self.source.id}' exists already")
        ds.sources.append(self.source)
        return Change(sources={self.source.id})

    def undo(self, ds: Dataset) -> Change:
        del ds.sources[_index_of(ds.sources, self.source.id)]
        return Change(sources={self.source.id})


class EditSource(Command):
    """Change a source's title, publisher, url or date (not its text: offsets depend on it)."""

    text = "Edit source"

    def __init__(self, source_id: str, **fields: Any) -> None:
        if "text" in fields or "id" in fields:
            raise ValueError("a source's text and id cannot be edited; evidence points into them")
        self.source_id = source_id
        self.fields = fields
        self.before: dict[str, Any] = {}

    def do(self, ds: Dataset) -> Change:
        s = ds.source(self.source_id)
        for key, value in self.fields.items():
            self.before[key] = getattr(s, key)
            setattr(s, key, value)
        return Change(sources={self.source_id})

    def undo(self, ds: Dataset) -> Change:
        s = ds.source(self.source_id)
        for key, value in self.before.items():
            setattr(s, key, value)
        return Change(sources={self.source_id})


class DeleteSource(Command):
    """Remove a source and, explicitly, every evidence quote taken from it; relations
    left without evidence stay, marked unsupported."""

    def __init__(self, source_id: str) -> None:
        self.source_id = source_id
        self.removed: tuple[int, Source] | None = None
        self.removed_evidence: list[tuple[str, int, Evidence]] = []
        self.text = "Delete source"

    def do(self, ds: Dataset) -> Change:
        i = _index_of(ds.sources, self.source_id)
        self.removed = (i, ds.sources.pop(i))
        self.removed_evidence = []
        touched = set()
        for r in ds.relations:
            for j, ev in enumerate(r.evidence):
                if ev.source == self.source_id:
                    self.removed_evidence.append((r.id, j, ev))
                    touched.add(r.id)
            r.evidence[:] = [ev for ev in r.evidence if ev.source != self.source_id]
        return Change(sources={self.source_id}, relations=touched)

    def undo(self, ds: Dataset) -> Change:
        assert self.removed is not None
        ds.sources.insert(*self.removed)
        index = {r.id: r for r in ds.relations}
        for rid, j, ev in self.removed_evidence:
            index[rid].evidence.insert(j, ev)
        return Change(
            sources={self.source_id}, relations={rid for rid, _, _ in self.removed_evidence}
        )


def evidence_citing(ds: Dataset, source_id: str) -> list[tuple[Relation, Evidence]]:
    """Every evidence quote taken from a source, with its relation."""
    return [(r, ev) for r in ds.relations for ev in r.evidence if ev.source == source_id]


class Composite(Command):
    """Several commands as one undo step (a merge, a paste)."""

    def __init__(self, text: str, commands: list[Command]) -> None:
        self.text = text
        self.commands = commands
        self.done: list[Command] = []

    def do(self, ds: Dataset) -> Change:
        total = Change(positions_only=True)
        self.done = []
        try:
            for command in self.commands:
                _merge(total, command.do(ds))
                self.done.append(command)
        except Exception:
            for command in reversed(self.done):
                command.undo(ds)
            raise
        return total

    def undo(self, ds: Dataset) -> Change:
        total = Change(positions_only=True)
        for command in reversed(self.done):
            _merge(total, command.undo(ds))
        return total


def _merge(total: Change, part: Change) -> None:
    total.entities |= part.entities
    total.relations |= part.relations
    total.sources |= part.sources
    total.structure = total.structure or part.structure
    total.positions_only = total.positions_only and part.positions_only


class CommandStack:
    """Runs commands on a dataset and keeps undo/redo history and the saved state."""

    def __init__(self, ds: Dataset) -> None:
        self.ds = ds
        self._done: list[Command] = []
        self._undone: list[Command] = []
        self._clean_at: int | None = 0
        self.listeners: list[Callable[[Change], None]] = []

    def push(self, command: Command) -> Change:
        change = command.do(self.ds)
        if self._clean_at is not None and self._clean_at > len(self._done):
            self._clean_at = None  # the saved state was in the redo history, now dropped
        self._done.append(command)
        self._undone.clear()
        self._notify(change)
        return change

    def undo(self) -> Change | None:
        if not self._done:
            return None
        command = self._done.pop()
        change = command.undo(self.ds)
        self._undone.append(command)
        self._notify(change)
        return change

    def redo(self) -> Change | None:
        if not self._undone:
            return None
        command = self._undone.pop()
        change = command.do(self.ds)
        self._done.append(command)
        self._notify(change)
        return change

    def can_undo(self) -> bool:
        return bool(self._done)

    def can_redo(self) -> bool:
        return bool(self._undone)

    def undo_text(self) -> str:
        return self._done[-1].text if self._done else ""

    def redo_text(self) -> str:
        return self._undone[-1].text if self._undone else ""

    def set_clean(self) -> None:
        self._clean_at = len(self._done)

    def is_clean(self) -> bool:
        return self._clean_at == len(self._done)

    def _notify(self, change: Change) -> None:
        for listener in list(self.listeners):
            listener(change)
