"""CSV edge lists: one relation per row, entities made from the names at its ends.

The header names the columns, in any order and any case: ``source``, ``target`` and
``type`` are required; ``label``, ``start``, ``end`` (ISO dates) and ``quote`` are
optional; any other column is kept in the relation's extra ``attributes`` object.

Reading makes one entity per distinct name in ``source`` and ``target`` (names match
exactly, after trimming spaces), of type ``entity``, with an id made from the name as
the window makes ids (relmap.model.ids: ``kassym_jomart_tokayev``, then
``kassym_jomart_tokayev_2``, ...). Relations get the ids ``r1``, ``r2``, ... by row.

Quotes: evidence must point into a source text, and a CSV has none. So a quote is not
made into evidence: it goes into the relation's ``description``, and the relation
stays unsupported (drawn dashed) until it is linked to a source.

Limits: UTF-8 text (a BOM is allowed), comma-separated with double-quote quoting
(RFC 4180). Writing is lossy: only relations are written, their ends as entity names
(entities without relations, types, aliases, descriptions, attributes, sources and
all evidence but the first quote are left out), so a map does not survive a
write/read round-trip; use relmap JSON, GraphML or GEXF for that.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import IO, Any

from relmap.io.records import checked_dataset
from relmap.io.relmap_json import PathOrFile, _read_text
from relmap.io.xmlsafe import Report, write_output
from relmap.model.ids import unique_id
from relmap.model.types import FORMAT, Dataset

REQUIRED = ("source", "target", "type")
OPTIONAL = ("label", "start", "end", "quote")
HEADER = (*REQUIRED, *OPTIONAL)


def read_csv_edges(path_or_file: PathOrFile) -> Dataset:
    """Load an edge list; DatasetError gives the line of every bad row."""
    name, text = _read_text(path_or_file)
    report = Report(name)
    reader = csv.reader(io.StringIO(text, newline=""))
    edges = _EdgeList(_header(reader, report), report)
    line = reader.line_num
    for row in reader:
        line, row_line = reader.line_num, line + 1
        if any(cell.strip() for cell in row):
            edges.add_row(row, row_line)
    return checked_dataset(edges.doc, report, edges.lines)


def _header(reader: Any, report: Report) -> list[str]:
    row = next(reader, None)
    if row is None:
        report.fail(1, "the file is empty: expected a header naming source, target and type")
    header = [cell.strip().casefold() for cell in row]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        found = ", ".join(cell for cell in row) or "nothing"
        report.fail(1, f"the header lacks {', '.join(missing)} (found: {found})")
    twice = sorted({column for column in header if header.count(column) > 1})
    if twice:
        report.fail(1, f"the header names {', '.join(twice)} more than once")
    return header


class _EdgeList:
    """The relmap/1 document growing row by row, with the line of each item."""

    def __init__(self, header: list[str], report: Report) -> None:
        self.header = header
        self.report = report
        self.doc: dict[str, Any] = {
            "format": FORMAT,
            "sources": [],
            "entities": [],
            "relations": [],
        }
        self.ids: dict[str, str] = {}  # entity name -> id
        self.taken: set[str] = set()
        self.lines: dict[str, int] = {}

    def add_row(self, row: list[str], line: int) -> None:
        if len(row) != len(self.header):
            found = f"found {len(row)}"
            self.report.add(line, f"expected {len(self.header)} fields as in the header, {found}")
            return
        cells = {column: cell.strip() for column, cell in zip(self.header, row, strict=True)}
        empty = [column for column in REQUIRED if not cells[column]]
        if empty:
            self.report.add(line, f"empty {' and '.join(empty)}")
            return
        index = len(self.doc["relations"])
        relation: dict[str, Any] = {"id": f"r{index + 1}", "type": cells["type"]}
        relation["source"] = self.entity_id(cells["source"], line)
        relation["target"] = self.entity_id(cells["target"], line)
        relation.update({k: cells[k] for k in ("label", "start", "end") if cells.get(k)})
        if cells.get("quote"):
            relation["description"] = cells["quote"]
        others = {k: v for k, v in cells.items() if k not in HEADER and v}
        if others:
            relation["attributes"] = others
        self.lines[f"relations[{index}]"] = line
        self.doc["relations"].append(relation)

    def entity_id(self, name: str, line: int) -> str:
        """The id of the entity named ``name``, made at its first mention."""
        if name not in self.ids:
            entity_id = unique_id(name, self.taken)
            self.ids[name] = entity_id
            self.taken.add(entity_id)
            self.lines[f"entities[{len(self.doc['entities'])}]"] = line
            self.doc["entities"].append({"id": entity_id, "name": name, "type": "entity"})
        return self.ids[name]


def write_csv_edges(ds: Dataset, path_or_file: str | Path | IO[str] | IO[bytes]) -> None:
    """Write the relations as an edge list with the full header (see the module notes)."""
    names = {e.id: e.name for e in ds.entities}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for r in ds.relations:
        quote = r.evidence[0].quote if r.evidence else ""
        row = [names[r.source], names[r.target], r.type, r.label, r.start, r.end, quote]
        writer.writerow(["" if cell is None else cell for cell in row])
    write_output(out.getvalue(), path_or_file)
