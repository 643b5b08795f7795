"""Safe XML: DTD tricks refused at once, malformed files reported at their line, and
text that XML cannot carry written safely."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from relmap.io.gexf import read_gexf
from relmap.io.graphml import read_graphml, write_graphml
from relmap.model.types import Dataset, Entity, Relation
from relmap.model.validate import DatasetError, UnreadableFileError
from tests.io.conftest import problems

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE graphml [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="k" for="node" attr.name="label" attr.type="string"/>
  <graph edgedefault="directed"><node id="a"><data key="k">&lol9;</data></node></graph>
</graphml>
"""

DTD_REFUSED = (
    "is refused: relmap reads XML without DTDs, which can hide entity-expansion bombs and "
    "references to other files"
)
SECRET = "TOP-SECRET-7f3a9c"


def refusal(reader, text: str) -> list[str]:
    """The problems ``reader`` finds in ``text``, found in well under a second."""
    start = time.perf_counter()
    found = problems(reader, text)
    assert time.perf_counter() - start < 1.0
    return found


@pytest.mark.parametrize("reader", [read_graphml, read_gexf])
def test_billion_laughs_is_refused_at_once(reader):
    assert refusal(reader, BILLION_LAUGHS) == [f"line 2: <!DOCTYPE graphml> {DTD_REFUSED}"]


def xxe_files(tmp_path: Path) -> list[str]:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    uri = secret.resolve().as_uri()
    body = (
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
        '<key id="k" for="node" attr.name="label" attr.type="string"/>'
        '<graph edgedefault="directed"><node id="a"><data key="k">&xxe;</data></node>'
        "</graph></graphml>"
    )
    return [
        f'<?xml version="1.0"?>\n<!DOCTYPE graphml [<!ENTITY xxe SYSTEM "{uri}">]>\n{body}',
        f'<?xml version="1.0"?>\n<!DOCTYPE graphml SYSTEM "{uri}">\n{body}',
        f'<!DOCTYPE graphml [<!ENTITY % p SYSTEM "{uri}"> %p;]>\n{body}',
    ]


@pytest.mark.parametrize("reader", [read_graphml, read_gexf])
def test_external_entities_are_refused_without_reading_the_file(reader, tmp_path):
    for text in xxe_files(tmp_path):
        found = refusal(reader, text)
        assert len(found) == 1
        assert found[0].endswith(DTD_REFUSED)
        assert SECRET not in found[0]


def test_a_harmless_doctype_is_refused_too():
    text = '<!DOCTYPE graphml>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns"/>'
    assert refusal(read_graphml, text) == [f"line 1: <!DOCTYPE graphml> {DTD_REFUSED}"]


def test_malformed_xml_is_reported_at_its_line_and_column():
    text = '<graphml>\n  <graph edgedefault="directed">\n    <node id="a">\n  </graph>\n</graphml>'
    assert refusal(read_graphml, text) == ["line 4: not well-formed XML: mismatched tag (column 5)"]
    assert refusal(read_gexf, "") == ["line 1: not well-formed XML: no element found (column 1)"]


def test_unreadable_and_undecodable_files(tmp_path):
    with pytest.raises(UnreadableFileError):
        read_graphml(tmp_path / "missing.graphml")
    latin1 = tmp_path / "latin1.graphml"
    latin1.write_bytes(
        '<?xml version="1.0" encoding="ISO-8859-1"?><graphml>é</graphml>'.encode("latin-1")
    )
    with pytest.raises(DatasetError, match="not UTF-8 text"):
        read_graphml(latin1)


def one_entity(name: str) -> Dataset:
    return Dataset(
        entities=[Entity("a", name, "person"), Entity("b", "B", "person")],
        relations=[Relation("r", "a", "b", "knows", label=name)],
    )


def test_characters_xml_cannot_carry_become_replacement_characters():
    ds = one_entity("bell\x07 nul\x00 \ufffe end")
    out = io.StringIO()
    write_graphml(ds, out)
    loaded = read_graphml(io.StringIO(out.getvalue()))
    assert loaded.entity("a").name == "bell\ufffd nul\ufffd \ufffd end"
    assert loaded.relation("r").label == "bell\ufffd nul\ufffd \ufffd end"


def test_carriage_returns_tabs_and_newlines_survive():
    ds = one_entity(" two\r\nlines\rand\ttab  ")
    out = io.BytesIO()
    write_graphml(ds, out)
    assert b"&#13;" in out.getvalue()
    assert read_graphml(io.BytesIO(out.getvalue())) == ds
