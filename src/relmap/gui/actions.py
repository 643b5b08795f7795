"""Menus, toolbar and keyboard shortcuts of the main window."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QStyle

from relmap.gui.export_dialog import export
from relmap.io.formats import name_filters

if TYPE_CHECKING:
    from relmap.gui.mainwindow import MainWindow

OPEN_FILTER = ";;".join(["Maps (*.json *.graphml *.gexf *.csv)", *name_filters(), "All files (*)"])

SHORTCUTS = [
    ("Ctrl+O", "Open a map"),
    ("Ctrl+S / Ctrl+Shift+S", "Save / save as"),
    ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo (node moves included)"),
    ("Ctrl+Shift+E", "Export as PNG, SVG, PDF, GraphML, GEXF, CSV"),
    ("Ctrl+F", "Search entities by name or alias"),
    ("Alt+Left / Alt+Right", "Back / forward through selections"),
    ("Ctrl++ / Ctrl+-", "Zoom in / out (or the mouse wheel, around the cursor)"),
    ("Ctrl+0", "Fit the map to the window"),
    ("Ctrl+1", "Actual size"),
    ("Ctrl+L", "Show or hide relation labels"),
    ("Drag the background", "Pan"),
    ("Drag a node", "Move it; its relations follow"),
    ("Double-click", "Centre the view there"),
    ("Ctrl+Q", "Quit"),
]


def _action(win: MainWindow, text: str, slot, shortcut=None, icon=None) -> QAction:
    act = QAction(text, win)
    if shortcut is not None:
        act.setShortcut(QKeySequence(shortcut))
    if icon is not None:
        act.setIcon(win.style().standardIcon(icon))
    act.triggered.connect(slot)
    return act


def install(win: MainWindow) -> dict[str, QAction]:
    """Create the window's actions, menus and toolbar; returns the actions by name."""
    sp = QStyle.StandardPixmap
    view = win.view
    acts = {
        "open": _action(
            win,
            "&Open…",
            lambda: open_dialog(win),
            QKeySequence.StandardKey.Open,
            sp.SP_DialogOpenButton,
        ),
        "quit": _action(win, "&Quit", win.close, QKeySequence.StandardKey.Quit),
        "save": _action(
            win, "&Save", win.files.save, QKeySequence.StandardKey.Save, sp.SP_DialogSaveButton
        ),
        "export": _action(win, "&Export…", lambda: export(win), "Ctrl+Shift+E"),
        "save_as": _action(win, "Save &As…", win.files.save_as, QKeySequence.StandardKey.SaveAs),
        "fit": _action(win, "&Fit to Window", view.fit, "Ctrl+0"),
        "zoom_in": _action(
            win, "Zoom &In", lambda: view.zoom_by(1.25), QKeySequence.StandardKey.ZoomIn
        ),
        "zoom_out": _action(
            win, "Zoom &Out", lambda: view.zoom_by(0.8), QKeySequence.StandardKey.ZoomOut
        ),
        "actual": _action(win, "&Actual Size", view.actual_size, "Ctrl+1"),
        "relation_labels": _action(
            win, "Show &Relation Labels", view.set_show_relation_labels, "Ctrl+L"
        ),
        "back": _action(win, "&Back", win.go_back, "Alt+Left", sp.SP_ArrowBack),
        "forward": _action(win, "&Forward", win.go_forward, "Alt+Right", sp.SP_ArrowForward),
        "find": _action(
            win, "&Find Entity…", lambda: focus_search(win), QKeySequence.StandardKey.Find
        ),
        "shortcuts": _action(win, "&Keyboard Shortcuts", lambda: show_shortcuts(win), "F1"),
        "about": _action(win, "&About relmap", win.about),
    }
    acts["relation_labels"].setCheckable(True)
    acts["undo"] = win.undo_group.createUndoAction(win, "&Undo")
    acts["undo"].setShortcut(QKeySequence.StandardKey.Undo)
    acts["redo"] = win.undo_group.createRedoAction(win, "&Redo")
    acts["redo"].setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    acts["quit"].setMenuRole(QAction.MenuRole.QuitRole)
    _menus(win, acts)
    _toolbar(win, acts)
    return acts


def _menus(win: MainWindow, acts: dict[str, QAction]) -> None:
    bar = win.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addAction(acts["open"])
    file_menu.addMenu(win.recent_menu)
    update_recent_menu(win)
    file_menu.addSeparator()
    file_menu.addAction(acts["save"])
    file_menu.addAction(acts["save_as"])
    file_menu.addAction(acts["export"])
    file_menu.addSeparator()
    file_menu.addAction(acts["quit"])
    edit_menu = win.edit_menu
    bar.addMenu(edit_menu)
    edit_menu.addAction(acts["undo"])
    edit_menu.addAction(acts["redo"])
    edit_menu.addSeparator()
    view_menu = win.view_menu
    bar.addMenu(view_menu)
    for key in ("fit", "zoom_in", "zoom_out", "actual"):
        view_menu.addAction(acts[key])
    view_menu.addSeparator()
    view_menu.addAction(acts["relation_labels"])
    view_menu.addSeparator()
    for dock in (win.inspector_dock, win.source_dock, win.legend_dock, win.filters_dock):
        view_menu.addAction(dock.toggleViewAction())
    go_menu = win.go_menu
    bar.addMenu(go_menu)
    for key in ("back", "forward", "find"):
        go_menu.addAction(acts[key])
    help_menu = bar.addMenu("&Help")
    help_menu.addAction(acts["shortcuts"])
    help_menu.addAction(acts["about"])


def _toolbar(win: MainWindow, acts: dict[str, QAction]) -> None:
    bar = win.addToolBar("Main")
    bar.setObjectName("mainToolBar")
    for key in ("open", "save"):
        bar.addAction(acts[key])
    bar.addSeparator()
    for key in ("undo", "redo", "back", "forward"):
        bar.addAction(acts[key])
    bar.addSeparator()
    for key in ("zoom_out", "zoom_in", "fit"):
        bar.addAction(acts[key])
    bar.addSeparator()
    win.search.setMaximumWidth(320)
    bar.addWidget(win.search)


def update_history_actions(win: MainWindow) -> None:
    win.acts["back"].setEnabled(win.history.can_back())
    win.acts["forward"].setEnabled(win.history.can_forward())


def update_recent_menu(win: MainWindow) -> None:
    menu = win.recent_menu
    menu.clear()
    recent = win.recent_files()
    for path in recent:
        act = menu.addAction(path)
        act.triggered.connect(lambda _=False, p=path: win.open_path(Path(p)))
    if not recent:
        menu.addAction("(none)").setEnabled(False)


def open_dialog(win: MainWindow) -> None:
    start = str(win.path.parent) if win.path else ""
    name, _ = QFileDialog.getOpenFileName(win, "Open map", start, OPEN_FILTER)
    if name:
        win.open_path(Path(name))


def focus_search(win: MainWindow) -> None:
    win.search.setFocus()
    win.search.selectAll()


def show_shortcuts(win: MainWindow) -> None:
    lines = "\n".join(f"{keys:<24} {what}" for keys, what in SHORTCUTS)
    box = QMessageBox(win)
    box.setWindowTitle("Keyboard shortcuts")
    box.setText("Keyboard and mouse")
    box.setInformativeText(lines)
    box.open()
