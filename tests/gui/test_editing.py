"""Editing in the window: relations from selected passages, undo/redo, saving, recovery."""

import copy
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from relmap.gui import editing
from relmap.gui.dialogs import RelationDialog
from relmap.gui.mainwindow import MainWindow
from relmap.io.relmap_json import read_json
from tests.conftest import BUNDLED
from tests.gui.conftest import mark_clean


def relation_dialog_filling(values):
    """A RelationDialog whose exec() fills in ``values`` as a person would, then OKs."""

    class Filled(RelationDialog):
        def exec(self):
            self.source.setCurrentIndex(self.source.findData(values["source"]))
            self.target.setCurrentIndex(self.target.findData(values["target"]))
            self.type.setCurrentText(values["type"])
            self.label.setText(values.get("label") or "")
            self.start.setText(values.get("start") or "")
            self.end.setText(values.get("end") or "")
            self.directed.setChecked(values.get("directed", True))
            self.description.setText(values.get("description") or "")
            assert self.problem() is None, self.problem()
            return QDialog.DialogCode.Accepted

    return Filled


def answer(monkeypatch, button):
    asked = []

    def fake(*args, **kwargs):
        asked.append(args[2] if len(args) > 2 else "")
        return button

    for name in ("question", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, fake)
    return asked


def test_build_the_bundled_relations_from_selected_passages(qtbot, window, monkeypatch, tmp_path):
    original = read_json(BUNDLED)
    window.ds.relations.clear()
    start = copy.deepcopy(window.ds)
    path = tmp_path / "rebuilt.json"
    window.set_dataset(start, None)
    panel = window.source_panel
    for rel in original.relations:
        first, *more = rel.evidence
        panel.select_range(first.start, first.end)
        values = {
            "source": rel.source, "target": rel.target, "type": rel.type, "label": rel.label,
            "start": rel.start, "end": rel.end, "directed": rel.directed,
            "description": rel.description,
        }  # fmt: skip
        monkeypatch.setattr(editing, "RelationDialog", relation_dialog_filling(values))
        window.editing.acts["add_from_selection"].trigger()
        for ev in more:
            panel.select_range(ev.start, ev.end)
            window.editing.acts["add_evidence"].trigger()
    assert window.doc.is_modified()
    assert "[*]" in window.windowTitle() and window.isWindowModified()
    monkeypatch.setattr(
        "relmap.gui.files.QFileDialog.getSaveFileName", lambda *a, **k: (str(path), "")
    )
    assert window.files.save()
    assert not window.isWindowModified()
    reopened = read_json(path)

    def facts(ds):
        return sorted(
            (r.source, r.target, r.type, r.label or "", r.start or "", r.end or "", r.directed,
             tuple((e.source, e.quote, e.start, e.end) for e in r.evidence))
            for r in ds.relations
        )  # fmt: skip

    assert facts(reopened) == facts(original)
    assert [e.name for e in reopened.entities] == [e.name for e in original.entities]


def test_selection_offsets_are_python_indices_with_cyrillic_and_emoji(window, tmp_path):
    text = "🙂🙂 Тоқаев met Назарбаев 🇰🇿 in Astana."
    doc = {
        "format": "relmap/1",
        "sources": [{"id": "s", "title": "t", "text": text}],
        "entities": [{"id": "a", "name": "Тоқаев", "type": "person"}],
        "relations": [],
    }
    path = tmp_path / "u.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert window.open_path(path)
    quote = "Назарбаев 🇰🇿 in"
    start = text.index(quote)
    window.source_panel.select_range(start, start + len(quote))
    ev = window.source_panel.selected_evidence()
    assert (ev.start, ev.end, ev.quote) == (start, start + len(quote), quote)
    assert text[ev.start : ev.end] == ev.quote
    # Surrounding white space is not part of the quote.
    window.source_panel.select_range(start - 1, start + len(quote) + 1)
    assert window.source_panel.selected_evidence().quote == quote


