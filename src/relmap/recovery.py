"""Recovery files: unsaved work written aside every 30 s, offered back after a crash.

One file per open map, named after a hash of the map's path, in the user's data folder
(``$XDG_DATA_HOME/relmap/recovery``, or a folder given by the caller). A recovery file is
an ordinary relmap/1 document plus the path it belongs to, so it can always be read.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from relmap.io.atomic import atomic_write_text
from relmap.io.relmap_json import loads, to_document
from relmap.model.types import Dataset
from relmap.model.validate import DatasetError

KEY = "x-relmap-recovery-of"


def default_folder() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "relmap" / "recovery"


@dataclass
class Recovery:
    file: Path  # the recovery file itself
    original: str  # the map it belongs to ("" for an untitled map)
    saved_at: float


class RecoveryStore:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or default_folder()

    def path_for(self, original: Path | None) -> Path:
        key = str(original.resolve()) if original else "untitled"
        name = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
        return self.folder / f"{name}.relmap-recovery.json"

    def write(self, ds: Dataset, original: Path | None) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        doc = to_document(ds)
        doc[KEY] = str(original.resolve()) if original else ""
        target = self.path_for(original)
        atomic_write_text(target, json.dumps(doc, ensure_ascii=False), keep_backup=False)
        return target

    def discard(self, original: Path | None) -> None:
        self.path_for(original).unlink(missing_ok=True)

    def pending(self) -> list[Recovery]:
        """Recovery files left by a session that did not end cleanly, newest first."""
        if not self.folder.is_dir():
            return []
        found = []
        for file in self.folder.glob("*.relmap-recovery.json"):
            try:
                original = json.loads(file.read_text(encoding="utf-8")).get(KEY, "")
            except (OSError, ValueError, AttributeError):
                continue
            found.append(Recovery(file, str(original), file.stat().st_mtime))
        return sorted(found, key=lambda r: r.saved_at, reverse=True)

    @staticmethod
    def load(recovery: Recovery) -> Dataset:
        """The recovered map (without the recovery marker); raises DatasetError."""
        try:
            doc = json.loads(recovery.file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            from relmap.model.validate import Problem

            raise DatasetError(
                [Problem("", f"cannot read recovery file: {exc}")], str(recovery.file)
            ) from None
        doc.pop(KEY, None)
        return loads(json.dumps(doc), filename=str(recovery.file))
