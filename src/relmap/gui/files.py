"""Saving, closing and recovering without losing work: Save/Save As with atomic writes,
the save/discard/cancel question, the 30-second recovery file, and changes made to the
open file by another program."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox

from relmap.io.atomic import SaveError
from relmap.model.validate import DatasetError
from relmap.recovery import RecoveryStore

if TYPE_CHECKING:
    from relmap.gui.mainwindow import MainWindow

AUTOSAVE_MS = 30_000
SAVE_FILTER = "relmap map (*.json)"
Button = QMessageBox.StandardButton


class FileController(QObject):
    def __init__(self, win: MainWindow, store: RecoveryStore | None = None) -> None:
        super().__init__(win)
        self.win = win
        self.store = store or RecoveryStore()
        self.timer = QTimer(self)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.write_recovery)
        self.timer.start()
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._file_changed)
        self._asking = False
        win.dataset_replaced.connect(self._watch)

    # ----- saving -------------------------------------------------------------------------
    def save(self) -> bool:
        doc = self.win.doc
        if doc is None:
            return False
        if not doc.is_native or doc.path is None:
            return self.save_as()
        if doc.changed_on_disk() and not self._confirm_overwrite(doc.path):
            return False
        return self._write(doc.path)

    def save_as(self) -> bool:
        doc = self.win.doc
        if doc is None:
            return False
        start = str(doc.path.with_suffix(".json")) if doc.path else "untitled.json"
        name, _ = QFileDialog.getSaveFileName(self.win, "Save map as", start, SAVE_FILTER)
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() != ".json":
            path = (
                path.with_suffix(path.suffix + ".json")
                if path.suffix
                else path.with_suffix(".json")
            )
        return self._write(path)

    def _write(self, path: Path) -> bool:
        doc = self.win.doc
        assert doc is not None
        old_path = doc.path
        self.watcher.blockSignals(True)
        try:
            doc.save(path)
        except SaveError as exc:
            QMessageBox.critical(
                self.win,
                "Save failed",
                f"{exc}\n\nThe file on disk is unchanged and your edits are still open.",
            )
            return False
        finally:
            self.watcher.blockSignals(False)
        self.store.discard(old_path)
        self.store.discard(path)
        self.win.path = path
        self.win.add_recent(path)
        self._watch()
        self.win.update_title()
        self.win.statusBar().showMessage(f"Saved {path}", 4000)
        return True

    def _confirm_overwrite(self, path: Path) -> bool:
        answer = QMessageBox.warning(
            self.win,
            "File changed on disk",
            f"{path.name} was changed by another program since it was opened.\n\n"
            "Overwrite it with your version?",
            Button.Save | Button.Cancel,
            Button.Cancel,
        )
        return answer == Button.Save

    # ----- closing ------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """Ask what to do with unsaved edits; False means the person cancelled."""
        doc = self.win.doc
        if doc is None or not doc.is_modified():
            return True
        name = doc.path.name if doc.path else "untitled"
        answer = QMessageBox.question(
            self.win,
            "Unsaved changes",
            f"Save the changes to {name} before closing it?",
            Button.Save | Button.Discard | Button.Cancel,
            Button.Save,
        )
        if answer == Button.Save:
            return self.save()
        if answer == Button.Discard:
            self.store.discard(doc.path)
            return True
        return False

    def closed_cleanly(self) -> None:
        doc = self.win.doc
        if doc is not None and not doc.is_modified():
            self.store.discard(doc.path)

    # ----- recovery -------------------------------------------------------------------------
    def write_recovery(self) -> None:
        doc = self.win.doc
        if doc is None or not doc.is_modified():
            return
        try:
            self.store.write(doc.ds, doc.path)
        except SaveError as exc:
            self.win.statusBar().showMessage(f"Could not write the recovery file: {exc}", 8000)

    def offer_recovery(self) -> bool:
        """After a crash, offer the newest recovery file; True when one was restored."""
        for recovery in self.store.pending():
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(recovery.saved_at))
            name = recovery.original or "an untitled map"
            answer = QMessageBox.question(
                self.win,
                "Restore unsaved work?",
                f"relmap found unsaved changes to {name} from {when}, left by a session "
                "that did not end normally.\n\nRestore them?",
                Button.Yes | Button.Discard | Button.Ignore,
                Button.Yes,
            )
            if answer == Button.Discard:
                recovery.file.unlink(missing_ok=True)
                continue
            if answer != Button.Yes:
                continue
            try:
                ds = self.store.load(recovery)
            except DatasetError as exc:
                QMessageBox.warning(self.win, "Cannot restore", exc.report())
                continue
            path = Path(recovery.original) if recovery.original else None
            self.win.set_dataset(ds, path, modified=True)
            return True
        return False

    # ----- changes by other programs --------------------------------------------------------
    def _watch(self) -> None:
        files = self.watcher.files()
        if files:
            self.watcher.removePaths(files)
        doc = self.win.doc
        if doc is not None and doc.path is not None and doc.path.exists():
            self.watcher.addPath(str(doc.path))

    def _file_changed(self, _path: str) -> None:
        doc = self.win.doc
        if doc is None or doc.path is None or self._asking or not doc.changed_on_disk():
            return
        self._asking = True
        try:
            detail = (
                "Your unsaved edits would be lost if you reload."
                if doc.is_modified()
                else "You have no unsaved edits."
            )
            answer = QMessageBox.question(
                self.win,
                "File changed on disk",
                f"{doc.path.name} was changed by another program. Reload it?\n\n{detail}",
                Button.Yes | Button.No,
                Button.No if doc.is_modified() else Button.Yes,
            )
            if answer == Button.Yes:
                self.win.open_path(doc.path, ask=False)
        finally:
            self._asking = False
            self._watch()
