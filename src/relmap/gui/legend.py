"""The Legend dock: entity types with their shape and color, relation types with their
color, each with how many are in the map."""

from __future__ import annotations

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from relmap import style
from relmap.analysis.filters import TypeCounts, Visible, type_counts
from relmap.gui.icons import line_icon, shape_icon
from relmap.model.types import Dataset


class Legend(QTreeWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(["Type", "Count"])
        self.setRootIsDecorated(False)
        self.setIndentation(8)
        self.setUniformRowHeights(True)

    def set_dataset(self, ds: Dataset, counts: TypeCounts | None = None) -> None:
        """The map's types with how many of each are shown (``counts``; default: all)."""
        self.clear()
        if counts is None:
            counts = type_counts(ds, Visible.everything(ds))
        entity_counts = {kind: c.visible for kind, c in counts.entities.items()}
        relation_counts = {kind: c.visible for kind, c in counts.relations.items()}
        entities = QTreeWidgetItem(self, ["Entities", str(sum(entity_counts.values()))])
        for kind in sorted(entity_counts):
            st = style.entity_style(ds, kind)
            item = QTreeWidgetItem(entities, [st.label, str(entity_counts.get(kind, 0))])
            item.setIcon(0, shape_icon(st.shape, st.color))
            item.setToolTip(0, kind)
        relations = QTreeWidgetItem(self, ["Relations", str(sum(relation_counts.values()))])
        for kind in sorted(relation_counts, key=lambda k: style.relation_style(ds, k).label):
            rst = style.relation_style(ds, kind)
            item = QTreeWidgetItem(relations, [rst.label, str(relation_counts.get(kind, 0))])
            item.setIcon(0, line_icon(rst.color))
            item.setToolTip(0, kind)
        if any(not r.evidence for r in ds.relations):
            QTreeWidgetItem(relations, ["(dashed: no evidence)", ""]).setIcon(
                0, line_icon("#57606A", dashed=True)
            )
        self.communities = QTreeWidgetItem(self, ["Communities", ""])
        self.communities.setHidden(True)
        self.expandAll()
        self.resizeColumnToContents(0)

    def set_communities(self, groups: list[tuple[str, str]]) -> None:
        """(color, description) per community, shown while nodes are colored by them."""
        self.communities.takeChildren()
        for n, (color, text) in enumerate(groups, 1):
            item = QTreeWidgetItem(self.communities, [f"{n}. {text}", ""])
            item.setIcon(0, shape_icon("circle", color))
            item.setToolTip(0, text)
        self.communities.setHidden(not groups)
        self.communities.setExpanded(True)
