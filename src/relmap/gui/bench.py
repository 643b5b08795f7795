"""Timings of the map view for benchmarks/run.py: first frame, redraws after a pan or a
zoom step, hit tests and memory, on an offscreen window of 1920x1080."""

from __future__ import annotations

import os
import random
import resource
import statistics
import time

from relmap.model.types import Dataset

Positions = dict[str, tuple[float, float]]


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


def measure_view(ds: Dataset, positions: Positions, repeat: int = 7) -> dict[str, float]:
    """Keys: first_frame_s (window shown to the first full frame, positions given),
    redraw_pan_ms / redraw_zoom_ms (a paint after one pan or zoom step: the cached frame
    moved or scaled), full_redraw_ms (the frame redrawn once the view settles),
    hit_test_ms (what is under the mouse) and peak_rss_mb."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QPointF
    from PySide6.QtWidgets import QApplication

    from relmap.gui.mapview import MapView

    app = QApplication.instance() or QApplication([])
    view = MapView()
    view.resize(1920, 1080)
    start = time.perf_counter()
    view.show()
    view.set_map(ds, positions)
    view.grab()
    app.processEvents()
    first = time.perf_counter() - start
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
    rss_mb = _peak_rss_mb()
    view.close()
    return {
        "first_frame_s": first,
        "redraw_pan_ms": _median_ms(pan),
        "redraw_zoom_ms": _median_ms(zoom),
        "full_redraw_ms": _median_ms(full),
        "hit_test_ms": _median_ms(hits),
        "peak_rss_mb": rss_mb,
    }
