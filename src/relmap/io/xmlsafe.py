"""Safe XML for the exchange formats: parsing with line numbers, writing what XML can
carry, and the typed values of GraphML and GEXF attributes.

Parsing refuses DTDs: entity-expansion bombs ("billion laughs") and external entities
(XXE) need a ``<!DOCTYPE>``, so they fail at that line, before anything is expanded or
any file is read. Problems are reported as ``line 12: <hyperedge> is not ...``.
Files are read whole and must be UTF-8 (relmap_json's reader decodes them).

``read_xml`` reads a file twice only when it has a problem. Noting the line of every
element costs a Python call per element, three times the parse itself, and lines
matter only in problems: so a file without ``<!DOCTYPE`` is first read by a format's
fast reader, which parses it with expat at C speed, without lines (``grow`` hands it
the tree as it grows, so that it can drop each element once read); when that finds a
problem, the file is parsed again by defusedxml's parser (which refuses DTDs at their
line) into a tree with every element's line, and read again, so that the problems
name their lines.

Writing gives UTF-8 XML, from an ElementTree or from lines of markup with text from
``escape`` and ``element``. Characters XML 1.0 cannot carry at all (C0 controls other
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
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, NoReturn, TypeVar, cast

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from relmap.gcpause import gc_paused
from relmap.io.atomic import atomic_write_text
from relmap.io.relmap_json import PathOrFile, _read_text
from relmap.model.validate import DatasetError, Problem

Value = str | int | float | bool
Record = dict[str, Value]
T = TypeVar("T")


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


class LocalNames(dict[str, str]):
    """Tag -> local name (see ``local``), worked out once per tag."""

    def __missing__(self, tag: str) -> str:
        name = self[tag] = local(tag)
        return name


@dataclass
class XmlDocument:
    """A parsed file; ``lines`` is empty when it was parsed without them (line 0)."""

    root: ET.Element
    lines: dict[ET.Element, int]
    report: Report
    names: LocalNames = field(default_factory=LocalNames)  # for loops over many elements

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


class Declined(Exception):
    """Raised by a fast reader for a file it leaves to a more general one."""


# The root of a tree as the parse grows it, and whether the tree is complete.
Growth = Iterator[tuple[ET.Element, bool]]
_CHUNK = 1 << 15  # characters parsed at a time: the reader's window stays in the cache


def read_xml(
    path_or_file: PathOrFile,
    read_text: Callable[[str | None, str], T],
    read_tree: Callable[[XmlDocument], T],
) -> T:
    """The file read by ``read_text`` (with its name) from its text without a DTD, or
    when that finds a problem or raises Declined, by ``read_tree`` from a tree with
    lines (see the module notes). DatasetError names each line at fault."""
    name, text = _read_text(path_or_file)
    with gc_paused():  # the collector would rescan the growing map again and again
        if "<!DOCTYPE" not in text:  # else only the careful parse may see it
            try:
                return read_text(name, text)
            except (DatasetError, Declined, ET.ParseError, UnicodeError):
                pass  # read again, with the lines that problems need
        return read_tree(_parse_with_lines(name, text))


def grow(text: str) -> Growth:
    """The root after each chunk of ``text`` is parsed by expat's C parser and tree
    builder, then complete. Without a DTD, the only place entities can be declared,
    expat expands none and reads no other file. The reader takes what it needs from
    the tree, not event by event, and may remove what it has read."""
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(("start",))
    root: ET.Element | None = None
    for start in range(0, len(text), _CHUNK):
        parser.feed(text[start : start + _CHUNK])
        root = _root(parser, root)
        if root is not None:
            yield root, False
    parser.close()
    root = _root(parser, root)
    if root is not None:
        yield root, True


def _root(parser: ET.XMLPullParser[ET.Element], root: ET.Element | None) -> ET.Element | None:
    """The first element started, once known: start events are only asked for that."""
    events = parser.read_events()
    if root is None:
        first = next(events, None)
        root = cast(tuple[str, ET.Element], first)[1] if first else None
    deque(events, maxlen=0)  # drop the others: the queue would keep their elements alive
    return root


def parse_xml(path_or_file: PathOrFile) -> XmlDocument:
    """Parse UTF-8 XML safely with every element's line; DatasetError with the line of
    the first fault."""
    return _parse_with_lines(*_read_text(path_or_file))


def _parse_with_lines(name: str | None, text: str) -> XmlDocument:
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
    return xml_document([_carriable(ET.tostring(root, encoding="unicode"))])


def xml_document(lines: list[str]) -> str:
    """The document of ``lines``: markup whose text and attribute values come from
    ``escape`` and ``escape_attribute``."""
    body = "\n".join(lines)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _carriable(text: str) -> str:
    """``text`` with what XML cannot carry as U+FFFD and carriage returns as references,
    which parsers would otherwise read as newlines."""
    return _UNCARRIABLE.sub("\ufffd", text).replace("\r", "&#13;")


def escape(text: str) -> str:
    """Text as element content: escaped as ElementTree does, and carriable."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if not text.isprintable():  # the quick check: true of most text
        text = _carriable(text)
    return text


