"""The search box: completion over entity names and aliases, ignoring case and accents."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from relmap.analysis.names import entity_names, find_entities, normalize
from relmap.model.types import Dataset


class SearchBox(QLineEdit):
    """Type a name or alias; Enter (or picking a completion) emits the entity's id."""

    entityChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Search entities (Ctrl+F)")
        self.setClearButtonEnabled(True)
        self.ds: Dataset | None = None
        self._choices: dict[str, str] = {}  # completion text -> entity id
        self._model = QStringListModel(self)
        self.completer_ = QCompleter(self._model, self)
        # Matching is done here (accent-insensitive), so the completer shows all it gets.
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.activated.connect(self._picked)
        self.setCompleter(self.completer_)
        self.textEdited.connect(self._update_choices)
        self.returnPressed.connect(self._enter)

    def set_dataset(self, ds: Dataset) -> None:
        self.ds = ds
        self.clear()

    def _update_choices(self, text: str) -> None:
        if self.ds is None:
            return
        key = normalize(text)
        self._choices = {}
        for e in find_entities(self.ds, text)[:50] if key else []:
            names = entity_names(e)
            hit = next((n for n in names if key in normalize(n)), e.name)
            shown = e.name if hit == e.name else f"{hit} ({e.name})"
            self._choices[shown] = e.id
        self._model.setStringList(list(self._choices))

    def _picked(self, text: str) -> None:
        eid = self._choices.get(text)
        if eid is not None:
            self.entityChosen.emit(eid)

    def _enter(self) -> None:
        if self.ds is None:
            return
        text = self.text()
        if text in self._choices:
            self.entityChosen.emit(self._choices[text])
            return
        matches = find_entities(self.ds, text)
        if matches:
            self.entityChosen.emit(matches[0].id)
