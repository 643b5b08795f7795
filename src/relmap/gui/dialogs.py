"""Dialogs for editing: an entity, a relation (with its quote), a source."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from relmap.model.types import AttrValue, Dataset, Entity, Relation, Source
from relmap.model.validate import date_bounds
from relmap.style import BUILTIN_ENTITY_STYLES

DATE_RE = QRegularExpression(r"^$|^\d{4}(-\d{2}(-\d{2})?)?$")


def type_choices(existing: list[str], builtin: list[str]) -> list[str]:
    """Types already used in the map first (most used first), then the built-in ones."""
    counted = [t for t, _ in Counter(existing).most_common()]
    return counted + [t for t in builtin if t not in counted]


def editable_combo(choices: list[str], current: str = "") -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItems(choices)
    combo.setCurrentText(current)
    completer = combo.completer()
    if completer is not None:
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return combo


def parse_attributes(text: str) -> dict[str, AttrValue]:
    """'key: value' lines; numbers and true/false become numbers and booleans."""
    out: dict[str, AttrValue] = {}
    for line in text.splitlines():
        key, sep, raw = line.partition(":")
        if not sep or not key.strip():
            continue
        value = raw.strip()
        parsed: AttrValue = value
        if value.lower() in ("true", "false"):
            parsed = value.lower() == "true"
        else:
            try:
                parsed = int(value)
            except ValueError:
                try:
                    parsed = float(value)
                except ValueError:
                    parsed = value
        out[key.strip()] = parsed
    return out


def format_attributes(attributes: dict[str, AttrValue]) -> str:
    return "\n".join(
        f"{k}: {str(v).lower() if isinstance(v, bool) else v}" for k, v in attributes.items()
    )


class _FormDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout(self)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b42318")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self.form.addRow(self.error)
        self.form.addRow(self.buttons)

    def problem(self) -> str | None:
        return None

    def _try_accept(self) -> None:
        message = self.problem()
        if message:
            self.error.setText(message)
            return
        self.accept()


class EntityDialog(_FormDialog):
    def __init__(self, ds: Dataset, entity: Entity | None, parent: QWidget | None = None) -> None:
        super().__init__("Edit entity" if entity else "Add entity", parent)
        self.name = QLineEdit(entity.name if entity else "")
        types = type_choices([e.type for e in ds.entities], list(BUILTIN_ENTITY_STYLES))
        self.type = editable_combo(types, entity.type if entity else "person")
        self.aliases = QLineEdit(", ".join(entity.aliases) if entity else "")
        self.aliases.setPlaceholderText("comma-separated")
        self.description = QPlainTextEdit(entity.description or "" if entity else "")
        self.description.setTabChangesFocus(True)
        self.attributes = QPlainTextEdit(format_attributes(entity.attributes) if entity else "")
        self.attributes.setPlaceholderText("one per line, e.g.  born: 1953")
        self.attributes.setTabChangesFocus(True)
        for label, widget in (
            ("&Name", self.name),
            ("&Type", self.type),
            ("&Aliases", self.aliases),
            ("&Description", self.description),
            ("A&ttributes", self.attributes),
        ):
            self.form.addRow(label, widget)
        self.finish_layout()
        self.resize(460, 380)

    def problem(self) -> str | None:
        if not self.name.text().strip():
            return "The name cannot be empty."
        if not self.type.currentText().strip():
            return "The type cannot be empty."
        return None

    def values(self) -> dict[str, object]:
        aliases = [a.strip() for a in self.aliases.text().split(",") if a.strip()]
        return {
            "name": self.name.text().strip(),
            "type": self.type.currentText().strip(),
            "aliases": aliases,
            "description": self.description.toPlainText().strip() or None,
            "attributes": parse_attributes(self.attributes.toPlainText()),
        }


class EntityPicker(QComboBox):
    """Choose an entity by typing any part of its name."""

    def __init__(self, ds: Dataset, current: str | None = None) -> None:
        super().__init__()
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for e in sorted(ds.entities, key=lambda e: e.name.casefold()):
            self.addItem(e.name, e.id)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        if current is not None:
            self.setCurrentIndex(self.findData(current))
        else:
            self.setCurrentIndex(-1)

    def entity_id(self) -> str | None:
        index = self.findText(self.currentText(), Qt.MatchFlag.MatchFixedString)
        if index < 0:
            return None
        data = self.itemData(index)
        return str(data) if data is not None else None


class RelationDialog(_FormDialog):
    def __init__(
        self,
        ds: Dataset,
        relation: Relation | None = None,
        source: str | None = None,
        target: str | None = None,
        quote: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit relation" if relation else "Add relation", parent)
        self.source = EntityPicker(ds, relation.source if relation else source)
        self.target = EntityPicker(ds, relation.target if relation else target)
        types = type_choices([r.type for r in ds.relations], [])
        self.type = editable_combo(types, relation.type if relation else "")
        self.label = QLineEdit(relation.label or "" if relation else "")
        validator = QRegularExpressionValidator(DATE_RE, self)
        self.start = QLineEdit(relation.start or "" if relation else "")
        self.end = QLineEdit(relation.end or "" if relation else "")
        for field in (self.start, self.end):
            field.setValidator(validator)
            field.setPlaceholderText("YYYY, YYYY-MM or YYYY-MM-DD")
        self.directed = QCheckBox("Directed (source → target)")
        self.directed.setChecked(relation.directed if relation else True)
        self.description = QLineEdit(relation.description or "" if relation else "")
        self.form.addRow("&From", self.source)
        self.form.addRow("&Type", self.type)
        self.form.addRow("T&o", self.target)
        self.form.addRow("&Label", self.label)
        self.form.addRow("&Start", self.start)
        self.form.addRow("&End", self.end)
        self.form.addRow("", self.directed)
        self.form.addRow("&Note", self.description)
        if quote:
            shown = QLabel(f"“{quote}”")
            shown.setTextFormat(Qt.TextFormat.PlainText)
            shown.setWordWrap(True)
            self.form.addRow("Evidence", shown)
        self.finish_layout()
        self.resize(480, 360)

    def problem(self) -> str | None:
        if self.source.entity_id() is None or self.target.entity_id() is None:
            return "Choose both entities from the list."
        if not self.type.currentText().strip():
            return "The relation type cannot be empty."
        start, end = self.start.text(), self.end.text()
        for value in (start, end):
            if value and date_bounds(value) is None:
                return f"'{value}' is no calendar date (YYYY, YYYY-MM or YYYY-MM-DD)."
        if start and end:
            sb, eb = date_bounds(start), date_bounds(end)
            if sb and eb and eb[1] < sb[0]:
                return "The end lies before the start."
        return None

    def values(self) -> dict[str, object]:
        return {
            "source": self.source.entity_id(),
            "target": self.target.entity_id(),
            "type": self.type.currentText().strip(),
            "label": self.label.text().strip() or None,
            "start": self.start.text() or None,
            "end": self.end.text() or None,
            "directed": self.directed.isChecked(),
            "description": self.description.text().strip() or None,
        }


class SourceDialog(_FormDialog):
    """A source's title, publisher, url and date; its text only when it is new."""

    def __init__(
        self, source: Source | None = None, text: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__("Edit source" if source else "Add source", parent)
        self.title = QLineEdit(source.title if source else "")
        self.publisher = QLineEdit(source.publisher or "" if source else "")
        self.url = QLineEdit(source.url or "" if source else "")
        self.published = QLineEdit(source.published or "" if source else "")
        self.published.setValidator(QRegularExpressionValidator(DATE_RE, self))
        self.published.setPlaceholderText("YYYY-MM-DD")
        self.form.addRow("&Title", self.title)
        self.form.addRow("&Publisher", self.publisher)
        self.form.addRow("&URL", self.url)
        self.form.addRow("&Date", self.published)
        self.text: QPlainTextEdit | None = None
        if source is None:
            self.text = QPlainTextEdit(text)
            self.text.setPlaceholderText("Paste the full text of the article here")
            self.form.addRow("Te&xt", self.text)
        self.finish_layout()
        self.resize(560, 480 if source is None else 220)

    def problem(self) -> str | None:
        if not self.title.text().strip():
            return "The title cannot be empty."
        if self.text is not None and not self.text.toPlainText():
            return "Paste or open the source's text."
        date = self.published.text()
        if date and date_bounds(date) is None:
            return f"'{date}' is no calendar date."
        return None

    def values(self) -> dict[str, object]:
        return {
            "title": self.title.text().strip(),
            "publisher": self.publisher.text().strip() or None,
            "url": self.url.text().strip() or None,
            "published": self.published.text() or None,
        }
