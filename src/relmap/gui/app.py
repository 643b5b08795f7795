"""Starting the desktop application."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from relmap import __version__


def _check_display() -> str | None:
    """Without a display Qt aborts the process; say so instead."""
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    ):
        return (
            "relmap: no display found (DISPLAY is not set). Run it on a desktop, under "
            "xvfb-run, or with QT_QPA_PLATFORM=offscreen; headless commands such as "
            "'relmap info' need no display."
        )
    return None


def run(path: Path) -> int:
    """Open the main window on ``path`` and run until it closes."""
    problem = _check_display()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from PySide6.QtWidgets import QApplication

    from relmap.gui.icons import app_icon
    from relmap.gui.mainwindow import MainWindow

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("relmap")
    app.setOrganizationName("relmap")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("relmap")
    app.setWindowIcon(app_icon())
    window = MainWindow()
    window.show()
    window.open_path(path)
    return app.exec()
