"""GEXF 1.3: export for Gephi (and networkx); import of Gephi's and networkx's files.

A relmap export keeps the entity name in the node ``label``, the relation label in
the edge ``label`` and the number of quotes in its ``weight``; position, size and
colour in ``viz:position``, ``viz:size`` and ``viz:color``; everything else in typed
``<attributes>`` with the same names and JSON encodings as GraphML (see
relmap.io.records), so that ``read_gexf`` gives back exactly the map written.

Limits and choices:

- GEXF has no graph-level attributes: the map's title, sources (with their texts),
  type styles and unknown keys travel as one JSON object in ``<meta><keywords>``
  (Gephi shows it among the project's properties); the description goes in
  ``<meta><description>``.
- Direction: ``defaultedgetype="directed"``; an undirected relation says so in its
  ``directed`` attribute, not with ``type="undirected"``, because networkx refuses
  files that mix the two. Reading honours the attribute, then the edge ``type``
  (``mutual`` counts as undirected), then ``defaultedgetype``.
- The y axis: ``viz:position`` is Gephi's, whose y points up, so it holds the relmap
  scene y (pointing down, as in Qt) negated. An entity with only one of x and y keeps
  it in an ``x`` or ``y`` attribute, since ``viz:position`` needs both. Positions from
  the ``positions`` argument are flagged ``layout`` and read back as no position.
- The GEXF 1.3 XSD, unlike the specification and its RELAX NG grammar, puts the viz
  elements in the GEXF namespace instead of ``http://gexf.net/1.3/viz``; relmap
  writes them where Gephi and networkx look for them, the viz namespace, as Gephi
  does.
- Viz coordinates and sizes are ``xs:float``: Gephi reads them as 32-bit floats
  (relmap reads the written digits back exactly).
- Read: UTF-8 GEXF 1.1, 1.2 and 1.3 (any namespace); attribute values by their declared
  type, defaults honoured; dynamic data (spells, timed attvalues) ignored, the last
  value of an attribute wins. ``viz:color`` and ``viz:size`` are not read back.
- Refused with the line: hierarchical graphs (``<nodes>`` or ``<edges>`` inside a
  node, ``<parents>``, ``pid``), DTDs, duplicate node ids, edges to missing nodes,
  attvalues of undeclared attributes or values that do not fit their type.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from relmap.io.records import Item, Positions, build_dataset, dataset_items, to_json
from relmap.io.relmap_json import PathOrFile
from relmap.io.xmlsafe import (
    Record,
    Value,
    XmlDocument,
    columns,
    local,
    only_child,
    parse_xml,
    value_text,
    write_output,
    xml_text,
)
from relmap.model.types import FORMAT, Dataset

NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
_OWN = {"node": ("label", "size", "r", "g", "b"), "edge": ("label", "weight", "r", "g", "b")}
_EDGE_TYPES = {"directed": True, "undirected": False, "mutual": False}


# --- writing --------------------------------------------------------------------


def write_gexf(
    ds: Dataset,
    path_or_file: str | Path | IO[str] | IO[bytes],
    positions: Positions | None = None,
) -> None:
    """Write ``ds`` as GEXF 1.3 with Gephi's viz data."""
    write_output(xml_text(gexf_element(ds, positions)), path_or_file)


def gexf_element(ds: Dataset, positions: Positions | None = None) -> ET.Element:
    shell, nodes, edges = dataset_items(ds, positions, bool)
    root = ET.Element("gexf", {"xmlns": NS, "xmlns:viz": VIZ_NS, "version": "1.3"})
    _write_meta(ET.SubElement(root, "meta"), shell)
    graph = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "static"})
    node_parts = [_split(node.values, "node") for node in nodes]
    edge_parts = [_split(edge.values, "edge") for edge in edges]
    node_ids = _declare(graph, "node", [rest for _, rest in node_parts], first=0)
    edge_ids = _declare(graph, "edge", [rest for _, rest in edge_parts], first=len(node_ids))
    nodes_elem = ET.SubElement(graph, "nodes", {"count": str(len(nodes))})
    for node, (own, rest) in zip(nodes, node_parts, strict=True):
        elem = ET.SubElement(nodes_elem, "node", {"id": str(node.id), "label": str(own["label"])})
        _attvalues(elem, node_ids, rest)
        _write_viz(elem, own)
    edges_elem = ET.SubElement(graph, "edges", {"count": str(len(edges))})
    for edge, (own, rest) in zip(edges, edge_parts, strict=True):
        attrs = {"id": str(edge.id), "source": edge.source, "target": edge.target}
        attrs.update({k: value_text(own[k]) for k in ("label", "weight") if k in own})
        elem = ET.SubElement(edges_elem, "edge", attrs)
        _attvalues(elem, edge_ids, rest)
        _write_viz(elem, own)
    return root


