"""Editing the map from the window: actions, context menus and the dialogs behind them.
Every change is a relmap command pushed on the document's undo stack."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, QPointF
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMenu, QMessageBox

from relmap.gui.dialogs import EntityDialog, RelationDialog, SourceDialog
from relmap.model.commands import (
    AddEntity,
    AddEvidence,
    AddRelation,
    AddSource,
    Command,
    DeleteEntity,
    DeleteRelation,
    DeleteSource,
    EditEntity,
    EditRelation,
    EditSource,
    MoveEntities,
    evidence_citing,
)
from relmap.model.ids import unique_id
from relmap.model.merge import plan_merge
from relmap.model.types import Entity, Evidence, Relation, Source

if TYPE_CHECKING:
    from relmap.gui.mainwindow import MainWindow

TEXT_FILTER = "Text (*.txt *.md *.markdown);;All files (*)"


class EditController(QObject):
    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.win = win
        self.acts = self._actions()
        win.view.nodeMoved.connect(self._node_moved)
        win.view.contextMenuRequested.connect(self._view_menu)
        win.source_panel.addRelationRequested.connect(self.add_relation_from_selection)
        win.source_panel.addEvidenceRequested.connect(self.add_evidence_from_selection)

    def _actions(self) -> dict[str, QAction]:
        win = self.win

        def make(text: str, slot, shortcut=None) -> QAction:
            act = QAction(text, win)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(lambda _=False: slot())
            return act

        acts = {
            "add_entity": make("Add &Entity…", self.add_entity, "Ctrl+E"),
            "add_relation": make("Add &Relation…", self.add_relation, "Ctrl+R"),
            "add_from_selection": make(
                "Add Relation from &Selection…", self.add_relation_from_selection, "Ctrl+Shift+R"
            ),
            "add_evidence": make(
                "Add Evidence to Selected Relation", self.add_evidence_from_selection
            ),
            "edit": make("Edit &Selected…", self.edit_selected, "F2"),
            "delete": make(
                "&Delete Selected", self.delete_selected, QKeySequence.StandardKey.Delete
            ),
            "merge": make("&Merge Selected Entity Into…", self.merge_selected),
            "add_source": make("Add Source (&Paste Text)…", self.add_source),
            "add_source_file": make("Add Source from &File…", self.add_source_from_file),
            "edit_source": make("Edit Source &Details…", self.edit_source),
            "delete_source": make("Delete Source…", self.delete_source),
        }
        menu = win.edit_menu
        for key in ("add_entity", "add_relation", "add_from_selection", "add_evidence"):
            menu.addAction(acts[key])
        menu.addSeparator()
        for key in ("edit", "delete", "merge"):
            menu.addAction(acts[key])
        menu.addSeparator()
        for key in ("add_source", "add_source_file", "edit_source", "delete_source"):
            menu.addAction(acts[key])
        return acts

    # ----- helpers -----------------------------------------------------------------------
    def push(self, command: Command) -> bool:
        if self.win.doc is None:
            return False
        try:
            self.win.doc.push(command)
        except (ValueError, KeyError) as exc:
            QMessageBox.warning(self.win, "Cannot apply the edit", str(exc))
            return False
        return True

    def _ds(self):
        return self.win.ds

    def _view_centre(self) -> tuple[float, float]:
        v = self.win.view
        p = v.to_scene(QPointF(v.width() / 2, v.height() / 2))
        return p.x(), p.y()

    # ----- entities -----------------------------------------------------------------------
    def add_entity(self, at: tuple[float, float] | None = None) -> str | None:
        ds = self._ds()
        if ds is None:
            return None
        dialog = EntityDialog(ds, None, self.win)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        values = dialog.values()
        eid = unique_id(str(values["name"]), {e.id for e in ds.entities})
        x, y = at or self._view_centre()
        entity = Entity(eid, **values, x=x, y=y)  # type: ignore[arg-type]
        if self.push(AddEntity(entity)):
            self.win.select("entity", eid)
            return eid
        return None

    def edit_entity(self, eid: str) -> None:
        ds = self._ds()
        dialog = EntityDialog(ds, ds.entity(eid), self.win)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.push(EditEntity(eid, **dialog.values()))

    def merge_selected(self) -> None:
        ds = self._ds()
        eid = self.win.view.selected_entity
        if ds is None or eid is None:
            self.win.statusBar().showMessage("Select the entity to merge first.", 4000)
            return
        others = sorted((e for e in ds.entities if e.id != eid), key=lambda e: e.name.casefold())
        names = [f"{e.name} ({e.id})" for e in others]
        choice, ok = QInputDialog.getItem(
            self.win, "Merge", f"Merge “{ds.entity(eid).name}” into:", names, 0, False
        )
        if not ok:
            return
        keep = others[names.index(choice)].id
        plan = plan_merge(ds, keep, eid)
        if plan.clashes:
            answer = QMessageBox.question(
                self.win,
                "Attributes differ",
                "These attributes differ; the values of the kept entity stay:\n"
                + "\n".join(plan.clashes)
                + "\n\nMerge anyway?",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        if self.push(plan.command):
            self.win.select("entity", keep)

    # ----- relations ------------------------------------------------------------------------
    def add_relation(
        self,
        source: str | None = None,
        evidence: Evidence | None = None,
    ) -> str | None:
        ds = self._ds()
        if ds is None:
            return None
        if source is None:
            source = self.win.view.selected_entity
        quote = evidence.quote if evidence else None
        dialog = RelationDialog(ds, source=source, quote=quote, parent=self.win)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        values = dialog.values()
        base = f"{values['source']}_{values['type']}_{values['target']}"
        rid = unique_id(base, {r.id for r in ds.relations})
        relation = Relation(rid, evidence=[evidence] if evidence else [], **values)  # type: ignore[arg-type]
        if self.push(AddRelation(relation)):
            self.win.select("relation", rid)
            return rid
        return None

    def edit_relation(self, rid: str) -> None:
        ds = self._ds()
        dialog = RelationDialog(ds, ds.relation(rid), parent=self.win)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.push(EditRelation(rid, **dialog.values()))

    def add_relation_from_selection(self) -> None:
        evidence = self.win.source_panel.selected_evidence()
        if evidence is None:
            self.win.statusBar().showMessage("Select a passage in the Source panel first.", 4000)
            return
        self.add_relation(evidence=evidence)

    def add_evidence_from_selection(self) -> None:
        rid = self.win.view.selected_relation
        evidence = self.win.source_panel.selected_evidence()
        if rid is None or evidence is None:
            self.win.statusBar().showMessage(
                "Select a relation, then a passage in the Source panel.", 4000
            )
            return
        if self.push(AddEvidence(rid, evidence)):
            self.win.select("relation", rid, record=False)

    # ----- both -------------------------------------------------------------------------
    def edit_selected(self) -> None:
        kind, item = self.win.current_selection()
        if kind == "entity":
            self.edit_entity(item)
        elif kind == "relation":
            self.edit_relation(item)

    def delete_selected(self) -> None:
        kind, item = self.win.current_selection()
        if kind == "entity":
            self.push(DeleteEntity(item))
        elif kind == "relation":
            self.push(DeleteRelation(item))

    def _node_moved(self, eid: str, _ox: float, _oy: float, x: float, y: float) -> None:
        ds = self._ds()
        if ds is not None:
            self.push(MoveEntities({eid: (x, y)}, text=f"Move {ds.entity(eid).name}"))

    # ----- sources ----------------------------------------------------------------------
    def add_source(self, text: str = "", title: str = "") -> str | None:
        ds = self._ds()
        if ds is None:
            return None
        dialog = SourceDialog(None, text, self.win)
        dialog.title.setText(title)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.text is None:
            return None
        values = dialog.values()
        sid = unique_id(str(values["title"])[:40], {s.id for s in ds.sources})
        source = Source(sid, text=dialog.text.toPlainText(), **values)  # type: ignore[arg-type]
        if self.push(AddSource(source)):
            self.win.source_panel.show_source(sid)
            return sid
        return None

    def add_source_from_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.win, "Add source from file", "", TEXT_FILTER)
        if not name:
            return
        try:
            text = Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            QMessageBox.warning(self.win, "Cannot read the file", f"{name}: {exc}")
            return
        first_line = text.strip().splitlines()[0] if text.strip() else Path(name).stem
        self.add_source(text, first_line.lstrip("# ")[:120])

    def edit_source(self) -> None:
        ds = self._ds()
        sid = self.win.source_panel.current_source_id()
        if ds is None or sid is None:
            return
        dialog = SourceDialog(ds.source(sid), parent=self.win)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.push(EditSource(sid, **dialog.values()))

    def delete_source(self) -> None:
        ds = self._ds()
        sid = self.win.source_panel.current_source_id()
        if ds is None or sid is None:
            return
        cited = evidence_citing(ds, sid)
        relations = {r.id for r, _ in cited}
        unsupported = sum(
            1
            for r in ds.relations
            if r.id in relations and all(e.source == sid for e in r.evidence)
        )
        detail = (
            f"{len(cited)} evidence quote(s) in {len(relations)} relation(s) cite it and "
            f"will be removed with it; {unsupported} relation(s) will be left without "
            "evidence (shown dashed). You can undo this."
            if cited
            else "No evidence cites it."
        )
        answer = QMessageBox.question(
            self.win, "Delete source", f"Delete the source “{ds.source(sid).title}”?\n\n{detail}"
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.push(DeleteSource(sid))

    # ----- context menus ------------------------------------------------------------------
    def _view_menu(self, kind: str, item: str, scene: QPointF, where: QPoint) -> None:
        menu = QMenu(self.win)
        if kind == "entity":
            self.win.select("entity", item)
            menu.addAction("Edit…", lambda: self.edit_entity(item))
            menu.addAction("Add Relation from Here…", lambda: self.add_relation(source=item))
            menu.addAction("Merge Into…", self.merge_selected)
            menu.addSeparator()
            menu.addAction("Delete", lambda: self.push(DeleteEntity(item)))
        elif kind == "relation":
            self.win.select("relation", item)
            menu.addAction("Edit…", lambda: self.edit_relation(item))
            menu.addAction(self.acts["add_evidence"])
            menu.addSeparator()
            menu.addAction("Delete", lambda: self.push(DeleteRelation(item)))
        else:
            menu.addAction("Add Entity Here…", lambda: self.add_entity((scene.x(), scene.y())))
            menu.addAction(self.acts["add_relation"])
        menu.popup(where)
        self.last_menu = menu
