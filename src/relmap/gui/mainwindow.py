"""The main window: the map in the centre, Inspector, Source and Legend docks around it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMenu, QMessageBox, QWidget

from relmap.gui import actions
from relmap.gui.icons import app_icon
from relmap.gui.inspector import Inspector
from relmap.gui.legend import Legend
from relmap.gui.loading import load_map
from relmap.gui.mapview import MapView
from relmap.gui.search import SearchBox
from relmap.gui.source_panel import SourcePanel
from relmap.history import History
from relmap.layout.force import dataset_positions
from relmap.model.graph import build_graph
from relmap.model.types import Dataset
from relmap.model.validate import DatasetError

MAX_RECENT = 10
Selection = tuple[str, str]  # ("entity" | "relation", id)


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        self.ds: Dataset | None = None
        self.path: Path | None = None
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
        self.counts_label = QLabel()
        self.hover_label = QLabel()
        self.statusBar().addWidget(self.hover_label, 1)
        self.statusBar().addPermanentWidget(self.counts_label)
        self.recent_menu = QMenu("Open &Recent", self)
        self.acts = actions.install(self)
        self._connect()
        self._restore_settings()
        self._update_title()

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

    # ----- files ------------------------------------------------------------------------
    def open_path(self, path: Path) -> bool:
        """Load ``path``; on failure show its problems and keep the open map as it was."""
        try:
            ds = load_map(path)
        except DatasetError as exc:
            self._show_problems(path, exc)
            return False
        self.set_dataset(ds, path)
        self._add_recent(path)
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

    def set_dataset(self, ds: Dataset, path: Path | None) -> None:
        self.ds, self.path = ds, path
        positions = dataset_positions(ds, build_graph(ds))
        self.view.set_map(ds, positions)
        self.inspector.set_dataset(ds)
        self.source_panel.set_dataset(ds)
        self.legend.set_dataset(ds)
        self.search.set_dataset(ds)
        self.history.clear()
        self._update_title()
        self._update_counts()
        actions.update_history_actions(self)

    def _update_title(self) -> None:
        if self.ds is None:
            self.setWindowTitle("relmap")
            return
        name = self.path.name if self.path else "untitled"
        title = self.ds.title or name
        self.setWindowTitle(f"{title} — {name} — relmap" if self.ds.title else f"{name} — relmap")

    def _update_counts(self) -> None:
        if self.ds is None:
            self.counts_label.setText("")
            return
        entities = sum(1 for e in self.ds.entities if self.view.entity_visible(e.id))
        relations = sum(1 for r in self.ds.relations if self.view.relation_visible(r.id))
        self.counts_label.setText(f"{entities} entities · {relations} relations shown")

    def _add_recent(self, path: Path) -> None:
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
            self.inspector.show_entity(item_id)
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