def _write_meta(meta: ET.Element, shell: dict[str, Any]) -> None:
    ET.SubElement(meta, "creator").text = "relmap"
    if "description" in shell:
        ET.SubElement(meta, "description").text = shell["description"]
    rest = {k: v for k, v in shell.items() if k != "description"}
    ET.SubElement(meta, "keywords").text = to_json(rest)


def _split(values: Record, kind: str) -> tuple[Record, Record]:
    """(what GEXF holds itself: label, weight, viz; what goes into attvalues)."""
    own_names = set(_OWN[kind])
    if kind == "node" and "x" in values and "y" in values:
        own_names |= {"x", "y"}
    own = {k: v for k, v in values.items() if k in own_names}
    return own, {k: v for k, v in values.items() if k not in own_names}


def _declare(graph: ET.Element, kind: str, records: list[Record], first: int) -> dict[str, str]:
    """Declare the attribute columns of nodes or edges; name -> attribute id."""
    found = columns(records)
    if not found:
        return {}
    block = ET.SubElement(graph, "attributes", {"class": kind, "mode": "static"})
    ids: dict[str, str] = {}
    for number, (name, column) in enumerate(found.items(), start=first):
        ids[name] = str(number)
        ET.SubElement(block, "attribute", {"id": ids[name], "title": name, "type": column})
    return ids


def _attvalues(elem: ET.Element, ids: dict[str, str], values: Record) -> None:
    if values:
        block = ET.SubElement(elem, "attvalues")
        for name, value in values.items():
            ET.SubElement(block, "attvalue", {"for": ids[name], "value": value_text(value)})


def _write_viz(elem: ET.Element, own: Record) -> None:
    if "size" in own:
        ET.SubElement(elem, "viz:size", {"value": value_text(own["size"])})
    if "x" in own:
        position = {"x": value_text(own["x"]), "y": value_text(own["y"])}
        ET.SubElement(elem, "viz:position", position)
    ET.SubElement(elem, "viz:color", {c: value_text(own[c]) for c in ("r", "g", "b")})


# --- reading --------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    name: str
    type: str
    default: Value | None


Columns = dict[str, _Column]


def read_gexf(path_or_file: PathOrFile) -> Dataset:
    """Load GEXF from relmap, Gephi or networkx; DatasetError names each line at fault."""
    xml = parse_xml(path_or_file)
    if local(xml.root.tag) != "gexf":
        xml.fail(xml.root, f"<{local(xml.root.tag)}> is not GEXF: expected <gexf>")
    graph_elem = only_child(xml, xml.root, "graph")
    shell, graph = _read_meta(xml, graph_elem)
    declared = _attributes(xml, graph_elem)
    nodes: list[Item] = []
    edges: list[Item] = []
    for block in graph_elem:
        for elem in block:
            if local(block.tag) == "nodes" and local(elem.tag) == "node":
                nodes.append(_node(xml, declared["node"], elem))
            elif local(block.tag) == "edges" and local(elem.tag) == "edge":
                edges.append(_edge(xml, declared["edge"], elem))
    xml.report.check()  # what relmap cannot hold, before what follows from it
    default_directed = _EDGE_TYPES.get(graph_elem.get("defaultedgetype", ""), False)
    return build_dataset(xml.report, shell, graph, nodes, edges, default_directed)


