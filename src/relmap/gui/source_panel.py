"""The Source dock: a source's full text, plain, with the selected evidence highlighted
and scrolled into view."""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from relmap.gui.textpos import to_qt
from relmap.model.types import Dataset, Evidence

HIGHLIGHT = QColor("#FFE066")
OTHER_HIGHLIGHT = QColor("#FFF3BF")


class SourcePanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ds: Dataset | None = None
        self.chooser = QComboBox()
        self.chooser.currentIndexChanged.connect(self._show_index)
        self.meta = QLabel()
        self.meta.setWordWrap(True)
        self.meta.setTextFormat(self.meta.textFormat().PlainText)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setObjectName("sourceText")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.chooser)
        layout.addWidget(self.meta)
        layout.addWidget(self.text, 1)
        self.highlighted: list[tuple[int, int]] = []  # Python offsets of what is marked

    def set_dataset(self, ds: Dataset) -> None:
        self.ds = ds
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for s in ds.sources:
            self.chooser.addItem(s.title, s.id)
        self.chooser.blockSignals(False)
        self.chooser.setVisible(len(ds.sources) > 1)
        self._show_index(0)

    def current_source_id(self) -> str | None:
        data = self.chooser.currentData()
        return str(data) if data is not None else None

    def _show_index(self, index: int) -> None:
        if self.ds is None or not (0 <= index < len(self.ds.sources)):
            self.text.setPlainText("")
            self.meta.setText("No source text in this map.")
            return
        s = self.ds.sources[index]
        meta = [s.title, *(v for v in (s.publisher, s.published, s.url) if v)]
        self.meta.setText(" · ".join(meta))
        self.text.setPlainText(s.text)
        self.highlighted = []
        self.text.setExtraSelections([])

    def show_evidence(self, evidence: list[Evidence]) -> None:
        """Highlight every quote of a relation; the first is scrolled into view."""
        if self.ds is None or not evidence:
            self.clear_highlight()
            return
        first = evidence[0]
        index = next((i for i, s in enumerate(self.ds.sources) if s.id == first.source), -1)
        if index < 0:
            return
        if self.chooser.currentIndex() != index:
            self.chooser.setCurrentIndex(index)
        text = self.ds.sources[index].text
        selections = []
        self.highlighted = []
        for n, ev in enumerate(e for e in evidence if e.source == first.source):
            if ev.start is None or ev.end is None:
                continue
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(to_qt(text, ev.start))
            cursor.setPosition(to_qt(text, ev.end), QTextCursor.MoveMode.KeepAnchor)
            sel = QTextEdit.ExtraSelection()
            sel.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setBackground(HIGHLIGHT if n == 0 else OTHER_HIGHLIGHT)
            sel.format = fmt
            selections.append(sel)
            self.highlighted.append((ev.start, ev.end))
        self.text.setExtraSelections(selections)
        if selections:
            self._scroll_to(selections[0].cursor)

    def _scroll_to(self, cursor: QTextCursor) -> None:
        view_cursor = QTextCursor(cursor)
        view_cursor.setPosition(cursor.selectionStart())
        self.text.setTextCursor(view_cursor)
        self.text.centerCursor()

    def clear_highlight(self) -> None:
        self.highlighted = []
        self.text.setExtraSelections([])

    def highlighted_text(self) -> list[str]:
        """The characters currently highlighted, read back from the widget."""
        out = []
        for sel in self.text.extraSelections():
            out.append(sel.cursor.selectedText())
        return out
