"""File > Export: the whole map (as ``relmap export`` draws it) or the current view (as
the window shows it), to PNG, SVG, PDF, GraphML, GEXF, CSV or relmap JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QMessageBox,
    QRadioButton,
    QWidget,
)

from relmap.analysis.filters import filtered_dataset
from relmap.io.atomic import SaveError

if TYPE_CHECKING:
    from relmap.gui.mainwindow import MainWindow

EXPORT_FILTERS = [
    "PNG image (*.png)",
    "SVG image (*.svg)",
    "PDF document (*.pdf)",
    "GraphML (*.graphml)",
    "GEXF (*.gexf)",
    "CSV edge list (*.csv)",
    "relmap map (*.json)",
]
IMAGES = (".png", ".svg", ".pdf")


class ExportOptions(QDialog):
    def __init__(self, suffix: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        form = QFormLayout(self)
        self.whole = QRadioButton("Whole map (filters applied)")
        self.view = QRadioButton("Current view, as shown")
        self.whole.setChecked(True)
        form.addRow("What", self.whole)
        form.addRow("", self.view)
        self.scale = QComboBox()
        self.scale.addItems(["1× (1920×1080)", "2×", "4×"])
        self.transparent = QCheckBox("Transparent background")
        self.legend = QCheckBox("Legend")
        self.legend.setChecked(True)
        self.relation_labels = QCheckBox("Relation labels")
        self.yed = QCheckBox("Include yEd graphics (shapes, labels, positions)")
        self.yed.setChecked(True)
        if suffix in IMAGES:
            if suffix == ".png":
                form.addRow("Scale", self.scale)
            form.addRow("", self.transparent)
            form.addRow("", self.legend)
            form.addRow("", self.relation_labels)
        if suffix == ".graphml":
            form.addRow("", self.yed)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def scale_factor(self) -> int:
        return (1, 2, 4)[self.scale.currentIndex()]


def export(win: MainWindow) -> None:
    """Ask where and how, then export; failures are reported, never raised."""
    if win.ds is None:
        return
    start = str(win.path.with_suffix(".png")) if win.path else "map.png"
    name, chosen = QFileDialog.getSaveFileName(win, "Export map", start, ";;".join(EXPORT_FILTERS))
    if not name:
        return
    path = Path(name)
    if not path.suffix:
        path = path.with_suffix(chosen.rsplit("*", 1)[-1].rstrip(")"))
    options = ExportOptions(path.suffix.lower(), win)
    if options.exec() != QDialog.DialogCode.Accepted:
        return
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        run_export(win, path, options)
    except (SaveError, OSError, ValueError) as exc:
        QApplication.restoreOverrideCursor()
        QMessageBox.critical(win, "Export failed", f"Cannot write {path.name}:\n{exc}")
        return
    QApplication.restoreOverrideCursor()
    win.statusBar().showMessage(f"Exported {path}", 5000)


def run_export(win: MainWindow, path: Path, options: ExportOptions) -> None:
    assert win.ds is not None
    suffix = path.suffix.lower()
    visible = win.visible
    entities = set(visible.entities) if visible else None
    relations = set(visible.relations) if visible else None
    if suffix in IMAGES and options.view.isChecked():
        render_view(win, path, options.scale_factor(), options.transparent.isChecked())
    elif suffix in IMAGES:
        from relmap.render.image import export_image

        export_image(
            win.ds,
            win.view.positions(),
            path,
            scale=options.scale_factor(),
            transparent=options.transparent.isChecked(),
            legend=options.legend.isChecked(),
            show_relation_labels=options.relation_labels.isChecked(),
            visible_entities=entities,
            visible_relations=relations,
        )
    else:
        from relmap.io.formats import write_any

        ds = win.ds if visible is None else filtered_dataset(win.ds, visible)
        write_any(ds, path, win.view.positions(), yed=options.yed.isChecked())


def render_view(win: MainWindow, path: Path, scale: int, transparent: bool) -> None:
    """The map view exactly as shown, at ``scale`` times its pixels."""
    view = win.view
    size = view.size()
    suffix = path.suffix.lower()
    if suffix == ".png":
        image = QImage(size * scale, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent if transparent else Qt.GlobalColor.white)
        painter = QPainter(image)
        painter.scale(scale, scale)
        view.paint_to(painter, transparent)
        painter.end()
        if not image.save(str(path)):
            raise OSError(f"could not write {path}")
    elif suffix == ".svg":
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(QSize(size))
        generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
        generator.setTitle(win.ds.title if win.ds and win.ds.title else "relmap map")
        painter = QPainter(generator)
        view.paint_to(painter, transparent)
        painter.end()
    else:
        writer = QPdfWriter(str(path))
        writer.setPageSize(QPageSize(QSizeF(size.width(), size.height()), QPageSize.Unit.Point))
        writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
        writer.setResolution(72)
        painter = QPainter(writer)
        view.paint_to(painter, transparent)
        painter.end()
