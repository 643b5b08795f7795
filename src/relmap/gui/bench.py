"""Timings of the map view for benchmarks/run.py: first frame, redraws after a pan or a
zoom step, hit tests and memory, on an offscreen window of 1920x1080."""

from __future__ import annotations

import os
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from relmap.gui.mapview import MapView


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _peak_rss_mb() -> float:
    """This process's own peak (VmHWM): getrusage's maxrss in a child process can
    report the parent's peak instead."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_view(path: Path, repeat: int = 7) -> dict[str, float]:
    """Keys: first_frame_s (File > Open of ``path``, positions saved in it, to the first
    full frame of the map: reading, the panels and the drawing), redraw_pan_ms /
    redraw_zoom_ms (a paint after one pan or zoom step: the cached frame moved or
    scaled), full_redraw_ms (the frame redrawn once the view settles), hit_test_ms (what
    is under the mouse) and peak_rss_mb."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from relmap.gui.mainwindow import MainWindow
    from relmap.recovery import RecoveryStore

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:  # no trace in the person's own settings
        settings = QSettings(str(Path(tmp) / "bench.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings, RecoveryStore(Path(tmp) / "recovery"))
        window.resize(1920, 1080)
        window.show()
        app.processEvents()
        start = time.perf_counter()
        if not window.open_path(path, ask=False):
            raise RuntimeError(f"{path} did not open")
        window.view.grab()
        first = time.perf_counter() - start
        app.processEvents()
        figures = _interact(window.view, repeat)
        window.close()
    return {"first_frame_s": first, **figures, "peak_rss_mb": _peak_rss_mb()}


def _interact(view: MapView, repeat: int) -> dict[str, float]:
    from PySide6.QtCore import QPointF

    pan, zoom, full, hits = [], [], [], []
    rng = random.Random(1)
    for i in range(repeat):
        view.offset += QPointF(40, 25)
        t = time.perf_counter()
        view.repaint()
        pan.append(time.perf_counter() - t)
        view.zoom_by(1.1 if i % 2 == 0 else 1 / 1.1)
        t = time.perf_counter()
        view.repaint()
        zoom.append(time.perf_counter() - t)
        t = time.perf_counter()
        view._render_image(view._frame())  # what the background thread does once still
        full.append(time.perf_counter() - t)
    for _ in range(50):
        p = QPointF(rng.uniform(0, 1920), rng.uniform(0, 1080))
        t = time.perf_counter()
        view.hit(p)
        hits.append(time.perf_counter() - t)
    return {
        "redraw_pan_ms": _median_ms(pan),
        "redraw_zoom_ms": _median_ms(zoom),
        "full_redraw_ms": _median_ms(full),
        "hit_test_ms": _median_ms(hits),
    }
