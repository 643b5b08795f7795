"""The open map: its dataset, its file, and its undo stack. Views read the dataset and
listen to ``changed``; every write goes through ``push`` as a command."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from relmap.io.atomic import FileStamp, atomic_write_text
from relmap.io.relmap_json import dumps
from relmap.model.commands import Change, Command
from relmap.model.types import Dataset


class UndoAdapter(QUndoCommand):
    """One QUndoCommand for every relmap Command: Qt keeps the history and the clean
    state, the relmap command does the work."""

    def __init__(self, doc: MapDocument, command: Command) -> None:
        super().__init__(command.text)
        self.doc = doc
        self.command = command
        self._first = True

    def redo(self) -> None:
        if self._first:  # MapDocument.push already did it, to catch errors before Qt does
            self._first = False
            return
        self.doc.changed.emit(self.command.do(self.doc.ds))

    def undo(self) -> None:
        self.doc.changed.emit(self.command.undo(self.doc.ds))


class MapDocument(QObject):
    changed = Signal(object)  # a relmap.model.commands.Change

    def __init__(self, ds: Dataset, path: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ds = ds
        self.path = path
        self.undo_stack = QUndoStack(self)
        self.stamp = FileStamp.of(path) if path else None

    @property
    def is_native(self) -> bool:
        """True when saving may write back to ``path`` (a relmap JSON file)."""
        return self.path is not None and self.path.suffix.lower() == ".json"

    def push(self, command: Command) -> Change:
        """Run ``command`` and record it for undo; ValueError if it cannot apply."""
        change = command.do(self.ds)
        self.undo_stack.push(UndoAdapter(self, command))
        self.changed.emit(change)
        return change

    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def save(self, path: Path) -> None:
        """Write relmap/1 atomically (keeping FILE.bak); raises SaveError."""
        atomic_write_text(path, dumps(self.ds))
        self.path = path
        self.stamp = FileStamp.of(path)
        self.undo_stack.setClean()

    def changed_on_disk(self) -> bool:
        return bool(self.path and self.stamp and self.stamp.changed_on_disk(self.path))
