"""GraphML 1.1: export for Gephi, yEd, Cytoscape, networkx and igraph; import of
GraphML written by them and by graph-tool.

What a relmap export holds (the mapping is shared with GEXF, see relmap.io.records):
typed ``<key>`` declarations for everything; graph keys ``relmap`` (the format
marker), ``title``, ``description`` and ``sources``, ``entity_types``,
``relation_types`` (JSON); node keys ``label`` and ``name`` (the entity name, for
Gephi and Cytoscape), ``type``, ``aliases`` (JSON), ``description``, the attributes,
``x``, ``y``, ``size``, ``r``, ``g``, ``b``; edge keys ``label``, ``type`` and
``interaction`` (Cytoscape), ``directed``, ``start``, ``end``, ``description``,
``evidence`` (JSON: quotes with source ids and offsets) and ``weight`` (the number of
quotes). Unknown keys of the map travel as JSON in ``relmap_extra``, so that
``read_graphml`` gives back exactly the map that was written.

Limits and choices:

- Ids: GraphML ids are XML name tokens. Entity and relation ids made of other
  characters (spaces, non-ASCII letters, emoji) are written as ``n0``, ``e0``, ...
  with the real id in the key ``relmap_id``.
- Direction: ``edgedefault="directed"``; an undirected relation says so in its
  ``directed`` key, not in GraphML's per-edge ``directed`` XML attribute, because
  networkx refuses files that mix directed and undirected edges. Reading honours the
  key, the XML attribute and ``edgedefault``, in that order.
- The y axis: the ``x``/``y`` keys are Gephi's, whose y points up, so they hold the
  relmap scene y (pointing down, as in Qt) negated. yEd points y down like relmap; its
  geometry holds the node's top-left corner.
- Positions: an entity's own x/y, else the one in ``positions``; positions from
  ``positions`` are flagged with ``layout=true`` and read back as no position.
- yEd draws only its own graphics: ``yed=True`` adds them (``y:ShapeNode`` with
  geometry, fill, label and shape; ``y:PolyLineEdge`` with colour, arrows and label).
  The GraphML 1.1 schema forbids element content in ``<data>`` and the
  ``yfiles.type`` attribute, so that output is valid only against GraphML as yEd
  extends it (its ygraphml.xsd); the default output is valid GraphML 1.1, which yEd
  opens with every node at the origin and labels to be mapped by hand.
- Files are read whole and must be UTF-8. Edge ids a file repeats are made unique.
- Refused with the line: DTDs, hyperedges, ports, nested graphs (yEd groups), more than
  one graph, duplicate node ids, edges to missing nodes, data of unknown keys,
  values that do not fit their key's type.
- Read but dropped: Gephi's drawing keys (``r``, ``g``, ``b``, ``size``), graph-tool's
  ``parse.*`` hints, yEd graphics other than labels and node centres, ``<desc>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from relmap.io.records import Fields, Item, Positions, build_dataset, dataset_items, to_json
from relmap.io.relmap_json import PathOrFile
from relmap.io.xmlsafe import (
    Record,
    Value,
    XmlDocument,
    as_bool,
    columns,
    local,
    only_child,
    parse_xml,
    value_text,
    write_output,
    xml_text,
)
from relmap.model.types import FORMAT, Dataset
from relmap.style import EDGE_WIDTH, NODE_SIZE, entity_style, relation_style

NS = "http://graphml.graphdrawing.org/xmlns"
YED_NS = "http://www.yworks.com/xml/graphml"
_NAME_TOKEN = re.compile(r"[A-Za-z0-9._:-]+\Z")
_PREFIX = {"graph": "g_", "node": "v_", "edge": "e_"}
_JSON_MEMBERS = {"sources": list, "entity_types": dict, "relation_types": dict}
_YED_SHAPES = {
    "square": "rectangle",
    "diamond": "diamond",
    "triangle": "triangle",
    "hexagon": "hexagon",
}


def is_name_token(text: str) -> bool:
    """True for ids and key names GraphML takes as they are (ASCII name tokens)."""
    return bool(_NAME_TOKEN.match(text))


# --- writing --------------------------------------------------------------------


def write_graphml(
    ds: Dataset,
    path_or_file: str | Path | IO[str] | IO[bytes],
    positions: Positions | None = None,
    *,
    yed: bool = False,
) -> None:
    """Write ``ds`` as GraphML; ``yed=True`` adds yEd's drawing (see the module notes)."""
    write_output(xml_text(graphml_element(ds, positions, yed=yed)), path_or_file)


