"""The main window: the map in the centre, Inspector, Source and Legend docks around it."""

from __future__ import annotations

import gc
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QWidget,
)

from relmap.analysis.filters import Visible, apply_filter, covers_all, type_counts
from relmap.gui import actions
from relmap.gui.document import MapDocument
from relmap.gui.editing import EditController
from relmap.gui.explore import ExploreController
from relmap.gui.files import FileController
from relmap.gui.filters_panel import FiltersPanel
from relmap.gui.icons import app_icon
from relmap.gui.inspector import Inspector
from relmap.gui.layout_job import LayoutJob
from relmap.gui.legend import Legend
from relmap.gui.mapview import MapView
from relmap.gui.search import SearchBox
from relmap.gui.source_panel import SourcePanel
from relmap.history import History
from relmap.io.formats import read_any
from relmap.layout.force import LARGE, dataset_positions
from relmap.layout.layouts import circular_layout
from relmap.model.commands import Change
from relmap.model.graph import build_graph
from relmap.model.types import Dataset
from relmap.model.validate import DatasetError
from relmap.recovery import RecoveryStore

MAX_RECENT = 10
Selection = tuple[str, str]  # ("entity" | "relation", id)


def saved_positions(ds: Dataset) -> dict[str, tuple[float, float]] | None:
    """Every entity's saved x/y, or None when one has none."""
    positions = {}
    for e in ds.entities:
        if e.x is None or e.y is None:
            return None
        positions[e.id] = (float(e.x), float(e.y))
    return positions


def place_all(ds: Dataset) -> dict[str, tuple[float, float]]:
    """Positions for every entity (a layout for those without), kept in the dataset so
    that a save reproduces the picture. Builds the graph, so only when needed."""
    positions = dataset_positions(ds, build_graph(ds))
    for e in ds.entities:
        e.x, e.y = positions[e.id]
    return positions


