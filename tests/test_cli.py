import subprocess
import sys

from relmap.cli import main
from tests.conftest import BUNDLED, DATA


def test_validate_bundled_exits_zero(capsys):
    assert main(["validate", str(BUNDLED)]) == 0
    assert "valid relmap/1" in capsys.readouterr().out


def test_validate_broken_exits_one_with_message(capsys):
    assert main(["validate", str(DATA / "broken" / "dangling_target.json")]) == 1
    err = capsys.readouterr().err
    assert "relations[0].target: no entity has the id 'carol'" in err


def test_validate_missing_file_exits_two(capsys, tmp_path):
    assert main(["validate", str(tmp_path / "missing.json")]) == 2
    assert "cannot read the file" in capsys.readouterr().err


def test_info_lists_counts_dates_and_sources(capsys):
    assert main(["info", str(BUNDLED)]) == 0
    out = capsys.readouterr().out
    assert "entities: 34" in out
    assert "person" in out and "holds_office" in out
    assert "dates: 1980 to 2019" in out
    assert "article: Kassym-Jomart Tokayev" in out


def test_console_entry_point_runs_without_a_display():
    proc = subprocess.run(
        [sys.executable, "-m", "relmap.cli", "validate", str(BUNDLED)],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