def graphml_element(
    ds: Dataset, positions: Positions | None = None, *, yed: bool = False
) -> ET.Element:
    shell, nodes, edges = _items(ds, positions)
    root = ET.Element("graphml", {"xmlns": NS, **({"xmlns:y": YED_NS} if yed else {})})
    graph_values = _graph_values(shell)
    _declare_keys(root, "graph", [graph_values])
    _declare_keys(root, "node", [node.values for node in nodes])
    _declare_keys(root, "edge", [edge.values for edge in edges])
    if yed:
        for kind in ("node", "edge"):
            attrs = {"id": f"yfiles_{kind}", "for": kind, "yfiles.type": f"{kind}graphics"}
            ET.SubElement(root, "key", attrs)
    graph = ET.SubElement(root, "graph", {"id": "G", "edgedefault": "directed"})
    _add_data(graph, "graph", graph_values)
    for kind, items in (("node", nodes), ("edge", edges)):
        for item in items:
            _write_item(graph, kind, item, ds, yed)
    return root


def _items(
    ds: Dataset, positions: Positions | None
) -> tuple[dict[str, Any], list[Item], list[Item]]:
    """dataset_items with GraphML ids, and the name and interaction Cytoscape reads."""
    shell, nodes, edges = dataset_items(ds, positions, is_name_token)
    node_ids = _xml_ids(nodes, "n")
    _xml_ids(edges, "e")
    for node in nodes:
        node.values["name"] = node.values["label"]
    for edge in edges:
        edge.values["interaction"] = edge.values["type"]
        edge.source, edge.target = node_ids[edge.source], node_ids[edge.target]
    return shell, nodes, edges


def _write_item(graph: ET.Element, kind: str, item: Item, ds: Dataset, yed: bool) -> None:
    attrs = {"id": str(item.id)}
    if kind == "edge":
        attrs.update(source=item.source, target=item.target)
    elem = ET.SubElement(graph, kind, attrs)
    if yed:  # first, so that networkx's reading of yEd graphics does not win
        draw = _yed_node if kind == "node" else _yed_edge
        draw(ET.SubElement(elem, "data", {"key": f"yfiles_{kind}"}), ds, item.values)
    _add_data(elem, kind, item.values)


def _xml_ids(items: list[Item], prefix: str) -> dict[str, str]:
    """Give items that cannot keep their id as a GraphML id a new one (n0, n1, ...);
    the real id goes into ``relmap_id``. Returns old id -> GraphML id."""
    used = {str(item.id) for item in items if is_name_token(str(item.id))}
    renamed: dict[str, str] = {}
    counter = 0
    for item in items:
        old = str(item.id)
        if not is_name_token(old):
            while f"{prefix}{counter}" in used:
                counter += 1
            item.id = f"{prefix}{counter}"
            used.add(item.id)
            item.values["relmap_id"] = old
        renamed[old] = str(item.id)
    return renamed


def _graph_values(shell: dict[str, Any]) -> Record:
    values: Record = {"relmap": FORMAT}
    extra: dict[str, Any] = {}
    for key, value in shell.items():
        if key in ("title", "description"):
            values[key] = value
        elif key in _JSON_MEMBERS:
            values[key] = to_json(value)
        elif key != "format":
            extra[key] = value
    if extra:
        values["relmap_extra"] = to_json(extra)
    return values


def _declare_keys(root: ET.Element, kind: str, records: list[Record]) -> None:
    for name, column in columns(records).items():
        attr_type = "int" if name in ("r", "g", "b") else column  # as Gephi writes them
        attrs = {"id": _PREFIX[kind] + name, "for": kind, "attr.name": name}
        ET.SubElement(root, "key", {**attrs, "attr.type": attr_type})


def _add_data(elem: ET.Element, kind: str, values: Record) -> None:
    for name, value in values.items():
        ET.SubElement(elem, "data", {"key": _PREFIX[kind] + name}).text = value_text(value)


def _yed_node(data: ET.Element, ds: Dataset, values: Record) -> None:
    style = entity_style(ds, str(values["type"]))
    shape = ET.SubElement(data, "y:ShapeNode")
    geometry = {"width": NODE_SIZE, "height": NODE_SIZE}
    if isinstance(values.get("x"), float) and isinstance(values.get("y"), float):
        geometry["x"] = float(values["x"]) - NODE_SIZE / 2
        geometry["y"] = -float(values["y"]) - NODE_SIZE / 2  # back to y-down
    ET.SubElement(shape, "y:Geometry", {k: value_text(v) for k, v in geometry.items()})
    ET.SubElement(shape, "y:Fill", {"color": style.color, "transparent": "false"})
    ET.SubElement(shape, "y:BorderStyle", {"color": "#FFFFFF", "type": "line", "width": "1.0"})
    label = ET.SubElement(shape, "y:NodeLabel", {"modelName": "sides", "modelPosition": "s"})
    label.text = str(values["label"])
    ET.SubElement(shape, "y:Shape", {"type": _YED_SHAPES.get(style.shape, "ellipse")})


