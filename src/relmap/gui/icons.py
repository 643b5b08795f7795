"""Small painted icons: entity-type shapes for the legend, the application icon."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from relmap.gui.layers import node_path
from relmap.resources import resource_path


def shape_icon(shape: str, color: str, size: int = 16) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(color).darker(150), 1.2))
    painter.setBrush(QColor(color))
    painter.drawPath(node_path(shape, (size / 2, size / 2), size * 0.34))
    painter.end()
    return QIcon(pixmap)


def line_icon(color: str, dashed: bool = False, size: int = 16) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(color), 2.5)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.drawLine(QPointF(1, size / 2), QPointF(size - 1, size / 2))
    painter.end()
    return QIcon(pixmap)


def app_icon() -> QIcon:
    icon = QIcon()
    for name in ("relmap.svg", "relmap-256.png", "relmap-64.png"):
        try:
            icon.addFile(str(resource_path(name)))
        except FileNotFoundError:
            continue
    return icon