class MainWindow(QMainWindow):
    dataset_replaced = Signal()

    def __init__(
        self, settings: QSettings | None = None, recovery_store: RecoveryStore | None = None
    ) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        self.ds: Dataset | None = None
        self.path: Path | None = None
        self.doc: MapDocument | None = None
        self.layout_job: LayoutJob | None = None
        self.visible: Visible | None = None
        self.history: History[Selection] = History()
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.view = MapView(self)
        self.setCentralWidget(self.view)
        self.inspector = Inspector()
        self.source_panel = SourcePanel()
        self.legend = Legend()
        self.search = SearchBox()
        self.inspector_dock = self._dock(
            "Inspector", self.inspector, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.source_dock = self._dock(
            "Source", self.source_panel, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.legend_dock = self._dock("Legend", self.legend, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.filters = FiltersPanel()
        self.filters_dock = self._dock(
            "Filters", self.filters, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.tabifyDockWidget(self.legend_dock, self.filters_dock)
        self.legend_dock.raise_()
        self.counts_label = QLabel()
        self.hover_label = QLabel()
        self.statusBar().addWidget(self.hover_label, 1)
        self.statusBar().addPermanentWidget(self.counts_label)
        self.recent_menu = QMenu("Open &Recent", self)
        self.view_menu = QMenu("&View", self)
        self.go_menu = QMenu("&Go", self)
        self.edit_menu = QMenu("&Edit", self)
        self.undo_group = QUndoGroup(self)
        self.files = FileController(self, recovery_store)
        self.acts = actions.install(self)
        self.editing = EditController(self)
        self.explore = ExploreController(self)
        self._connect()
        self._restore_settings()
        self.update_title()

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{title.lower()}Dock")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _connect(self) -> None:
        self.view.entityClicked.connect(lambda eid: self.select("entity", eid))
        self.view.relationClicked.connect(lambda rid: self.select("relation", rid))
        self.view.backgroundClicked.connect(self.clear_selection)
        self.view.hoverChanged.connect(self._show_hover)
        self.inspector.entityRequested.connect(lambda eid: self.select("entity", eid, center=True))
        self.inspector.relationRequested.connect(lambda rid: self.select("relation", rid))
        self.search.entityChosen.connect(lambda eid: self.select("entity", eid, center=True))
        self.source_panel.entityClicked.connect(lambda eid: self.select("entity", eid, center=True))
        self.filters.filterChanged.connect(self.apply_filter)

    # ----- files ------------------------------------------------------------------------
    def open_path(self, path: Path, ask: bool = True) -> bool:
        """Load ``path``; on failure show its problems and keep the open map as it was.
        With ``ask``, unsaved edits of the open map are first saved or discarded."""
        if ask and not self.files.maybe_save():
            return False
        # A large map takes seconds to read: say so, and show the busy cursor.
        self.statusBar().showMessage(f"Opening {path.name}…")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        QApplication.processEvents()
        # A big map is millions of long-lived objects: frozen (below), the cyclic
        # collector stops rescanning them (a full pass took ~1 s at 500,000 relations).
        # The last map's are unfrozen first, so that its garbage can still be collected.
        gc.unfreeze()
        try:
            ds = read_any(path)
            gc.freeze()
            self.set_dataset(ds, path)
        except DatasetError as exc:
            QApplication.restoreOverrideCursor()
            self.statusBar().clearMessage()
            self._show_problems(path, exc)
            return False
        QApplication.restoreOverrideCursor()
        self.statusBar().showMessage(
            f"Opened {path.name}: {len(ds.entities)} entities, {len(ds.relations)} relations", 5000
        )
        self.add_recent(path)
        return True

    def _show_problems(self, path: Path, exc: DatasetError) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Cannot open map")
        box.setTextFormat(Qt.TextFormat.PlainText)
        count = len(exc.problems)
        box.setText(f"{path.name} cannot be opened: {count} problem{'s' if count != 1 else ''}.")
        box.setInformativeText("\n".join(str(p) for p in exc.problems[:12]))
        box.setDetailedText(exc.report())
        box.setObjectName("problemsDialog")
        self.last_problem_box = box
        box.open()

    def set_dataset(self, ds: Dataset, path: Path | None, modified: bool = False) -> None:
        """Show ``ds`` as the open map. Entities without a saved position get one from
        the force layout, kept in the dataset so that a save reproduces the picture.
        A large map without positions shows at once in a quick circle while its layout
        runs in the background."""
        unplaced = all(e.x is None or e.y is None for e in ds.entities)
        # With every position saved, no graph to build (5 s at 500,000 relations).
        positions = saved_positions(ds)
        if positions is None and unplaced and len(ds.entities) > LARGE:
            graph = build_graph(ds)
            positions = circular_layout(graph)
            self.layout_job = LayoutJob(self, graph, self._layout_ready, self._layout_failed)
            self.layout_job.start()
        elif positions is None:
            positions = place_all(ds)
        if self.doc is not None:
            self.doc.deleteLater()
        self.doc = MapDocument(ds, path, self)
        self.undo_group.addStack(self.doc.undo_stack)
        self.undo_group.setActiveStack(self.doc.undo_stack)
        self.doc.changed.connect(self._on_changed)
        self.doc.undo_stack.cleanChanged.connect(self.update_title)
        if modified:
            self.doc.undo_stack.resetClean()
        self.ds, self.path = ds, path
        self.view.set_map(ds, positions)
        self.inspector.set_dataset(ds)
        self.source_panel.set_dataset(ds)
        self.search.set_dataset(ds)
        self.filters.set_dataset(ds)
        self.apply_filter()
        self.history.clear()
        self.update_title()
        self._update_counts()
        actions.update_history_actions(self)
        self.dataset_replaced.emit()

    def _layout_ready(self, positions: dict[str, tuple[float, float]]) -> None:
        """The background layout of a large map is done: show it and keep it."""
        if self.ds is None or set(positions) != {e.id for e in self.ds.entities}:
            return  # another map was opened meanwhile
        for e in self.ds.entities:
            e.x, e.y = positions[e.id]
        self.view.reload(self.ds, positions, *self.explore.node_overrides())
        self.view.fit()
        self.statusBar().showMessage("Layout done.", 4000)

    def _layout_failed(self, reason: str) -> None:
        QMessageBox.warning(self, "Layout failed", f"The map could not be laid out: {reason}")

    def _on_changed(self, change: Change) -> None:
        """Bring every view up to date after an edit, its undo or its redo."""
        assert self.ds is not None
        if change.positions_only:
            index = self.ds.entity_index()
            for eid in change.entities:
                e = index[eid]
                if e.x is not None and e.y is not None:
                    self.view.move_node(eid, e.x, e.y)
            return
        positions = saved_positions(self.ds) or place_all(self.ds)
        self.explore.data_changed()
        self.view.reload(self.ds, positions, *self.explore.node_overrides())
        if change.sources:
            self.source_panel.set_dataset(self.ds)
        self.search.set_dataset(self.ds)
        if change.structure:
            self.filters.set_dataset(self.ds)
        self.apply_filter()
        self._refresh_inspector()

    def _refresh_inspector(self) -> None:
        assert self.ds is not None
        kind, item = self.current_selection()
        ids = (
            {e.id for e in self.ds.entities}
            if kind == "entity"
            else {r.id for r in self.ds.relations}
        )
        if kind and item in ids:
            self.select(kind, item, record=False)
        else:
            self.clear_selection()

    def current_selection(self) -> tuple[str, str]:
        if self.view.selected_entity:
            return ("entity", self.view.selected_entity)
        if self.view.selected_relation:
            return ("relation", self.view.selected_relation)
        return ("", "")

    def update_title(self) -> None:
        if self.ds is None or self.doc is None:
            self.setWindowTitle("relmap")
            return
        name = self.doc.path.name if self.doc.path else "untitled"
        # [*] is where Qt shows the unsaved-changes mark.
        head = f"{self.ds.title} — {name}" if self.ds.title else name
        self.setWindowTitle(f"{head}[*] — relmap")
        self.setWindowModified(self.doc.is_modified())

    def apply_filter(self) -> None:
        """Show what the Filters panel asks for: hidden, or dimmed when it says so."""
        if self.ds is None:
            return
        full = apply_filter(self.ds, self.filters.view_filter())
        if self.filters.dim.isChecked():
            base = apply_filter(self.ds, self.filters.view_filter(with_dimmable=False))
            self._show_only(base)
            self.view.set_dimmed(
                set(base.entities - full.entities), set(base.relations - full.relations)
            )
        else:
            self._show_only(full)
            self.view.set_dimmed(set(), set())
        self.visible = full
        counts = type_counts(self.ds, full)
        self.filters.show_counts(counts)
        self.legend.set_dataset(self.ds, counts)
        self._update_counts()

    def _show_only(self, visible: Visible) -> None:
        assert self.ds is not None
        if covers_all(self.ds, visible):  # no masks to build from 600,000 ids
            self.view.set_visibility(None, None)
        else:
            self.view.set_visibility(visible.entities, visible.relations)

    def _update_counts(self) -> None:
        if self.ds is None or self.visible is None:
            self.counts_label.setText("")
            return
        entities, relations = len(self.visible.entities), len(self.visible.relations)
        self.counts_label.setText(f"{entities} entities · {relations} relations shown")

    def add_recent(self, path: Path) -> None:
        recent = [p for p in self.recent_files() if p != str(path.resolve())]
        recent.insert(0, str(path.resolve()))
        self.settings.setValue("recentFiles", recent[:MAX_RECENT])
        actions.update_recent_menu(self)

    def recent_files(self) -> list[str]:
        value = self.settings.value("recentFiles", [])
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value] if isinstance(value, list) else []

    # ----- selection ----------------------------------------------------------------------
    def select(self, kind: str, item_id: str, center: bool = False, record: bool = True) -> None:
        if self.ds is None:
            return
        if kind == "entity":
            self.filters.set_focus_entity(item_id, self.ds.entity(item_id).name)
            self.inspector.show_entity(item_id, self.explore.metrics_html(item_id))
            self.source_panel.clear_highlight()
            if center:
                self.view.center_on_entity(item_id)
        else:
            relation = self.ds.relation(item_id)
            self.inspector.show_relation(item_id)
            self.source_panel.show_evidence(relation.evidence)
        self.view.select(kind, item_id)
        if record:
            self.history.visit((kind, item_id))
        actions.update_history_actions(self)

    def clear_selection(self) -> None:
        if self.view.highlighted:
            self.view.highlighted = set()
            self.apply_filter()
        self.view.select("", None)
        self.inspector.show_nothing()
        self.source_panel.clear_highlight()

    def go_back(self) -> None:
        place = self.history.back()
        if place is not None:
            self.select(*place, center=True, record=False)

    def go_forward(self) -> None:
        place = self.history.forward()
        if place is not None:
            self.select(*place, center=True, record=False)

    def _show_hover(self, kind: str, item_id: str) -> None:
        if self.ds is None or not kind:
            self.hover_label.setText("")
        elif kind == "entity":
            e = self.ds.entity(item_id)
            self.hover_label.setText(
                f"{e.name} ({e.type}) — {len(self.ds.relations_of(e.id))} relations"
            )
        else:
            r = self.ds.relation(item_id)
            names = self.ds.entity_index()
            self.hover_label.setText(
                f"{names[r.source].name} — {r.label or r.type} — {names[r.target].name}"
            )

    # ----- settings and window events -------------------------------------------------
    def _restore_settings(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = self.settings.value("windowState")
        if state is not None:
            self.restoreState(state)
        labels = self.settings.value("showRelationLabels", False, type=bool)
        self.acts["relation_labels"].setChecked(bool(labels))
        self.view.set_show_relation_labels(bool(labels))

    def save_settings(self) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("windowState", self.saveState())
        self.settings.setValue("showRelationLabels", self.view.show_relation_labels)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.maybe_save():
            event.ignore()
            return
        self.files.closed_cleanly()
        self.save_settings()
        super().closeEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.open_path(Path(url.toLocalFile()))
                event.acceptProposedAction()
                return

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About relmap",
            "relmap — map who is connected to whom, and the evidence for it.\n\n"
            "Every relation carries the exact passage of its source text.",
        )
