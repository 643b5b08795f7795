"""The bundled map and its force layout, computed once for all render tests."""

from __future__ import annotations

import pytest

from relmap.io.relmap_json import read_json
from relmap.layout.force import Positions, dataset_positions
from relmap.model.graph import build_graph
from relmap.model.types import Dataset
from tests.conftest import BUNDLED


@pytest.fixture(scope="session")
def bundled() -> tuple[Dataset, Positions]:
    ds = read_json(BUNDLED)
    return ds, dataset_positions(ds, build_graph(ds))