def test_mentions_of_entities_are_marked_and_clickable(qtbot, window):
    panel = window.source_panel
    names = {eid for _, _, eid in panel.mentions}
    assert {"tokayev", "nazarbayev", "china", "kremlin"} <= names
    start, _end, _eid = next(m for m in panel.mentions if m[2] == "nazarbayev")
    cursor = panel.text.textCursor()
    cursor.setPosition(start + 2)
    panel.text.setTextCursor(cursor)
    rect = panel.text.cursorRect(cursor)
    qtbot.mouseClick(panel.text.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.view.selected_entity == "nazarbayev"


def test_delete_undo_redo_through_the_edit_menu(window):
    before = copy.deepcopy(window.ds)
    window.select("entity", "kazakhstan")
    window.editing.acts["delete"].trigger()
    assert "kazakhstan" not in window.view.layers.nodes
    assert "Delete Kazakhstan" in window.acts["undo"].text()
    window.acts["undo"].trigger()
    assert window.ds == before
    assert "kazakhstan" in window.view.layers.nodes
    window.acts["redo"].trigger()
    assert "kazakhstan" not in {e.id for e in window.ds.entities}


def test_node_moves_are_undoable(qtbot, window):
    from PySide6.QtCore import QPoint, QPointF

    view = window.view
    before = view.layers.nodes["timur"].center
    start = view.to_view(QPointF(*before)).toPoint()
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view, start + QPoint(40, 0))
    qtbot.mouseMove(view, start + QPoint(80, 0))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=start + QPoint(80, 0))
    moved = window.ds.entity("timur")
    assert (moved.x, moved.y) != before
    assert "Move Timur" in window.acts["undo"].text()
    window.acts["undo"].trigger()
    assert view.layers.nodes["timur"].center == pytest.approx(before)
    assert (window.ds.entity("timur").x, window.ds.entity("timur").y) == pytest.approx(before)


def test_failed_save_keeps_the_edits_and_says_why(window, monkeypatch, tmp_path):
    asked = answer(monkeypatch, QMessageBox.StandardButton.Ok)
    window.select("entity", "timur")
    window.editing.acts["delete"].trigger()
    target = tmp_path / "missing-folder" / "map.json"
    monkeypatch.setattr(
        "relmap.gui.files.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), "")
    )
    assert not window.files.save_as()
    assert asked and "cannot write in" in asked[0]
    assert window.doc.is_modified()
    assert "timur" not in {e.id for e in window.ds.entities}


def test_saving_over_a_file_changed_by_another_program_asks(window, monkeypatch, tmp_path):
    path = tmp_path / "map.json"
    path.write_text(BUNDLED.read_text(encoding="utf-8"), encoding="utf-8")
    assert window.open_path(path)
    window.select("entity", "timur")
    window.editing.acts["delete"].trigger()
    path.write_text(path.read_text(encoding="utf-8").replace("Timur", "Timur!"), encoding="utf-8")
    asked = answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    assert not window.files.save()
    assert asked and "changed by another program" in asked[0]
    assert "Timur!" in path.read_text(encoding="utf-8")
    answer(monkeypatch, QMessageBox.StandardButton.Save)
    assert window.files.save()
    assert (tmp_path / "map.json.bak").exists()
    assert "timur" not in {e.id for e in read_json(path).entities}


def test_close_with_unsaved_edits_asks_and_cancel_keeps_the_window(window, monkeypatch):
    window.select("entity", "timur")
    window.editing.acts["delete"].trigger()
    asked = answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert asked and "Save the changes" in asked[0]
    assert window.isVisible()


def test_recovery_after_a_crash_restores_the_edits(qtbot, window, settings, store, monkeypatch):
    window.select("entity", "timur")
    window.editing.acts["delete"].trigger()
    window.files.write_recovery()
    assert store.pending()
    # The process "dies" here: nothing saved, no clean close. A new window starts.
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    again = MainWindow(settings, store)
    qtbot.addWidget(again, before_close_func=mark_clean)
    assert again.files.offer_recovery()
    assert "timur" not in {e.id for e in again.ds.entities}
    assert again.doc.is_modified()
    assert again.doc.path == BUNDLED.resolve()
