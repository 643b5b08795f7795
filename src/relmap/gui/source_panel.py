"""The Source dock: a source's full text, plain, with the selected evidence highlighted
and scrolled into view, mentions of known entities marked (click one to select it), and
passages selectable as evidence for new relations."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QContextMenuEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from relmap.analysis.names import entity_names
from relmap.gui.textpos import from_qt, to_qt
from relmap.model.types import Dataset, Evidence

HIGHLIGHT = QColor("#FFE066")
OTHER_HIGHLIGHT = QColor("#FFF3BF")
MENTION = QColor("#E3EEFF")
DEFER_MENTIONS = 5000  # entities: more, and names are marked once the window is drawn
MIN_MENTION = 3  # shorter names and aliases ("US") are not marked: too many false hits


WORD = re.compile(r"\w+")


def find_mentions(ds: Dataset, text: str) -> list[tuple[int, int, str]]:
    """(start, end, entity id) of every mention of a name or alias, matched word by word
    ignoring case and punctuation, longest name first. One dictionary lookup per word
    and name length, so 100,000 names cost no more than 30 (a regular expression of all
    the names took minutes)."""
    owner: dict[tuple[str, ...], str] = {}
    for e in ds.entities:
        for name in entity_names(e):
            key = tuple(WORD.findall(name.casefold()))
            if key and len(name) >= MIN_MENTION:
                owner.setdefault(key, e.id)
    if not owner:
        return []
    longest = max(len(k) for k in owner)
    words = [(m.start(), m.end(), m.group().casefold()) for m in WORD.finditer(text)]
    folded = [w for _, _, w in words]
    found = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            eid = owner.get(tuple(folded[i : i + size]))
            if eid is not None:
                found.append((words[i][0], words[i + size - 1][1], eid))
                i += size
                break
        else:
            i += 1
    return found


class _SourceText(QPlainTextEdit):
    def __init__(self, panel: SourcePanel) -> None:
        super().__init__()
        self.panel = panel

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu()
        menu.addSeparator()
        add = menu.addAction("Add Relation from Selection…", self.panel.addRelationRequested.emit)
        ev = menu.addAction(
            "Add Evidence to Selected Relation", self.panel.addEvidenceRequested.emit
        )
        has = self.textCursor().hasSelection()
        add.setEnabled(has)
        ev.setEnabled(has)
        menu.exec(event.globalPos())


class SourcePanel(QWidget):
    entityClicked = Signal(str)
    addRelationRequested = Signal()
    addEvidenceRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ds: Dataset | None = None
        self.chooser = QComboBox()
        self.chooser.currentIndexChanged.connect(self._show_index)
        self.meta = QLabel()
        self.meta.setWordWrap(True)
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.text = _SourceText(self)
        self.text.setReadOnly(True)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.text.setObjectName("sourceText")
        self.text.viewport().installEventFilter(self)
        self.add_button = QPushButton("Relation from selection…")
        self.add_button.setToolTip("Add a relation with the selected passage as its evidence")
        self.add_button.clicked.connect(self.addRelationRequested.emit)
        self.evidence_button = QPushButton("Add as evidence")
        self.evidence_button.setToolTip("Add the selected passage to the selected relation")
        self.evidence_button.clicked.connect(self.addEvidenceRequested.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.evidence_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.chooser)
        layout.addWidget(self.meta)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)
        self.highlighted: list[tuple[int, int]] = []  # Python offsets of marked evidence
        self.mentions: list[tuple[int, int, str]] = []
        self._evidence_selections: list[QTextEdit.ExtraSelection] = []

    def set_dataset(self, ds: Dataset) -> None:
        keep = self.current_source_id()
        self.ds = ds
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for s in ds.sources:
            self.chooser.addItem(s.title, s.id)
        self.chooser.blockSignals(False)
        self.chooser.setVisible(len(ds.sources) > 1)
        index = self.chooser.findData(keep) if keep else 0
        self.chooser.setCurrentIndex(max(index, 0))
        self._show_index(max(index, 0))

    def current_source_id(self) -> str | None:
        data = self.chooser.currentData()
        return str(data) if data is not None else None

    def current_text(self) -> str:
        sid = self.current_source_id()
        return self.ds.source(sid).text if self.ds and sid else ""

    def show_source(self, source_id: str) -> None:
        index = self.chooser.findData(source_id)
        if index >= 0:
            self.chooser.setCurrentIndex(index)

    def _show_index(self, index: int) -> None:
        if self.ds is None or not (0 <= index < len(self.ds.sources)):
            self.text.setPlainText("")
            self.meta.setText("No source text in this map. Edit > Add Source adds one.")
            self.mentions = []
            return
        s = self.ds.sources[index]
        self.meta.setText(
            " · ".join([s.title, *(v for v in (s.publisher, s.published, s.url) if v)])
        )
        self.text.setPlainText(s.text)
        self.mentions = []
        self.highlighted = []
        self._evidence_selections = []
        if len(self.ds.entities) > DEFER_MENTIONS:
            # Marking 100,000 names costs ~0.5 s: after the map has been drawn.
            QTimer.singleShot(0, lambda ds=self.ds, sid=s.id: self._mark_mentions(ds, sid))
        else:
            self._mark_mentions(self.ds, s.id)

    def _mark_mentions(self, ds: Dataset, source_id: str) -> None:
        if ds is not self.ds or self.current_source_id() != source_id:
            return  # another map or source is shown by now
        self.mentions = find_mentions(ds, ds.source(source_id).text)
        self._apply_selections()

    def _selection(
        self, text: str, start: int, end: int, fmt: QTextCharFormat
    ) -> QTextEdit.ExtraSelection:
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(to_qt(text, start))
        cursor.setPosition(to_qt(text, end), QTextCursor.MoveMode.KeepAnchor)
        sel = QTextEdit.ExtraSelection()
        sel.cursor = cursor
        sel.format = fmt
        return sel

    def _apply_selections(self) -> None:
        text = self.current_text()
        fmt = QTextCharFormat()
        fmt.setBackground(MENTION)
        fmt.setToolTip("Click to select this entity")
        mentions = [self._selection(text, a, b, fmt) for a, b, _ in self.mentions]
        self.text.setExtraSelections(mentions + self._evidence_selections)

    def show_evidence(self, evidence: list[Evidence]) -> None:
        """Highlight every quote of a relation; the first is scrolled into view."""
        if self.ds is None or not evidence:
            self.clear_highlight()
            return
        self.show_source(evidence[0].source)
        text = self.current_text()
        self.highlighted = []
        self._evidence_selections = []
        for n, ev in enumerate(e for e in evidence if e.source == evidence[0].source):
            if ev.start is None or ev.end is None:
                continue
            fmt = QTextCharFormat()
            fmt.setBackground(HIGHLIGHT if n == 0 else OTHER_HIGHLIGHT)
            self._evidence_selections.append(self._selection(text, ev.start, ev.end, fmt))
            self.highlighted.append((ev.start, ev.end))
        self._apply_selections()
        if self._evidence_selections:
            cursor = QTextCursor(self._evidence_selections[0].cursor)
            cursor.setPosition(cursor.selectionStart())
            self.text.setTextCursor(cursor)
            self.text.centerCursor()

    def clear_highlight(self) -> None:
        self.highlighted = []
        self._evidence_selections = []
        self._apply_selections()

    def highlighted_text(self) -> list[str]:
        """The characters of the marked evidence, read back from the widget."""
        return [sel.cursor.selectedText() for sel in self._evidence_selections]

    def selected_evidence(self) -> Evidence | None:
        """The passage selected in the text as evidence, with Python offsets; the
        surrounding white space is left out."""
        sid = self.current_source_id()
        cursor = self.text.textCursor()
        if sid is None or not cursor.hasSelection():
            return None
        text = self.current_text()
        start = from_qt(text, cursor.selectionStart())
        end = from_qt(text, cursor.selectionEnd())
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            return None
        return Evidence(sid, text[start:end], start, end)

    def select_range(self, start: int, end: int) -> None:
        """Select characters start..end (Python offsets) as a person would with the mouse."""
        text = self.current_text()
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(to_qt(text, start))
        cursor.setPosition(to_qt(text, end), QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.MouseButtonRelease
            and not self.text.textCursor().hasSelection()
        ):
            position = self.text.cursorForPosition(event.position().toPoint()).position()  # type: ignore[attr-defined]
            offset = from_qt(self.current_text(), position)
            for a, b, eid in self.mentions:
                if a <= offset < b:
                    self.entityClicked.emit(eid)
                    break
        return super().eventFilter(watched, event)
