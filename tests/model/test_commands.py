"""Every edit and its undo leave the dataset exactly as before; redo repeats it."""

import copy

import pytest

from relmap.io.relmap_json import read_json
from relmap.model.commands import (
    AddEntity,
    AddEvidence,
    AddRelation,
    AddSource,
    CommandStack,
    DeleteEntity,
    DeleteRelation,
    DeleteSource,
    EditEntity,
    EditRelation,
    EditSource,
    MoveEntities,
    RemoveEvidence,
)
from relmap.model.merge import plan_merge
from relmap.model.types import Entity, Evidence, Relation, Source
from tests.conftest import BUNDLED


@pytest.fixture
def ds():
    return read_json(BUNDLED)


COMMANDS = {
    "add entity": lambda ds: AddEntity(Entity("new", "New Person", "person")),
    "edit entity": lambda ds: EditEntity(
        "timur", name="Timur T.", aliases=["T"], attributes={"a": 1}
    ),
    "delete entity": lambda ds: DeleteEntity("kazakhstan"),
    "add relation": lambda ds: AddRelation(Relation("rx", "timur", "nazarbayev", "knows")),
    "edit relation": lambda ds: EditRelation(
        ds.relations[3].id, label="X", start="2001", target="china"
    ),
    "delete relation": lambda ds: DeleteRelation(ds.relations[10].id),
    "add evidence": lambda ds: AddEvidence(
        ds.relations[0].id, Evidence("article", "Tokayev", 0, 7)
    ),
    "remove evidence": lambda ds: RemoveEvidence(ds.relations[0].id, 0),
    "move": lambda ds: MoveEntities({"timur": (1.0, 2.0), "china": (3.0, 4.0)}),
    "add source": lambda ds: AddSource(Source("s2", "Second", "text")),
    "edit source": lambda ds: EditSource("article", title="Renamed", publisher="P"),
    "delete source": lambda ds: DeleteSource("article"),
    "merge": lambda ds: plan_merge(ds, "nazarbayev", "tokayev_father").command,
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_do_undo_redo(ds, name):
    original = copy.deepcopy(ds)
    stack = CommandStack(ds)
    stack.push(COMMANDS[name](ds))
    after = copy.deepcopy(ds)
    assert ds != original
    assert not stack.is_clean()
    stack.undo()
    assert ds == original
    assert stack.is_clean()
    stack.redo()
    assert ds == after


def test_delete_entity_removes_its_relations(ds):
    n = len(ds.relations_of("kazakhstan"))
    total = len(ds.relations)
    change = CommandStack(ds).push(DeleteEntity("kazakhstan"))
    assert len(ds.relations) == total - n
    assert change.structure and len(change.relations) == n


def test_delete_source_drops_its_evidence_and_leaves_relations_unsupported(ds):
    CommandStack(ds).push(DeleteSource("article"))
    assert ds.relations and all(not r.evidence for r in ds.relations)


def test_merge_moves_relations_aliases_and_reports_clashes(ds):
    ds.entity("tokayev_father").attributes["occupation"] = "writer"
    ds.entity("nazarbayev").attributes["occupation"] = "ruler"
    father_relations = {r.id for r in ds.relations_of("tokayev_father")}
    plan = plan_merge(ds, "nazarbayev", "tokayev_father")
    assert plan.clashes == ["occupation"]
    CommandStack(ds).push(plan.command)
    keep = ds.entity("nazarbayev")
    assert "Tokayev's father" in keep.aliases and "Narzabayev" in keep.aliases
    assert keep.attributes["occupation"] == "ruler"
    assert father_relations <= {r.id for r in ds.relations_of("nazarbayev")}
    with pytest.raises(KeyError):
        ds.entity("tokayev_father")


def test_failed_command_changes_nothing(ds):
    original = copy.deepcopy(ds)
    stack = CommandStack(ds)
    with pytest.raises(ValueError, match="no entity has the id 'nobody'"):
        stack.push(AddRelation(Relation("rx", "timur", "nobody", "knows")))
    assert ds == original and stack.is_clean() and not stack.can_undo()


def test_clean_state_follows_save_undo_and_redo(ds):
    stack = CommandStack(ds)
    stack.push(MoveEntities({"timur": (1.0, 1.0)}))
    stack.set_clean()
    stack.push(MoveEntities({"timur": (2.0, 2.0)}))
    assert not stack.is_clean()
    stack.undo()
    assert stack.is_clean()
    stack.undo()
    assert not stack.is_clean()
    stack.push(MoveEntities({"china": (0.0, 0.0)}))  # the saved state is gone for good
    assert not stack.is_clean()
    assert stack.undo_text() == "Move"


def test_listeners_hear_every_change(ds):
    stack = CommandStack(ds)
    heard = []
    stack.listeners.append(heard.append)
    stack.push(EditEntity("timur", name="T"))
    stack.undo()
    stack.redo()
    assert [c.entities for c in heard] == [{"timur"}] * 3
