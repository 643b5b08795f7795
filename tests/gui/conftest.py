import pytest
from PySide6.QtCore import QSettings

from relmap.gui.mainwindow import MainWindow
from tests.conftest import BUNDLED


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings):
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_path(BUNDLED)
    win.view.fit()
    return win
