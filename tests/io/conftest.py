"""Shared set-up of the exchange-format tests: the bundled map, a layout, and the
GraphML and GEXF schemas from ../shared (read in place, never copied)."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import IO, Any

import pytest
import xmlschema

from relmap.io.relmap_json import read_json
from relmap.model.types import Dataset
from relmap.model.validate import DatasetError
from tests.conftest import BUNDLED, DATA, SHARED

INTEROP = SHARED / "interop"
FOREIGN = DATA / "foreign"
SCHEMAS = SHARED / "schemas"
GEXF_VIZ = 'xmlns:viz="http://gexf.net/1.3/viz"'

# GraphML as yEd extends it (what its ygraphml.xsd declares): any foreign element in
# <data>, and the yfiles.type attribute on <key>.
_YED_XSD = """<?xml version="1.0"?>
<xs:schema targetNamespace="http://graphml.graphdrawing.org/xmlns"
    xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xs="http://www.w3.org/2001/XMLSchema"
    elementFormDefault="qualified" attributeFormDefault="unqualified">
  <xs:redefine schemaLocation="{graphml}">
    <xs:complexType name="data-extension.type" mixed="true">
      <xs:complexContent>
        <xs:extension base="data-extension.type">
          <xs:sequence>
            <xs:any namespace="##other" processContents="lax" minOccurs="0"
                    maxOccurs="unbounded"/>
          </xs:sequence>
        </xs:extension>
      </xs:complexContent>
    </xs:complexType>
    <xs:attributeGroup name="key.extra.attrib">
      <xs:attributeGroup ref="key.extra.attrib"/>
      <xs:attribute name="yfiles.type" type="xs:NMTOKEN"/>
    </xs:attributeGroup>
  </xs:redefine>
</xs:schema>
"""


@cache
def graphml_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMAS / "graphml-1.1" / "graphml.xsd"))


@cache
def yed_graphml_schema(folder: Path) -> xmlschema.XMLSchema:
    path = folder / "ygraphml.xsd"
    graphml = (SCHEMAS / "graphml-1.1" / "graphml.xsd").resolve().as_uri()
    path.write_text(_YED_XSD.format(graphml=graphml), encoding="utf-8")
    return xmlschema.XMLSchema(str(path))


@cache
def gexf_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMAS / "gexf-1.3" / "gexf.xsd"))


def schema_errors(schema: xmlschema.XMLSchema, text: str) -> list[str]:
    return [f"{e.path}: {e.reason}" for e in schema.iter_errors(text)]


def gexf_xsd_errors(text: str) -> list[str]:
    """Errors against gexf.xsd, which (unlike the GEXF specification and its RELAX NG
    grammar) declares viz:color, viz:position and viz:size in the GEXF namespace: the
    viz prefix is read in that namespace for this check only."""
    return schema_errors(gexf_schema(), text.replace(GEXF_VIZ, 'xmlns:viz="http://gexf.net/1.3"'))


def gexf_rng_errors(path: Path) -> list[str]:
    """Errors against the normative RELAX NG grammar of GEXF 1.3, by xmllint."""
    xmllint = shutil.which("xmllint")
    if xmllint is None:
        pytest.skip("xmllint (Debian package libxml2-utils) is not installed")
    grammar = SCHEMAS / "gexf-1.3" / "gexf.rng"
    run = subprocess.run(
        [xmllint, "--noout", "--relaxng", str(grammar), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return [] if run.returncode == 0 else run.stderr.splitlines()


def written(write: Callable[..., None], ds: Dataset, *args: Any, **kwargs: Any) -> str:
    """What ``write(ds, file, *args, **kwargs)`` writes, as text."""
    out = io.StringIO()
    write(ds, out, *args, **kwargs)
    return out.getvalue()


def problems(read: Callable[[IO[str]], Any], text: str) -> list[str]:
    """The problems ``read`` reports for ``text``, as 'line N: message' strings."""
    with pytest.raises(DatasetError) as caught:
        read(io.StringIO(text))
    return [str(p) for p in caught.value.problems]


@pytest.fixture(scope="session")
def bundled() -> Dataset:
    return read_json(BUNDLED)


@pytest.fixture(scope="session")
def layout(bundled: Dataset) -> dict[str, tuple[float, float]]:
    """Positions as a layout would give them (scene units, y down)."""
    return {
        e.id: (100.0 * (i % 7), -37.5 * (i // 7) + 0.125) for i, e in enumerate(bundled.entities)
    }