def _read_meta(xml: XmlDocument, graph_elem: ET.Element) -> tuple[dict[str, Any] | None, Item]:
    """relmap's document without entities and relations (None for other files) and the
    graph's own values."""
    values: Record = {}
    shell: dict[str, Any] | None = None
    if graph_elem.get("name"):
        values["name"] = graph_elem.get("name", "")
    for meta in (child for child in xml.root if local(child.tag) == "meta"):
        for child in meta:
            if local(child.tag) == "description":
                values["description"] = child.text or ""
            elif local(child.tag) == "keywords":
                shell = _relmap_shell(child.text or "") or shell
    if shell is not None and "description" in values:
        shell["description"] = values["description"]
    return shell, Item(None, values, xml.line(graph_elem))


def _relmap_shell(keywords: str) -> dict[str, Any] | None:
    try:
        shell = json.loads(keywords)
    except json.JSONDecodeError:
        return None
    return shell if isinstance(shell, dict) and shell.get("format") == FORMAT else None


def _attributes(xml: XmlDocument, graph_elem: ET.Element) -> dict[str, Columns]:
    declared: dict[str, Columns] = {"node": {}, "edge": {}}
    for block in graph_elem:
        if local(block.tag) != "attributes":
            continue
        target = declared.setdefault(block.get("class", "node"), {})
        for elem in block:
            attr_id = elem.get("id") or ""
            name, attr_type = elem.get("title") or attr_id, elem.get("type") or "string"
            default: Value | None = None
            for child in elem:
                if local(child.tag) == "default":
                    default = xml.value(child, child.text, attr_type, name)
            target[attr_id] = _Column(name, attr_type, default)
    return declared


def _node(xml: XmlDocument, declared: Columns, elem: ET.Element) -> Item:
    where = f"<node id='{elem.get('id', '')}'> (line {xml.line(elem)})"
    if elem.get("pid"):
        xml.add(elem, f"{where} has a parent (pid): relmap maps have no groups")
    if not elem.get("id"):
        xml.add(elem, "<node> has no id")
    values = _contents(xml, declared, elem)
    for child in elem:
        name = local(child.tag)
        if name in ("nodes", "edges", "parents"):
            xml.add(
                child,
                f"<{name}> nested in {where} is not supported: relmap maps have "
                "no groups or subgraphs",
            )
        elif name == "position":
            values.update(_position(xml, child))
    return Item(elem.get("id"), values, xml.line(elem))


def _edge(xml: XmlDocument, declared: Columns, elem: ET.Element) -> Item:
    values = _contents(xml, declared, elem)
    if elem.get("weight") is not None:
        weight = xml.value(elem, elem.get("weight"), "double", "weight")
        if weight is not None:
            values["weight"] = weight
    return Item(
        elem.get("id"),
        values,
        xml.line(elem),
        source=elem.get("source", ""),
        target=elem.get("target", ""),
        directed=_EDGE_TYPES.get(elem.get("type", "")),
    )


def _contents(xml: XmlDocument, declared: Columns, elem: ET.Element) -> Record:
    """The attvalues of a node or edge, its defaults, and its GEXF label."""
    values: Record = {}
    for block in elem:
        if local(block.tag) != "attvalues":
            continue
        for attvalue in block:
            column = declared.get(attvalue.get("for", ""))
            if column is None:
                xml.add(
                    attvalue, f"<attvalue for='{attvalue.get('for', '')}'> refers to no <attribute>"
                )
                continue
            value = xml.value(attvalue, attvalue.get("value"), column.type, column.name)
            if value is not None:
                values[column.name] = value
    for column in declared.values():
        if column.default is not None:
            values.setdefault(column.name, column.default)
    if elem.get("label") is not None:
        values["label"] = elem.get("label", "")
    return values


def _position(xml: XmlDocument, elem: ET.Element) -> Record:
    try:
        return {axis: float(elem.get(axis, "")) for axis in ("x", "y")}
    except ValueError:
        xml.add(elem, "<viz:position> needs numbers x and y")
        return {}
