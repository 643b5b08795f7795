"""Merging two entities that turn out to be the same."""

from __future__ import annotations

from dataclasses import dataclass

from relmap.model.commands import Command, Composite, DeleteEntity, EditEntity, EditRelation
from relmap.model.types import AttrValue, Dataset


@dataclass
class MergePlan:
    command: Command
    clashes: list[str]  # attribute names whose values differ; the kept entity's win


def plan_merge(ds: Dataset, keep_id: str, gone_id: str) -> MergePlan:
    """One undoable command that folds ``gone_id`` into ``keep_id``: its relations move
    over, its name and aliases become aliases, its attributes are kept where they do not
    clash (clashes are listed, and the kept entity's values stay)."""
    if keep_id == gone_id:
        raise ValueError("an entity cannot be merged with itself")
    keep, gone = ds.entity(keep_id), ds.entity(gone_id)
    steps: list[Command] = []
    for r in ds.relations_of(gone_id):
        ends = {}
        if r.source == gone_id:
            ends["source"] = keep_id
        if r.target == gone_id:
            ends["target"] = keep_id
        steps.append(EditRelation(r.id, **ends))
    aliases = list(keep.aliases)
    for name in (gone.name, *gone.aliases):
        if name != keep.name and name not in aliases:
            aliases.append(name)
    attributes: dict[str, AttrValue] = dict(keep.attributes)
    clashes = []
    for key, value in gone.attributes.items():
        if key not in attributes:
            attributes[key] = value
        elif attributes[key] != value:
            clashes.append(key)
    fields: dict[str, object] = {"aliases": aliases, "attributes": attributes}
    if not keep.description and gone.description:
        fields["description"] = gone.description
    steps.append(EditEntity(keep_id, **fields))
    steps.append(DeleteEntity(gone_id))
    return MergePlan(Composite(f"Merge {gone.name} into {keep.name}", steps), clashes)
