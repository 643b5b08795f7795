"""Safe XML for the exchange formats: parsing with line numbers, writing what XML can
carry, and the typed values of GraphML and GEXF attributes.

Parsing uses defusedxml's expat parser with DTDs refused: entity-expansion bombs
("billion laughs") and external entities (XXE) need a ``<!DOCTYPE>``, so they fail at
that line, before anything is expanded or any file is read. Every element keeps the
line it starts on, and problems are reported as ``line 12: <hyperedge> is not ...``.
Files are read whole and must be UTF-8 (relmap_json's reader decodes them).

Writing gives UTF-8 XML. Characters XML 1.0 cannot carry at all (C0 controls other
than tab, newline and carriage return; U+FFFE, U+FFFF; lone surrogates) are written
as U+FFFD, the replacement character: that is the one lossy step of an export.
Carriage returns are written as ``&#13;`` so that parsers do not turn them into
newlines. A path is written atomically (relmap.io.atomic), without a backup.

Values are str, int, float or bool, written in their XML Schema lexical forms
(``true``, ``1e+16``, ``INF``) and read by the attribute type a file declares.
"""

from __future__ import annotations

import io
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, NoReturn, cast

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from relmap.io.atomic import atomic_write_text
from relmap.io.relmap_json import PathOrFile, _read_text
from relmap.model.validate import DatasetError, Problem

Value = str | int | float | bool
Record = dict[str, Value]


# --- problems -------------------------------------------------------------------


@dataclass
class Report:
    """Problems found so far in one file, each at a line."""

    filename: str | None
    problems: list[Problem] = field(default_factory=list)

    def add(self, line: int, message: str) -> None:
        self.problems.append(Problem(f"line {line}", message))

    def fail(self, line: int, message: str) -> NoReturn:
        self.add(line, message)
        raise DatasetError(self.problems, self.filename)

    def check(self) -> None:
        if self.problems:
            raise DatasetError(self.problems, self.filename)


# --- XML in ---------------------------------------------------------------------


@dataclass
class XmlDocument:
    root: ET.Element
    lines: dict[ET.Element, int]
    report: Report

    def line(self, elem: ET.Element) -> int:
        return self.lines.get(elem, 0)

    def add(self, elem: ET.Element, message: str) -> None:
        self.report.add(self.line(elem), message)

    def fail(self, elem: ET.Element, message: str) -> NoReturn:
        self.report.fail(self.line(elem), message)

    def value(self, elem: ET.Element, text: str | None, type_name: str, name: str) -> Value | None:
        """``text`` read as a value of ``type_name``; None and a problem when it is not."""
        try:
            return parse_value(text, type_name)
        except ValueError:
            self.add(elem, f"<{local(elem.tag)}> of '{name}': {text!r} is not of type {type_name}")
            return None


class _LineTreeBuilder(ET.TreeBuilder):
    """Builds the element tree and notes the line each element starts on."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[ET.Element, int] = {}
        self.expat: Any = None

    def start(self, tag: Any, attrs: Any) -> ET.Element:
        elem = super().start(tag, attrs)
        self.lines[elem] = self.expat.CurrentLineNumber
        return elem


def parse_xml(path_or_file: PathOrFile) -> XmlDocument:
    """Parse UTF-8 XML safely; DatasetError with the line of the first fault."""
    name, text = _read_text(path_or_file)
    report = Report(name)
    builder = _LineTreeBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.expat = parser.parser
    try:
        parser.feed(text)
        root = parser.close()
    except ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(": line ")[0]
        report.fail(line, f"not well-formed XML: {reason} (column {column + 1})")
    except DefusedXmlException as exc:
        report.fail(parser.parser.CurrentLineNumber, _refusal(exc))
    return XmlDocument(root, builder.lines, report)


def _refusal(exc: DefusedXmlException) -> str:
    if isinstance(exc, DTDForbidden):
        return (
            f"<!DOCTYPE {exc.name}> is refused: relmap reads XML without DTDs, which can "
            "hide entity-expansion bombs and references to other files"
        )
    return f"refused unsafe XML: {exc}"


def local(tag: str) -> str:
    """'{http://graphml.graphdrawing.org/xmlns}node' -> 'node'."""
    return tag.rsplit("}", 1)[-1]


def only_child(xml: XmlDocument, parent: ET.Element, name: str) -> ET.Element:
    """The single child element ``name`` of ``parent``; a problem when none or several."""
    found = [child for child in parent if local(child.tag) == name]
    if not found:
        xml.fail(parent, f"<{local(parent.tag)}> has no <{name}>")
    for extra in found[1:]:
        first = xml.line(found[0])
        xml.add(extra, f"a second <{name}> (the first is at line {first}): relmap reads one")
    return found[0]


# --- XML out --------------------------------------------------------------------

_UNCARRIABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(root: ET.Element) -> str:
    """The document for ``root``: indented, with what XML cannot carry made safe."""
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    body = _UNCARRIABLE.sub("\ufffd", body).replace("\r", "&#13;")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def write_output(text: str, path_or_file: str | Path | IO[str] | IO[bytes]) -> None:
    """Write ``text`` as UTF-8 to a path (atomically; SaveError when that fails) or to a
    text or binary file, newlines unchanged."""
    if isinstance(path_or_file, str | Path):
        atomic_write_text(Path(path_or_file), text, keep_backup=False)
    elif isinstance(path_or_file, io.TextIOBase):
        path_or_file.write(text)
    else:
        cast(IO[bytes], path_or_file).write(text.encode("utf-8"))


def value_text(value: Value) -> str:
    """The XML Schema lexical form: true/false, shortest exact float digits, INF, NaN."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("INF" if value > 0 else "-INF")
    return repr(value) if isinstance(value, float) else str(value)


def column_kind(value: Value) -> str | None:
    """The typed column a value fits: boolean, long, double or string; None when none
    keeps it exactly (integers beyond 64 bits, infinities, NaN)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long" if -(2**63) <= value < 2**63 else None
    if isinstance(value, float):
        return "double" if math.isfinite(value) else None
    return "string"


def columns(records: Iterable[Record]) -> dict[str, str]:
    """Attribute name -> column kind, in first-seen order."""
    out: dict[str, str] = {}
    for record in records:
        for name, value in record.items():
            out.setdefault(name, column_kind(value) or "string")
    return out


_INT_TYPES = {"int", "long", "integer", "short", "byte", "biginteger"}
_FLOAT_TYPES = {"float", "double", "bigdecimal"}


def parse_value(text: str | None, type_name: str | None) -> Value:
    """A value of a GraphML or GEXF attribute type; ValueError when it is none."""
    text = text or ""
    kind = (type_name or "string").lower()
    if kind in _INT_TYPES:
        return int(text.strip())
    if kind in _FLOAT_TYPES:
        return float(text.strip())
    if kind == "boolean":
        flag = as_bool(text)
        if flag is None:
            raise ValueError(text)
        return flag
    return text


def as_bool(value: Value | None) -> bool | None:
    if isinstance(value, bool) or value is None:
        return value
    word = str(value).strip().lower()
    return True if word in ("true", "1") else False if word in ("false", "0") else None
