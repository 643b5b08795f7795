import errno
import os
import signal
import stat
import subprocess
import sys
import textwrap

import pytest

from relmap.io import atomic
from relmap.io.atomic import FileStamp, SaveError, atomic_write_text
from relmap.io.relmap_json import dumps, read_json
from relmap.recovery import RecoveryStore
from tests.conftest import BUNDLED, ROOT


def test_write_replaces_and_keeps_a_backup(tmp_path):
    target = tmp_path / "map.json"
    atomic_write_text(target, "old")
    atomic_write_text(target, "new")
    assert target.read_text() == "new"
    assert (tmp_path / "map.json.bak").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.json", "map.json.bak"]


def test_interrupted_between_write_and_rename_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "map.json"
    target.write_text("precious")

    def crash(tmp, path):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(atomic, "_replace", crash)
    with pytest.raises(SaveError, match="Input/output error"):
        atomic_write_text(target, "half-done")
    assert target.read_text() == "precious"
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]


def test_disk_full_is_a_clear_error_and_the_old_file_stays(tmp_path, monkeypatch):
    target = tmp_path / "map.json"
    target.write_text("precious")

    def full(fd, mode):
        os.close(fd)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fdopen", full)
    with pytest.raises(SaveError, match="No space left on device"):
        atomic_write_text(target, "x" * 1000)
    assert target.read_text() == "precious"


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(SaveError, match="cannot write in"):
        atomic_write_text(tmp_path / "gone" / "map.json", "x")


def test_file_stamp_notices_changes_by_others(tmp_path):
    target = tmp_path / "map.json"
    target.write_text("one")
    stamp = FileStamp.of(target)
    assert not stamp.changed_on_disk(target)
    target.write_text("two, longer")
    assert stamp.changed_on_disk(target)
    target.unlink()
    assert stamp.changed_on_disk(target)


def test_recovery_round_trip(tmp_path):
    ds = read_json(BUNDLED)
    ds.entity("timur").name = "Timur (edited)"
    store = RecoveryStore(tmp_path / "rec")
    store.write(ds, BUNDLED)
    (pending,) = store.pending()
    assert pending.original == str(BUNDLED.resolve())
    assert RecoveryStore.load(pending) == ds
    store.discard(BUNDLED)
    assert store.pending() == []


def test_recovery_survives_a_killed_process(tmp_path):
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from relmap.io.relmap_json import read_json
        from relmap.model.commands import CommandStack, EditEntity
        from relmap.recovery import RecoveryStore
        ds = read_json(Path({str(BUNDLED)!r}))
        stack = CommandStack(ds)
        stack.push(EditEntity("timur", name="Timur, edited before the crash"))
        RecoveryStore(Path({str(tmp_path / "rec")!r})).write(ds, Path({str(BUNDLED)!r}))
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], check=False)
    assert proc.returncode == -signal.SIGKILL
    (pending,) = RecoveryStore(tmp_path / "rec").pending()
    assert RecoveryStore.load(pending).entity("timur").name == "Timur, edited before the crash"


def test_saved_map_round_trips(tmp_path):
    ds = read_json(BUNDLED)
    target = tmp_path / "copy.json"
    atomic_write_text(target, dumps(ds))
    assert read_json(target) == ds


def test_a_new_file_gets_the_usual_mode_and_an_old_one_keeps_its_own(tmp_path):
    mask = os.umask(0o022)
    try:
        new = tmp_path / "new.graphml"
        atomic_write_text(new, "x")
        assert stat.S_IMODE(new.stat().st_mode) == 0o644  # not mkstemp's private 0600
        new.chmod(0o600)
        atomic_write_text(new, "y")
        assert stat.S_IMODE(new.stat().st_mode) == 0o600
    finally:
        os.umask(mask)
