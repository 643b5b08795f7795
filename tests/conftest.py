"""Shared test set-up. Qt aborts the whole process without a display, so the offscreen
platform is chosen here, before any test module imports Qt."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"
BUNDLED = ROOT / "data" / "entities.json"


@pytest.fixture
def bundled_path() -> Path:
    return BUNDLED


@pytest.fixture
def small_path() -> Path:
    return DATA / "small.json"
