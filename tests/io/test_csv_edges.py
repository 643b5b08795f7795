"""CSV edge lists: entities from names, quotes kept as descriptions, bad rows reported
at their lines."""

from __future__ import annotations

import io
from functools import partial

from relmap.io.csv_edges import read_csv_edges, write_csv_edges
from relmap.model.types import Dataset
from tests.io.conftest import problems as read_problems

DATES = "YYYY, YYYY-MM or YYYY-MM-DD"


def read(text: str) -> Dataset:
    return read_csv_edges(io.StringIO(text))


problems = partial(read_problems, read_csv_edges)


EDGES = '''source,target,type,label,start,end,quote
Kassym-Jomart Tokayev,Kazakhstan,holds_office,President,2019,,Tokayev succeeded him as president
Nursultan Nazarbayev,Kazakhstan,holds_office,President,1991,2019,
Тоқаев,Kazakhstan,same_as,,,,
"Tokayev, K.",Қазақстан,"holds_office","Prime
Minister",1999,2002,"In 1999 Tokayev became ""Prime Minister"""
'''


def test_entities_are_made_from_names():
    ds = read(EDGES)
    assert [(e.id, e.name, e.type) for e in ds.entities] == [
        ("kassym_jomart_tokayev", "Kassym-Jomart Tokayev", "entity"),
        ("kazakhstan", "Kazakhstan", "entity"),
        ("nursultan_nazarbayev", "Nursultan Nazarbayev", "entity"),
        ("тоқаев", "Тоқаев", "entity"),
        ("tokayev_k", "Tokayev, K.", "entity"),
        ("қазақстан", "Қазақстан", "entity"),
    ]
    assert [r.id for r in ds.relations] == ["r1", "r2", "r3", "r4"]


def test_relations_keep_labels_dates_and_quotes_as_descriptions():
    first, second, third, fourth = read(EDGES).relations
    assert (first.type, first.label, first.start, first.end) == (
        "holds_office",
        "President",
        "2019",
        None,
    )
    assert first.description == "Tokayev succeeded him as president"
    assert first.evidence == [] and not first.supported
    assert (second.start, second.end, second.description) == ("1991", "2019", None)
    assert third.label is None
    assert fourth.label == "Prime\nMinister"
    assert fourth.description == 'In 1999 Tokayev became "Prime Minister"'


def test_ids_are_unique():
    ds = read("source,target,type\nTokayev,tokayev,same_as\nTOKAYEV,!!!,same_as\n")
    assert [e.id for e in ds.entities] == ["tokayev", "tokayev_2", "tokayev_3", "item"]


def test_header_in_any_order_and_case_with_extra_columns():
    data = "\ufeffType,Target,SOURCE,weight\nknows,B,A,3\nknows,A,B,\n".encode()
    ds = read_csv_edges(io.BytesIO(data))  # with the byte order mark Excel writes
    assert [(r.source, r.target) for r in ds.relations] == [("a", "b"), ("b", "a")]
    assert ds.relations[0].extra == {"attributes": {"weight": "3"}}
    assert ds.relations[1].extra == {}


def test_blank_lines_are_skipped_and_lines_still_counted():
    text = "source,target,type\n\nA,B,knows\n\nA,,knows\n"
    assert problems(text) == ["line 5: empty target"]


def test_bad_header():
    assert problems("") == [
        "line 1: the file is empty: expected a header naming source, target and type"
    ]
    assert problems("from,to,type\nA,B,knows\n") == [
        "line 1: the header lacks source, target (found: from, to, type)"
    ]
    assert problems("source,target,type,Type\n") == ["line 1: the header names type more than once"]


def test_bad_rows_are_reported_at_their_lines():
    text = (
        "source,target,type,start,end,quote\n"
        "A,B,knows,2001,2000,\n"
        'A,B,knows,"2019-02-30",,"a quote\nover two lines"\n'
        "A,B,,,,\n"
        "A,B,knows,2001\n"
        ",,,,,\n"
        "A,B,knows,1999-13,,\n"
    )
    assert problems(text) == [
        "line 5: empty type",
        "line 6: expected 6 fields as in the header, found 4",
    ]
    # Once the rows are readable, what they say is checked.
    text = text.replace("A,B,,,,", "A,B,knows,,,").replace("A,B,knows,2001\n", "")
    assert problems(text) == [
        "line 2: relations[0].end: ends (2000) before it starts (2001)",
        f"line 3: relations[1].start: '2019-02-30' is no calendar date ({DATES})",
        f"line 7: relations[3].start: '1999-13' is no calendar date ({DATES})",
    ]


def test_write_then_read(bundled, tmp_path):
    path = tmp_path / "edges.csv"
    write_csv_edges(bundled, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "source,target,type,label,start,end,quote"
    assert len(lines) == 1 + len(bundled.relations)
    ds = read_csv_edges(path)
    names = {e.id: e.name for e in bundled.entities}
    again = {e.id: e.name for e in ds.entities}
    for old, new in zip(bundled.relations, ds.relations, strict=True):
        assert (names[old.source], names[old.target]) == (again[new.source], again[new.target])
        assert (old.type, old.label, old.start, old.end) == (
            new.type,
            new.label,
            new.start,
            new.end,
        )
        assert new.description == old.evidence[0].quote
    assert {e.name for e in ds.entities} == {e.name for e in bundled.entities}


def test_write_to_text_and_binary_files(bundled):
    text, binary = io.StringIO(), io.BytesIO()
    write_csv_edges(bundled, text)
    write_csv_edges(bundled, binary)
    assert binary.getvalue().decode("utf-8") == text.getvalue()
    assert text.getvalue().endswith("\r\n")  # RFC 4180