def _yed_edge(data: ET.Element, ds: Dataset, values: Record) -> None:
    color = relation_style(ds, str(values["type"])).color
    line_type = "line" if "evidence" in values else "dashed"  # unsupported: dashed
    edge = ET.SubElement(data, "y:PolyLineEdge")
    line = {"color": color, "type": line_type, "width": value_text(EDGE_WIDTH)}
    ET.SubElement(edge, "y:LineStyle", line)
    arrow = "standard" if values["directed"] else "none"
    ET.SubElement(edge, "y:Arrows", {"source": "none", "target": arrow})
    if "label" in values:
        ET.SubElement(edge, "y:EdgeLabel").text = str(values["label"])


# --- reading --------------------------------------------------------------------


@dataclass(frozen=True)
class _Key:
    name: str
    type: str | None
    domain: str
    yfiles: str | None
    default: Value | None


def read_graphml(path_or_file: PathOrFile) -> Dataset:
    """Load GraphML from relmap or another tool; DatasetError names each line at fault."""
    xml = parse_xml(path_or_file)
    if local(xml.root.tag) != "graphml":
        xml.fail(xml.root, f"<{local(xml.root.tag)}> is not GraphML: expected <graphml>")
    keys = _keys(xml)
    graph_elem = only_child(xml, xml.root, "graph")
    graph = Item(graph_elem.get("id"), {}, xml.line(graph_elem))
    nodes: list[Item] = []
    edges: list[Item] = []
    for child in graph_elem:
        name = local(child.tag)
        if name == "data":
            _read_data(xml, keys, child, graph.values, {})
        elif name == "node" and (node := _node(xml, keys, child)):
            nodes.append(node)
        elif name == "edge":
            edges.append(_edge(xml, keys, child))
        elif name == "hyperedge":
            xml.add(
                child,
                "<hyperedge> is not supported: relmap maps have edges between two entities only",
            )
    _apply_defaults(keys, "graph", graph.values)
    xml.report.check()  # what relmap cannot hold, before what follows from it
    default_directed = graph_elem.get("edgedefault", "directed") != "undirected"
    shell = _relmap_shell(graph, xml)
    return build_dataset(xml.report, shell, graph, nodes, edges, default_directed)


def _keys(xml: XmlDocument) -> dict[str, _Key]:
    keys: dict[str, _Key] = {}
    for elem in xml.root:
        if local(elem.tag) != "key":
            continue
        key_id, attr_type = elem.get("id", ""), elem.get("attr.type")
        name = elem.get("attr.name") or key_id
        default: Value | None = None
        for child in elem:
            if local(child.tag) == "default":
                default = xml.value(child, child.text, attr_type or "string", name)
        domain, yfiles = elem.get("for", "all"), elem.get("yfiles.type")
        keys[key_id] = _Key(name, attr_type, domain, yfiles, default)
    return keys


def _apply_defaults(keys: dict[str, _Key], domain: str, values: Record) -> None:
    for key in keys.values():
        if key.default is not None and key.domain in (domain, "all"):
            values.setdefault(key.name, key.default)


def _node(xml: XmlDocument, keys: dict[str, _Key], elem: ET.Element) -> Item | None:
    values = _contents(xml, keys, elem, "node")
    if not elem.get("id"):
        xml.add(elem, "<node> has no id")
        return None
    return Item(elem.get("id"), values, xml.line(elem))


def _edge(xml: XmlDocument, keys: dict[str, _Key], elem: ET.Element) -> Item:
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


def _contents(xml: XmlDocument, keys: dict[str, _Key], elem: ET.Element, kind: str) -> Record:
    """The values of a node or edge; yEd's label and centre fill in what keys lack."""
    values: Record = {}
    drawing: Record = {}
    where = f"<{kind} id='{elem.get('id', '')}'> (line {xml.line(elem)})"
    for child in elem:
        name = local(child.tag)
        if name == "data":
            _read_data(xml, keys, child, values, drawing)
        elif name == "port":
            xml.add(
                child,
                f"<port name='{child.get('name', '')}'> in {where} is not "
                "supported: relmap entities have no ports",
            )
        elif name == "graph":
            xml.add(
                child,
                f"<graph> nested in {where} is not supported: relmap maps have "
                "no groups or subgraphs",
            )
    for name, value in drawing.items():
        values.setdefault(name, value)
    _apply_defaults(keys, kind, values)
    return values


def _read_data(
    xml: XmlDocument, keys: dict[str, _Key], elem: ET.Element, values: Record, drawing: Record
) -> None:
    key_id = elem.get("key", "")
    key = keys.get(key_id)
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
    for name, kind in _JSON_MEMBERS.items():
        if name in graph.values:
            shell[name] = fields.json(name, kind)
    shell.update(fields.json("relmap_extra", dict))
    return shell
