"""A large map without positions opens at once and is laid out in another process."""

import json

from relmap.layout.force import LARGE


def open_big_map(window, tmp_path, step: int) -> None:
    n = LARGE + 500
    doc = {
        "format": "relmap/1",
        "sources": [],
        "entities": [{"id": f"e{i}", "name": f"E {i}", "type": "person"} for i in range(n)],
        "relations": [
            {"id": f"r{i}", "source": f"e{i}", "target": f"e{(i * step + 1) % n}", "type": "knows"}
            for i in range(n)
        ],
    }
    path = tmp_path / "big.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert window.open_path(path)


def test_large_map_is_laid_out_in_the_background(window, tmp_path):
    open_big_map(window, tmp_path, step=7)
    job = window.layout_job
    assert job is not None and not job.finished
    circle = window.view.positions()
    job.wait()
    assert job.finished
    laid_out = window.view.positions()
    assert set(laid_out) == set(circle) and laid_out != circle
    assert window.ds.entity("e5").x == laid_out["e5"][0]
    assert not window.doc.is_modified()  # a layout on opening is not an edit


def test_cancelled_layout_keeps_the_quick_circle(window, tmp_path):
    open_big_map(window, tmp_path, step=1)
    before = window.view.positions()
    window.layout_job.cancel()
    window.layout_job.wait()
    assert window.view.positions() == before
    assert not window.layout_job.process.is_alive()
