"""Saving without loss: write a temporary file beside the target, flush and fsync it,
keep the previous version as FILE.bak, then rename over the target. A crash or a full
disk at any point leaves either the old file or the new one, never half of either.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path


class SaveError(Exception):
    """A save failed; the message says why in words a person can act on."""


def atomic_write_text(path: Path, text: str, keep_backup: bool = True) -> None:
    """Replace ``path`` with ``text`` (UTF-8) atomically; raises SaveError."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    data = text.encode("utf-8")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise SaveError(f"cannot write in {folder}: {exc.strerror or exc}") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():
            with contextlib.suppress(OSError):
                shutil.copymode(path, tmp)
            if keep_backup:
                _backup(path)
        else:  # mkstemp makes the file private (0600); a new file gets the usual mode
            os.chmod(tmp, 0o666 & ~_umask())
        _replace(tmp, path)
        _fsync_dir(folder)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise SaveError(f"cannot save {path.name}: {exc.strerror or exc}") from None


def _umask() -> int:
    """The process's umask (reading it means setting it for a moment)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _backup(path: Path) -> None:
    backup = path.with_name(path.name + ".bak")
    # A hard link keeps the old version at no cost; copying is the fallback.
    with contextlib.suppress(FileNotFoundError):
        backup.unlink()
    try:
        os.link(path, backup)
    except OSError:
        shutil.copy2(path, backup)


def _replace(tmp: Path, path: Path) -> None:
    os.replace(tmp, path)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@dataclass(frozen=True)
class FileStamp:
    """What a file looked like when we read or wrote it, to notice changes by others."""

    mtime_ns: int
    size: int
    digest: str

    @classmethod
    def of(cls, path: Path) -> FileStamp | None:
        try:
            stat = path.stat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return None
        return cls(stat.st_mtime_ns, stat.st_size, digest)

    def changed_on_disk(self, path: Path) -> bool:
        """True when the file now differs in content from this stamp (or is gone)."""
        try:
            stat = path.stat()
        except OSError:
            return True
        if stat.st_mtime_ns == self.mtime_ns and stat.st_size == self.size:
            return False
        now = FileStamp.of(path)
        return now is None or now.digest != self.digest
