"""The window timings behind benchmarks/run.py, on the bundled map."""

from relmap.gui.bench import measure_view
from tests.conftest import BUNDLED


def test_measure_view_opens_the_file_and_reports_every_figure(qtbot):
    figures = measure_view(BUNDLED, repeat=1)
    assert set(figures) == {
        "first_frame_s",
        "redraw_pan_ms",
        "redraw_zoom_ms",
        "full_redraw_ms",
        "hit_test_ms",
        "peak_rss_mb",
    }
    assert all(value > 0 for value in figures.values())
