"""Reading a map for the window: every file format, errors as a DatasetError."""

from __future__ import annotations

from pathlib import Path

from relmap.model.types import Dataset


def load_map(path: Path) -> Dataset:
    """The map at ``path`` in any format relmap reads; raises DatasetError."""
    try:
        from relmap.io.formats import read_any
    except ImportError:
        from relmap.io.relmap_json import read_json as read_any
    return read_any(path)