_ATTRIBUTE_REFERENCES = {'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}


def escape_attribute(text: str) -> str:
    """Text as an attribute value in double quotes, escaped as ElementTree does: line
    breaks and tabs as references, which parsers would otherwise turn into spaces."""
    text = escape(text)
    for char, reference in _ATTRIBUTE_REFERENCES.items():
        if char in text:
            text = text.replace(char, reference)
    return text


def element(tag: str, attrs: dict[str, str] | None = None, text: str = "") -> str:
    """An element without children, on one line, written as ElementTree writes it."""
    start = tag + "".join(f' {k}="{escape_attribute(v)}"' for k, v in (attrs or {}).items())
    return f"<{start}>{escape(text)}</{tag}>" if text else f"<{start} />"


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


def content_text(value: Value) -> str:
    """value_text as element content: strings escaped."""
    return escape(value) if isinstance(value, str) else value_text(value)


def _float_text(value: float) -> str:
    return repr(value) if math.isfinite(value) else value_text(value)


# content_text by exact type, for exports' hot loops (other types: content_text).
CONTENT_TEXT: dict[type, Callable[[Any], str]] = {
    str: escape,
    float: _float_text,
    int: str,
    bool: lambda flag: "true" if flag else "false",
}


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
        if record.keys() <= out.keys():
            continue  # the usual case, checked in C
        for name, value in record.items():
            if name not in out:
                out[name] = column_kind(value) or "string"
    return out


_INT_TYPES = {"int", "long", "integer", "short", "byte", "biginteger"}
_FLOAT_TYPES = {"float", "double", "bigdecimal"}


def parse_value(text: str | None, type_name: str | None) -> Value:
    """A value of a GraphML or GEXF attribute type; ValueError when it is none."""
    return value_parser(type_name)(text)


def value_parser(type_name: str | None) -> Callable[[str | None], Value]:
    """What reads text as a value of the attribute type ``type_name`` (ValueError when
    it is none): chosen once per declared attribute, used for each of its values."""
    kind = (type_name or "string").lower()
    if kind in _INT_TYPES:
        return _int_value
    if kind in _FLOAT_TYPES:
        return _float_value
    if kind == "boolean":
        return _bool_value
    return text_value


def _int_value(text: str | None) -> int:
    return int(text or "")  # int() and float() ignore surrounding whitespace


def _float_value(text: str | None) -> float:
    return float(text or "")


_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def _bool_value(text: str | None) -> bool:
    flag = _BOOLEANS.get((text or "").strip().lower())
    if flag is None:
        raise ValueError(text)
    return flag


def text_value(text: str | None) -> str:
    return text or ""


def as_bool(value: Value | None) -> bool | None:
    if isinstance(value, bool) or value is None:
        return value
    word = str(value).strip().lower()
    return True if word in ("true", "1") else False if word in ("false", "0") else None
