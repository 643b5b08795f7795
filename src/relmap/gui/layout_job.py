"""Laying out a large map in a worker process, with a progress dialog and Cancel, so the
window stays responsive: a 100,000-entity layout takes tens of seconds, and igraph holds
the interpreter lock for seconds at a time, which would freeze a worker thread's window.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Callable
from typing import Any

import networkx as nx
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

Positions = dict[str, tuple[float, float]]
POLL_MS = 100


def _work(nodes: list[str], edges: list[tuple[str, str]], messages: Any, stop: Any) -> None:
    """In the worker process: lay out, reporting progress and the result as messages."""
    from relmap.layout.large import LayoutCancelled, large_layout

    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    try:
        positions = large_layout(
            graph, progress=lambda f: messages.put(("progress", f)), cancelled=stop.is_set
        )
    except LayoutCancelled:
        messages.put(("cancelled", None))
        return
    except Exception as exc:
        messages.put(("error", f"{type(exc).__name__}: {exc}"))
        return
    messages.put(("done", positions))


class LayoutJob(QObject):
    """Lays out ``graph`` in another process; ``done`` gets the positions unless the
    person cancels. Errors go to ``failed`` as a sentence, never as a traceback."""

    def __init__(
        self,
        parent: QWidget,
        graph: nx.Graph,
        done: Callable[[Positions], None],
        failed: Callable[[str], None] | None = None,
        title: str = "Laying out the map…",
    ) -> None:
        super().__init__(parent)
        self.done, self.failed = done, failed
        context = multiprocessing.get_context("spawn")  # no fork of a running Qt app
        self.messages = context.Queue()
        self.stop = context.Event()
        nodes = [str(n) for n in graph.nodes]
        edges = [(str(u), str(v)) for u, v in graph.edges()]
        self.process = context.Process(
            target=_work, args=(nodes, edges, self.messages, self.stop), daemon=True
        )
        self.dialog = QProgressDialog(title, "Cancel", 0, 1000, parent)
        self.dialog.setWindowModality(Qt.WindowModality.NonModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.canceled.connect(self.cancel)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._poll)
        self.finished = False

    def start(self) -> None:
        self.process.start()
        self.timer.start()

    def cancel(self) -> None:
        """Stop at once: igraph's last step can take half a minute on a big map, so the
        worker is ended rather than waited for."""
        self.stop.set()
        if self.process.is_alive():
            self.process.terminate()
        if not self.finished:
            self._finish("cancelled", None)

    def _poll(self, block: bool = False) -> None:
        while not self.finished:
            try:
                kind, value = self.messages.get(block=block, timeout=None if block else 0)
            except queue.Empty:
                if not self.process.is_alive() and self.messages.empty():
                    self._finish("error", "the layout process ended unexpectedly")
                return
            if kind == "progress":
                self.dialog.setValue(int(float(value) * 1000))
            else:
                self._finish(kind, value)

    def _finish(self, kind: str, value: Any) -> None:
        self.finished = True
        self.timer.stop()
        self.dialog.reset()
        self.dialog.close()
        self.process.join(timeout=5)
        if kind == "done":
            self.done(value)
        elif kind == "error" and self.failed is not None:
            self.failed(str(value))

    def wait(self) -> None:
        """Block until the layout ends and deliver it (tests and benchmarks)."""
        self._poll(block=True)
