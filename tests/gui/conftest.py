import pytest
from PySide6.QtCore import QSettings

from relmap.gui.mainwindow import MainWindow
from relmap.recovery import RecoveryStore
from tests.conftest import BUNDLED


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def store(tmp_path):
    return RecoveryStore(tmp_path / "recovery")


@pytest.fixture
def window(qtbot, settings, store):
    win = MainWindow(settings, store)
    # Closing with unsaved edits asks a modal question; tests that want it ask for it.
    qtbot.addWidget(win, before_close_func=mark_clean)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_path(BUNDLED)
    win.view.fit()
    return win


def mark_clean(win):
    if win.doc is not None:
        win.doc.undo_stack.setClean()
