"""The Legend dock: entity types with their shape and color, relation types with their
color, each with how many are in the map."""

from __future__ import annotations

from collections import Counter

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from relmap import style
from relmap.gui.icons import line_icon, shape_icon
from relmap.model.types import Dataset


class Legend(QTreeWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(["Type", "Count"])
        self.setRootIsDecorated(False)
        self.setIndentation(8)
        self.setUniformRowHeights(True)

    def set_dataset(
        self,
        ds: Dataset,
        visible_entities: set[str] | None = None,
        visible_relations: set[str] | None = None,
    ) -> None:
        self.clear()
        entity_counts = Counter(
            e.type for e in ds.entities if visible_entities is None or e.id in visible_entities
        )
        relation_counts = Counter(
            r.type for r in ds.relations if visible_relations is None or r.id in visible_relations
        )
        entities = QTreeWidgetItem(self, ["Entities", str(sum(entity_counts.values()))])
        for kind in sorted({e.type for e in ds.entities}):
            st = style.entity_style(ds, kind)
            item = QTreeWidgetItem(entities, [st.label, str(entity_counts.get(kind, 0))])
            item.setIcon(0, shape_icon(st.shape, st.color))
            item.setToolTip(0, kind)
        relations = QTreeWidgetItem(self, ["Relations", str(sum(relation_counts.values()))])
        for kind in sorted(
            {r.type for r in ds.relations}, key=lambda k: style.relation_style(ds, k).label
        ):
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
