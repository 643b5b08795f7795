"""Reading GraphML (see relmap.io.graphml for what is read and what is refused).

One reading of the <graph>, two ways to drive it (see relmap.io.xmlsafe.read_xml):
over the tree as the parse grows it, each node and edge read as soon as the next one
starts and then removed, so that memory holds a chunk of the file's elements instead
of all of them (the tree takes ten times the file); and over a tree parsed with every
element's line, for files with a problem and files laid out otherwise (keys after
the graph, several graphs), which the first leaves to the second by raising
Declined: problems are always found in the same order and named at their lines.
relmap.io.graphml_scan reads relmap's own files faster still, with this module's
reading of values.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from relmap.io.items import Item
from relmap.io.records import Fields, build_dataset
from relmap.io.xmlsafe import (
    Declined,
    Growth,
    Record,
    Report,
    Value,
    XmlDocument,
    as_bool,
    local,
    only_child,
    text_value,
    value_parser,
)
from relmap.model.types import FORMAT, Dataset

JSON_MEMBERS = {"sources": list, "entity_types": dict, "relation_types": dict}
Parse = Callable[[str | None], Value] | None  # a key's type (None: text as it is)
Plain = tuple[str, Parse]  # a key's name and type


@dataclass(frozen=True)
class _Key:
    name: str
    type: str | None
    domain: str
    yfiles: str | None
    default: Value | None
    parse: Callable[[str | None], Value]  # ValueError for text not of the type


class _Keys:
    """The file's keys by id, and the defaults of each domain in declaration order."""

    def __init__(self, by_id: dict[str, _Key]) -> None:
        self.by_id = by_id
        # The keys of plain values: their name and type (None for text, kept as it is).
        self.plain: dict[str, Plain] = {
            key_id: (key.name, None if key.parse is text_value else key.parse)
            for key_id, key in by_id.items()
            if key.yfiles is None
        }
        self.defaults = {
            domain: [
                (key.name, key.default)
                for key in by_id.values()
                if key.default is not None and key.domain in (domain, "all")
            ]
            for domain in ("graph", "node", "edge")
        }

    def apply_defaults(self, domain: str, values: Record) -> None:
        for name, default in self.defaults[domain]:
            values.setdefault(name, default)


class GraphReader:
    """What a reader has read of the <graph> so far: its values, nodes and edges."""

    def __init__(self, xml: XmlDocument, keys: _Keys, elem: ET.Element) -> None:
        self.xml, self.keys, self.elem = xml, keys, elem
        self.item = Item(elem.get("id"), {}, xml.line(elem))
        self.nodes: list[Item] = []
        self.edges: list[Item] = []

    def read(self, child: ET.Element) -> None:
        """Read a child of the <graph>, complete with its own children."""
        xml, keys = self.xml, self.keys
        name = xml.names[child.tag]
        if name == "data":
            _read_data(xml, keys, child, self.item.values, {})
        elif name == "node" and (node := _node(xml, keys, child)):
            self.nodes.append(node)
        elif name == "edge":
            self.edges.append(_edge(xml, keys, child))
        elif name == "hyperedge":
            xml.add(
                child,
                "<hyperedge> is not supported: relmap maps have edges between two entities only",
            )

    def dataset(self) -> Dataset:
        xml = self.xml
        self.keys.apply_defaults("graph", self.item.values)
        xml.report.check()  # what relmap cannot hold, before what follows from it
        default_directed = self.elem.get("edgedefault", "directed") != "undirected"
        shell = _relmap_shell(self.item, xml)
        return build_dataset(xml.report, shell, self.item, self.nodes, self.edges, default_directed)


def dataset_from_tree(xml: XmlDocument) -> Dataset:
    """The map of a parsed file."""
    return graph_of_tree(xml).dataset()


def graph_of_tree(xml: XmlDocument) -> GraphReader:
    """The <graph> of a parsed file, read."""
    _check_root(xml, xml.root)
    keys = _Keys(dict(_key(xml, elem) for elem in xml.root if local(elem.tag) == "key"))
    graph = GraphReader(xml, keys, only_child(xml, xml.root, "graph"))
    for child in graph.elem:
        graph.read(child)
    return graph


def dataset_from_growth(name: str | None, growth: Growth) -> Dataset:
    """The map of a file read as it is parsed: each child of the <graph> as soon as the
    next one starts, then removed from the tree. Declined for files other than one
    <graphml> holding its keys and then one <graph>."""
    graph: GraphReader | None = None
    for root, done in growth:
        if graph is None and (graph := _started_graph(Report(name), root)) is None:
            continue
        children = graph.elem
        ready = len(children) if done else len(children) - 1  # the last may be unfinished
        for child in children[:ready]:
            graph.read(child)
        del children[:ready]  # read: free it
    if graph is None:
        raise Declined("no <graph>")
    after = list(graph.xml.root)[list(graph.xml.root).index(graph.elem) + 1 :]
    if any(local(elem.tag) in ("key", "graph") for elem in after):
        raise Declined("a <key> or a second <graph> after the <graph>")
    return graph.dataset()


