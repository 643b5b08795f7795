"""Reading and writing any supported file, chosen by its extension.

``.json`` is relmap's own format (lossless); ``.graphml`` and ``.gexf`` are lossless
for maps relmap wrote and import other tools' files; ``.csv`` is a lossy edge list.
``positions`` (entity id -> scene x, y) reach GraphML and GEXF only: JSON keeps the
positions saved in the map itself and CSV keeps none.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from relmap.io.csv_edges import read_csv_edges, write_csv_edges
from relmap.io.gexf import read_gexf, write_gexf
from relmap.io.graphml import read_graphml, write_graphml
from relmap.io.records import Positions
from relmap.io.relmap_json import PathOrFile, read_json, write_json
from relmap.model.types import Dataset
from relmap.model.validate import DatasetError, Problem

# (extension, what a file dialog calls it), the native format first.
FORMATS: tuple[tuple[str, str], ...] = (
    (".json", "relmap map"),
    (".graphml", "GraphML (Gephi, yEd, Cytoscape, networkx, igraph)"),
    (".gexf", "GEXF (Gephi)"),
    (".csv", "CSV edge list"),
)

_READERS: dict[str, Callable[[PathOrFile], Dataset]] = {
    ".json": read_json,
    ".graphml": read_graphml,
    ".gexf": read_gexf,
    ".csv": read_csv_edges,
}


def name_filters() -> list[str]:
    """File dialog filters, e.g. 'GEXF (Gephi) (*.gexf)'; join with ';;' for Qt."""
    return [f"{name} (*{ext})" for ext, name in FORMATS]


def read_any(path_or_file: PathOrFile) -> Dataset:
    """Load a map from any supported file, by the extension of its path (or of an open
    file's name); DatasetError for an unknown extension."""
    name = (
        path_or_file if isinstance(path_or_file, str | Path) else getattr(path_or_file, "name", "")
    )
    return _READERS[_extension(Path(str(name)))](path_or_file)


def write_any(
    ds: Dataset, path: str | Path, positions: Positions | None = None, *, yed: bool = False
) -> None:
    """Write ``ds`` in the format of the extension; ``yed`` adds yEd's drawing to GraphML."""
    path = Path(path)
    extension = _extension(path)
    if extension == ".graphml":
        write_graphml(ds, path, positions, yed=yed)
    elif extension == ".gexf":
        write_gexf(ds, path, positions)
    elif extension == ".csv":
        write_csv_edges(ds, path)
    else:
        write_json(ds, path)


def _extension(path: Path) -> str:
    extension = path.suffix.lower()
    if extension not in _READERS:
        known = ", ".join(ext for ext, _ in FORMATS)
        shown = f"'{extension}'" if extension else "no extension"
        message = f"unknown file type ({shown}): relmap reads and writes {known}"
        raise DatasetError([Problem("", message)], str(path))
    return extension
