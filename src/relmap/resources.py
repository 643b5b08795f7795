"""Where relmap's bundled files live, in a source checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def resource_path(name: str) -> Path:
    """Path of a file under resources/ (installed as relmap/resources in a wheel)."""
    for base in (_PACKAGE_DIR / "resources", _PACKAGE_DIR.parents[1] / "resources"):
        candidate = base / name
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"relmap resource not found: {name}")


def bundled_map_path() -> Path:
    """The bundled Tokayev map: data/entities.json in a checkout, a copy in a wheel."""
    for candidate in (
        _PACKAGE_DIR / "resources" / "entities.json",
        _PACKAGE_DIR.parents[1] / "data" / "entities.json",
    ):
        if candidate.exists():
            return candidate
    raise FileNotFoundError("the bundled map data/entities.json is missing")
