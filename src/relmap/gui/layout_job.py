"""Laying out a large map in a worker thread, with a progress dialog and Cancel, so the
window stays responsive (a 100,000-entity layout takes tens of seconds)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import networkx as nx
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

Positions = dict[str, tuple[float, float]]
POLL_MS = 100


class LayoutJob(QObject):
    """Runs ``large_layout`` on ``graph`` in a thread; ``done`` gets the positions, or
    nothing happens when the person cancels."""

    def __init__(
        self,
        parent: QWidget,
        graph: nx.Graph,
        done: Callable[[Positions], None],
        title: str = "Laying out the map…",
    ) -> None:
        super().__init__(parent)
        self.graph = graph
        self.done = done
        self.fraction = 0.0
        self.result: Positions | None = None
        self.error: BaseException | None = None
        self._cancel = threading.Event()
        self.dialog = QProgressDialog(title, "Cancel", 0, 1000, parent)
        self.dialog.setWindowModality(Qt.WindowModality.NonModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.canceled.connect(self.cancel)
        self.worker = threading.Thread(target=self._run, name="relmap-layout", daemon=True)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._poll)

    def start(self) -> None:
        self.worker.start()
        self.timer.start()

    def cancel(self) -> None:
        self._cancel.set()

    def _run(self) -> None:
        from relmap.layout.large import LayoutCancelled, large_layout

        try:
            self.result = large_layout(
                self.graph,
                progress=self._progress,
                cancelled=self._cancel.is_set,
            )
        except LayoutCancelled:
            self.result = None
        except Exception as exc:  # reported in the window, never a traceback
            self.error = exc

    def _progress(self, fraction: float) -> None:
        self.fraction = fraction

    def _poll(self) -> None:
        self.dialog.setValue(int(self.fraction * 1000))
        if self.worker.is_alive():
            return
        self.timer.stop()
        self.dialog.reset()
        self.dialog.close()
        if self.result is not None and not self._cancel.is_set():
            self.done(self.result)
        self.deleteLater()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the layout ends (tests and benchmarks); then deliver it."""
        self.worker.join(timeout)
        self._poll()