def _started_graph(report: Report, root: ET.Element) -> GraphReader | None:
    """The <graph> once it has started, with the keys before it; None until then."""
    xml = XmlDocument(root, {}, report)
    _check_root(xml, root)
    for elem in root:
        if local(elem.tag) == "graph":
            keys = _Keys(dict(_key(xml, key) for key in root if local(key.tag) == "key"))
            return GraphReader(xml, keys, elem)
    return None


def _check_root(xml: XmlDocument, root: ET.Element) -> None:
    if local(root.tag) != "graphml":
        xml.fail(root, f"<{local(root.tag)}> is not GraphML: expected <graphml>")


def _key(xml: XmlDocument, elem: ET.Element) -> tuple[str, _Key]:
    key_id, attr_type = elem.get("id", ""), elem.get("attr.type")
    name = elem.get("attr.name") or key_id
    default: Value | None = None
    for child in elem:
        if local(child.tag) == "default":
            default = xml.value(child, child.text, attr_type or "string", name)
    domain, yfiles = elem.get("for", "all"), elem.get("yfiles.type")
    return key_id, _Key(name, attr_type, domain, yfiles, default, value_parser(attr_type))


def _node(xml: XmlDocument, keys: _Keys, elem: ET.Element) -> Item | None:
    values = _contents(xml, keys, elem, "node")
    if not elem.get("id"):
        xml.add(elem, "<node> has no id")
        return None
    return Item(elem.get("id"), values, xml.line(elem))


def _edge(xml: XmlDocument, keys: _Keys, elem: ET.Element) -> Item:
    for port in ("sourceport", "targetport"):
        if elem.get(port):
            xml.add(
                elem,
                f"<edge {port}='{elem.get(port)}'> is not supported: relmap entities have no ports",
            )
    return Item(
        elem.get("id"),
        _contents(xml, keys, elem, "edge"),
        xml.line(elem),
        source=elem.get("source", ""),
        target=elem.get("target", ""),
        directed=as_bool(elem.get("directed")),
    )


def _contents(xml: XmlDocument, keys: _Keys, elem: ET.Element, kind: str) -> Record:
    """The values of a node or edge; yEd's label and centre fill in what keys lack.
    The hot loop of an import: plain values are read here, the rest by _read_data."""
    values: Record = {}
    drawing: Record = {}
    plain, names = keys.plain, xml.names
    for child in elem:
        name = names[child.tag]
        if name == "data":
            found = plain.get(child.get("key", ""))
            if found is None or len(child):
                _read_data(xml, keys, child, values, drawing)
                continue
            key_name, parse = found
            if parse is None:
                values[key_name] = child.text or ""
                continue
            try:
                values[key_name] = parse(child.text)
            except ValueError:
                _read_data(xml, keys, child, values, drawing)  # says what is wrong
        elif name in ("port", "graph"):
            _refuse_nested(xml, elem, child, kind)
    for name, value in drawing.items():
        values.setdefault(name, value)
    keys.apply_defaults(kind, values)
    return values


def _refuse_nested(xml: XmlDocument, elem: ET.Element, child: ET.Element, kind: str) -> None:
    where = f"<{kind} id='{elem.get('id', '')}'> (line {xml.line(elem)})"
    if local(child.tag) == "port":
        xml.add(
            child,
            f"<port name='{child.get('name', '')}'> in {where} is not "
            "supported: relmap entities have no ports",
        )
    else:
        xml.add(
            child,
            f"<graph> nested in {where} is not supported: relmap maps have no groups or subgraphs",
        )


def _read_data(
    xml: XmlDocument, keys: _Keys, elem: ET.Element, values: Record, drawing: Record
) -> None:
    key_id = elem.get("key", "")
    key = keys.by_id.get(key_id)
    if key is None:
        xml.add(elem, f"<data key='{key_id}'> refers to no <key>")
    elif key.yfiles in ("nodegraphics", "edgegraphics"):
        drawing.update(_yfiles(elem))
    elif key.yfiles is None and not len(elem):
        value = xml.value(elem, elem.text, key.type or "string", key.name)
        if value is not None:
            values[key.name] = value


def _yfiles(data: ET.Element) -> Record:
    """yEd's first label and, for nodes, the centre of the first geometry (y up)."""
    found: Record = {}
    for elem in data.iter():
        name, text = local(elem.tag), (elem.text or "").strip()
        if name in ("NodeLabel", "EdgeLabel") and text and "label" not in found:
            found["label"] = text
        elif name == "Geometry" and "x" not in found and "x" in elem.attrib:
            try:
                x, y, w, h = (float(elem.get(a, "0")) for a in ("x", "y", "width", "height"))
            except ValueError:
                continue
            found.update({"x": x + w / 2, "y": -(y + h / 2)})
    return found


def _relmap_shell(graph: Item, xml: XmlDocument) -> dict[str, Any] | None:
    """The map's document without entities and relations, for files relmap wrote."""
    if graph.values.get("relmap") != FORMAT:
        return None
    fields = Fields(graph.values, xml.report, graph.line)
    shell: dict[str, Any] = {"format": FORMAT, "sources": []}
    for name in ("title", "description"):
        if name in graph.values:
            shell[name] = str(graph.values[name])
    for name, kind in JSON_MEMBERS.items():
        if name in graph.values:
            shell[name] = fields.json(name, kind)
    shell.update(fields.json("relmap_extra", dict))
    return shell
