"""Asking the map questions from the window: how two entities are connected, who is
central (a sortable table, node sizes), communities (colors), and layouts."""

from __future__ import annotations

from functools import partial
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QVariantAnimation
from PySide6.QtGui import QAction, QActionGroup, QColor, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFormLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
)

from relmap import style
from relmap.analysis.metrics import METRIC_TITLES, centrality, communities
from relmap.analysis.paths import Path, connection_paths
from relmap.gui.dialogs import EntityPicker
from relmap.gui.inspector import dates, link
from relmap.layout.force import force_layout
from relmap.layout.layouts import LAYOUT_TITLES, LAYOUTS, radial_layout
from relmap.model.commands import MoveEntities
from relmap.model.graph import build_graph

if TYPE_CHECKING:
    from relmap.gui.mainwindow import MainWindow

# Tableau 10: distinct on white, and readable for most color-blind viewers.
COMMUNITY_COLORS = ["#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F",
                    "#EDC948", "#B07AA1", "#FF9DA7", "#9C755F", "#BAB0AC"]  # fmt: skip
ANIMATE_MAX = 2000  # entities; larger maps jump to the new layout
ANIMATION_MS = 450


class _NumberItem(QTableWidgetItem):
    """Sorts by value, not by text."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        return float(self.data(Qt.ItemDataRole.UserRole) or 0) < float(
            other.data(Qt.ItemDataRole.UserRole) or 0
        )


class ExploreController(QObject):
    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.win = win
        self.size_by: str | None = None
        self.by_community = False
        self._metrics: dict[str, dict[str, float]] | None = None
        self._communities: dict[str, int] | None = None
        self.table = QTableWidget()
        self.table.setSortingEnabled(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.cellClicked.connect(self._row_clicked)
        self.dock = QDockWidget("Entities", win)
        self.dock.setObjectName("entitiesDock")
        self.dock.setWidget(self.table)
        win.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self.dock.visibilityChanged.connect(self._table_shown)
        self._animation: QVariantAnimation | None = None
        self.current_layout = "force"
        self.manual_positions: dict[str, tuple[float, float]] | None = None
        self._styled = False  # whether the view shows metric sizes or community colors
        self._menus()
        win.dataset_replaced.connect(self.dataset_replaced)

    # ----- menus ---------------------------------------------------------------------------
    def _menus(self) -> None:
        win = self.win
        self.path_action = QAction("How Are Two Entities &Connected…", win)
        self.path_action.setShortcut(QKeySequence("Ctrl+P"))
        self.path_action.triggered.connect(self.ask_path)
        win.go_menu.addAction(self.path_action)
        view = win.view_menu
        view.addSeparator()
        view.addAction(self.dock.toggleViewAction())
        size_menu = view.addMenu("Size Nodes &By")
        group = QActionGroup(win)
        for key, title in [(None, "Number of Relations (default)"), *METRIC_TITLES.items()]:
            if key == "relations":
                continue
            act = size_menu.addAction(title)
            act.setCheckable(True)
            act.setChecked(key is None)
            act.triggered.connect(partial(self.set_size_by, key))
            group.addAction(act)
        self.community_action = view.addAction("Color by &Community")
        self.community_action.setCheckable(True)
        self.community_action.toggled.connect(self.set_color_by_community)
        layout_menu = view.addMenu("&Layout")
        self.layout_actions = {}
        for key, title in LAYOUT_TITLES.items():
            text = f"{title} around Selection" if key == "radial" else title
            act = layout_menu.addAction(text)
            act.triggered.connect(partial(self.apply_layout, key))
            self.layout_actions[key] = act
        layout_menu.addSeparator()
        reset = layout_menu.addAction("&Reset Layout (discard manual positions)")
        reset.triggered.connect(lambda: self.apply_layout("force", reset=True))

    def dataset_replaced(self) -> None:
        self._metrics = self._communities = None
        self._styled = False  # set_map has just drawn the default styles
        self.current_layout, self.manual_positions = "force", None
        if self.dock.isVisible():
            self.fill_table()
        self.refresh_nodes()

    def data_changed(self) -> None:
        self._metrics = self._communities = None
        if self.dock.isVisible():
            self.fill_table()

    # ----- metrics and communities ---------------------------------------------------------
    def metrics(self) -> dict[str, dict[str, float]]:
        if self._metrics is None and self.win.ds is not None:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self._metrics = centrality(self.win.ds)
            finally:
                QApplication.restoreOverrideCursor()
        return self._metrics or {}

    def community_of(self) -> dict[str, int]:
        if self._communities is None and self.win.ds is not None:
            self._communities = communities(self.win.ds)
        return self._communities or {}

    def node_overrides(self) -> tuple[dict[str, float] | None, dict[str, QColor] | None]:
        radii = None
        if self.size_by is not None:
            values = self.metrics().get(self.size_by, {})
            top = max(values.values(), default=0.0) or 1.0
            lo, hi = style.NODE_SIZE_RANGE
            radii = {k: (lo + (hi - lo) * (v / top) ** 0.5) / 2 for k, v in values.items()}
        colors = None
        if self.by_community:
            colors = {
                k: QColor(COMMUNITY_COLORS[c % len(COMMUNITY_COLORS)])
                for k, c in self.community_of().items()
            }
        return radii, colors

    def refresh_nodes(self) -> None:
        if self.size_by is None and not self.by_community and not self._styled:
            return  # nothing to change: the view already has the default styles
        self._styled = self.size_by is not None or self.by_community
        win = self.win
        if win.ds is not None and win.view.layers is not None:
            win.view.reload(win.ds, win.view.positions(), *self.node_overrides())
            win.legend.set_communities(self._community_legend() if self.by_community else [])

    def _community_legend(self) -> list[tuple[str, str]]:
        assert self.win.ds is not None
        names = {e.id: e.name for e in self.win.ds.entities}
        groups: dict[int, list[str]] = {}
        for eid, c in self.community_of().items():
            groups.setdefault(c, []).append(names[eid])
        out = []
        for c in sorted(groups):
            members = sorted(groups[c], key=str.casefold)
            shown = ", ".join(members[:3]) + ("…" if len(members) > 3 else "")
            out.append((COMMUNITY_COLORS[c % len(COMMUNITY_COLORS)], f"{len(members)}: {shown}"))
        return out

    def set_size_by(self, key: str | None) -> None:
        self.size_by = key
        self.refresh_nodes()

    def set_color_by_community(self, on: bool) -> None:
        self.by_community = on
        self.refresh_nodes()

    def _table_shown(self, shown: bool) -> None:
        if shown:
            self.fill_table()

    def fill_table(self) -> None:
        ds = self.win.ds
        if ds is None:
            return
        metrics = self.metrics()
        groups = self.community_of()
        headers = ["Name", "Type", *METRIC_TITLES.values(), "Community"]
        self.table.setSortingEnabled(False)
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(ds.entities))
        for row, e in enumerate(ds.entities):
            name = QTableWidgetItem(e.name)
            name.setData(Qt.ItemDataRole.UserRole + 1, e.id)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, QTableWidgetItem(style.entity_style(ds, e.type).label))
            values = [metrics.get(k, {}).get(e.id, 0.0) for k in METRIC_TITLES]
            values.append(float(groups.get(e.id, 0) + 1))
            for col, value in enumerate(values, start=2):
                item = _NumberItem(
                    f"{value:.0f}" if col in (2, len(headers) - 1) else f"{value:.4f}"
                )
                item.setData(Qt.ItemDataRole.UserRole, value)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        self.table.setSortingEnabled(True)
        self.table.sortItems(2, Qt.SortOrder.DescendingOrder)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def _row_clicked(self, row: int, _column: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.win.select("entity", str(item.data(Qt.ItemDataRole.UserRole + 1)), center=True)

    def metrics_html(self, entity_id: str) -> str:
        if self._metrics is None:
            return ""
        rows = "".join(
            f"<tr><td class='muted'>{escape(title)}</td>"
            f"<td>{self._metrics.get(key, {}).get(entity_id, 0.0):.4g}</td></tr>"
            for key, title in METRIC_TITLES.items()
        )
        return f"<h3>Centrality</h3><table>{rows}</table>"

    # ----- paths ------------------------------------------------------------------------
    def ask_path(self) -> None:
        ds = self.win.ds
        if ds is None:
            return
        dialog = QDialog(self.win)
        dialog.setWindowTitle("How are they connected?")
        form = QFormLayout(dialog)
        a = EntityPicker(ds, self.win.view.selected_entity)
        b = EntityPicker(ds)
        form.addRow("&From", a)
        form.addRow("&To", b)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() == QDialog.DialogCode.Accepted and a.entity_id() and b.entity_id():
            self.show_path(str(a.entity_id()), str(b.entity_id()))

    def show_path(self, a: str, b: str) -> int:
        """Highlight every shortest chain from a to b and list it in the Inspector;
        returns the number of chains."""
        ds = self.win.ds
        assert ds is not None
        paths = connection_paths(ds, a, b, limit=5)
        highlighted: set[str] = set()
        for path in paths:
            for step in path:
                highlighted.update((step.source, step.target))
                highlighted.update(r.id for r in step.relations)
        view = self.win.view
        view.highlighted = highlighted
        if paths and view.layers is not None:
            # Everything off the chains fades, so the chains read at a glance.
            view.set_dimmed(
                set(view.layers.nodes) - highlighted, set(view.layers.edges) - highlighted
            )
        view.update()
        self.win.inspector.show_html(self._path_html(a, b, paths))
        return len(paths)

    def _path_html(self, a: str, b: str, paths: list[Path]) -> str:
        ds = self.win.ds
        assert ds is not None
        names = {e.id: e.name for e in ds.entities}
        head = f"<h2>{escape(names[a])} ↔ {escape(names[b])}</h2>"
        if not paths:
            return head + "<p class='warn'>No chain of relations connects them.</p>"
        out = [
            head,
            f"<p class='muted'>{len(paths)} shortest chain(s) of {len(paths[0])} step(s)</p>",
        ]
        for n, path in enumerate(paths, 1):
            out.append(f"<h3>Chain {n}</h3><ol>")
            for step in path:
                out.append(f"<li>{link('entity', step.source, names[step.source])} — "
                           f"{link('entity', step.target, names[step.target])}<ul>")  # fmt: skip
                for r in step.relations:
                    when = dates(r)
                    line = link("relation", r.id, r.label or r.type) + (
                        f" ({when})" if when else ""
                    )
                    for ev in r.evidence[:1]:
                        line += f"<br><span class='quote'>“{escape(ev.quote)}”</span>"
                    out.append(f"<li>{line}</li>")
                out.append("</ul></li>")
            out.append("</ol>")
        return "".join(out)

    # ----- layouts -----------------------------------------------------------------------
    def apply_layout(self, key: str, reset: bool = False) -> None:
        """Move every entity to a new layout as one undoable step (Undo brings the
        manual positions back)."""
        win = self.win
        ds = win.ds
        if ds is None:
            return
        graph = build_graph(ds)
        if key == "radial":
            centre = win.view.selected_entity
            new = radial_layout(graph, center=centre) if centre else radial_layout(graph)
        elif key == "force" and not reset:
            new = force_layout(graph)
        else:
            new = LAYOUTS[key](graph)
        old = win.view.positions()
        if key == "force" and not reset and self.manual_positions is not None:
            new = {k: self.manual_positions.get(k, v) for k, v in new.items()}
        if key != "force" and self.current_layout == "force":
            self.manual_positions = old  # the person's own arrangement, to come back to
        if key == "force":
            self.manual_positions = None
        self.current_layout = key
        title = "Reset layout" if reset else f"Layout: {LAYOUT_TITLES[key]}"
        win.editing.push(MoveEntities(new, text=title))
        if len(new) <= ANIMATE_MAX and QApplication.platformName() != "offscreen":
            self._animate(old, new)
        win.view.fit()

    def _animate(
        self, old: dict[str, tuple[float, float]], new: dict[str, tuple[float, float]]
    ) -> None:
        animation = QVariantAnimation(self)
        animation.setStartValue(0.0)
        animation.setEndValue(1.0)
        animation.setDuration(ANIMATION_MS)

        def step(t: object) -> None:
            f = float(t)  # type: ignore[arg-type]
            for k, (x1, y1) in new.items():
                x0, y0 = old.get(k, (x1, y1))
                self.win.view.move_node(k, x0 + (x1 - x0) * f, y0 + (y1 - y0) * f)

        animation.valueChanged.connect(step)
        animation.start()
        self._animation = animation
