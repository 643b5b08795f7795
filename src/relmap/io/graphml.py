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
``read_graphml`` gives back exactly the map that was written. Writing builds the text
line by line; reading takes relmap's own files by patterns (relmap.io.graphml_scan)
and others by a parse (relmap.io.graphml_in), with the same result.

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
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from relmap.gcpause import gc_paused
from relmap.io.graphml_in import JSON_MEMBERS, dataset_from_growth, dataset_from_tree
from relmap.io.graphml_scan import scan_dataset
from relmap.io.items import Item, Positions, dataset_items, to_json
from relmap.io.relmap_json import PathOrFile
from relmap.io.xmlsafe import (
    CONTENT_TEXT,
    Declined,
    Record,
    Report,
    Value,
    columns,
    content_text,
    element,
    grow,
    read_xml,
    value_text,
    write_output,
    xml_document,
)
from relmap.model.types import FORMAT, Dataset
from relmap.style import EDGE_WIDTH, NODE_SIZE, entity_style, relation_style

NS = "http://graphml.graphdrawing.org/xmlns"
YED_NS = "http://www.yworks.com/xml/graphml"
_NAME_TOKEN = re.compile(r"[A-Za-z0-9._:-]+\Z")
_PREFIX = {"graph": "g_", "node": "v_", "edge": "e_"}
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
    with gc_paused():  # millions of short-lived strings and records, none in a cycle
        write_output(graphml_text(ds, positions, yed=yed), path_or_file)


def graphml_text(ds: Dataset, positions: Positions | None = None, *, yed: bool = False) -> str:
    """The GraphML document, indented, written line by line as text: building an
    ElementTree to serialize took most of the time of an export.

    Ids and key names need no escaping in attributes: they are name tokens (see
    ``_xml_ids``; attributes get typed columns only under such names)."""
    shell, nodes, edges = _items(ds, positions)
    graph_values = _graph_values(shell)
    lines = [f'<graphml xmlns="{NS}"' + (f' xmlns:y="{YED_NS}">' if yed else ">")]
    lines.extend(_key_lines("graph", [graph_values]))
    lines.extend(_key_lines("node", [node.values for node in nodes]))
    lines.extend(_key_lines("edge", [edge.values for edge in edges]))
    if yed:
        for kind in ("node", "edge"):
            lines.append(f'  <key id="yfiles_{kind}" for="{kind}" yfiles.type="{kind}graphics" />')
    lines.append('  <graph id="G" edgedefault="directed">')
    _DataLines("    ", "graph").add(lines, graph_values)
    node_data, edge_data = _DataLines("      ", "node"), _DataLines("      ", "edge")
    for node in nodes:
        lines.append(f'    <node id="{node.id}">')
        if yed:  # first, so that networkx's reading of yEd graphics does not win
            lines.extend(_yed_node(ds, node.values))
        node_data.add(lines, node.values)
        lines.append("    </node>")
    for edge in edges:
        lines.append(f'    <edge id="{edge.id}" source="{edge.source}" target="{edge.target}">')
        if yed:
            lines.extend(_yed_edge(ds, edge.values))
        edge_data.add(lines, edge.values)
        lines.append("    </edge>")
    lines += ["  </graph>", "</graphml>"]
    return xml_document(lines)


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


def _xml_ids(items: list[Item], prefix: str) -> dict[str, str]:
    """Give items that cannot keep their id as a GraphML id a new one (n0, n1, ...);
    the real id goes into ``relmap_id``. Returns old id -> GraphML id."""
    old_ids = [str(item.id) for item in items]
    fits = list(map(is_name_token, old_ids))
    if all(fits):
        return dict(zip(old_ids, old_ids, strict=True))  # the usual case
    used = {old for old, fit in zip(old_ids, fits, strict=True) if fit}
    renamed: dict[str, str] = {}
    counter = 0
    for item, old, fit in zip(items, old_ids, fits, strict=True):
        if not fit:
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
        elif key in JSON_MEMBERS:
            values[key] = to_json(value)
        elif key != "format":
            extra[key] = value
    if extra:
        values["relmap_extra"] = to_json(extra)
    return values


def _key_lines(kind: str, records: list[Record]) -> Iterator[str]:
    for name, column in columns(records).items():
        attr_type = "int" if name in ("r", "g", "b") else column  # as Gephi writes them
        key_id = _PREFIX[kind] + name
        yield f'  <key id="{key_id}" for="{kind}" attr.name="{name}" attr.type="{attr_type}" />'


class _DataLines:
    """The ``<data>`` lines of the items of one kind: the hot loop of an export. Most
    values repeat (types, colours, flags, weights), so the line of each value of a
    key is kept, up to a bound, and written again when the value comes back."""

    _KEPT = 1024  # lines kept for each key

    def __init__(self, indent: str, kind: str) -> None:
        self.start = f'{indent}<data key="{_PREFIX[kind]}'
        self.kept: dict[str, dict[Value, tuple[type, str]]] = {}

    def add(self, lines: list[str], values: Record) -> None:
        mark = len(lines)
        try:
            self._add_kept(lines, values)
        except TypeError:  # a value that cannot be kept: of no GraphML type
            del lines[mark:]
            lines.extend(self._line(name, content_text(value)) for name, value in values.items())

    def _add_kept(self, lines: list[str], values: Record) -> None:
        kept, append, start = self.kept, lines.append, self.start
        for name, value in values.items():
            kind = type(value)
            if (by_value := kept.get(name)) is None:
                by_value = kept[name] = {}
            found = by_value.get(value)
            if found is not None and found[0] is kind:  # by type too: True == 1 == 1.0
                append(found[1])
                continue
            text = CONTENT_TEXT.get(kind, content_text)(value)
            line = f'{start}{name}">{text}</data>' if text else f'{start}{name}" />'
            # -0.0 equals 0.0 but is written differently: zeros are not kept.
            if len(by_value) < self._KEPT and (value or kind is not float):
                by_value[value] = (kind, line)
            append(line)

    def _line(self, name: str, text: str) -> str:
        start = self.start
        return f'{start}{name}">{text}</data>' if text else f'{start}{name}" />'


def _yed_node(ds: Dataset, values: Record) -> list[str]:
    style = entity_style(ds, str(values["type"]))
    geometry: Record = {"width": NODE_SIZE, "height": NODE_SIZE}
    if isinstance(values.get("x"), float) and isinstance(values.get("y"), float):
        geometry["x"] = float(values["x"]) - NODE_SIZE / 2
        geometry["y"] = -float(values["y"]) - NODE_SIZE / 2  # back to y-down
    label = {"modelName": "sides", "modelPosition": "s"}
    return _yed_data(
        "node",
        "y:ShapeNode",
        [
            element("y:Geometry", {k: value_text(v) for k, v in geometry.items()}),
            element("y:Fill", {"color": style.color, "transparent": "false"}),
            element("y:BorderStyle", {"color": "#FFFFFF", "type": "line", "width": "1.0"}),
            element("y:NodeLabel", label, str(values["label"])),
            element("y:Shape", {"type": _YED_SHAPES.get(style.shape, "ellipse")}),
        ],
    )


def _yed_edge(ds: Dataset, values: Record) -> list[str]:
    color = relation_style(ds, str(values["type"])).color
    line_type = "line" if "evidence" in values else "dashed"  # unsupported: dashed
    line = {"color": color, "type": line_type, "width": value_text(EDGE_WIDTH)}
    arrow = "standard" if values["directed"] else "none"
    parts = [
        element("y:LineStyle", line),
        element("y:Arrows", {"source": "none", "target": arrow}),
    ]
    if "label" in values:
        parts.append(element("y:EdgeLabel", None, str(values["label"])))
    return _yed_data("edge", "y:PolyLineEdge", parts)


def _yed_data(kind: str, tag: str, parts: list[str]) -> list[str]:
    """The ``<data>`` of yEd's graphics of a node or an edge, indented."""
    return [
        f'      <data key="yfiles_{kind}">',
        f"        <{tag}>",
        *(f"          {part}" for part in parts),
        f"        </{tag}>",
        "      </data>",
    ]


# --- reading --------------------------------------------------------------------


def read_graphml(path_or_file: PathOrFile) -> Dataset:
    """Load GraphML from relmap or another tool; DatasetError names each line at fault."""
    return read_xml(path_or_file, _read_fast, dataset_from_tree)


def _read_fast(name: str | None, text: str) -> Dataset:
    """The map by the fastest reader that takes the file: relmap.io.graphml_scan for
    relmap's own layout, else the reading of the growing tree (relmap.io.graphml_in)."""
    try:
        return scan_dataset(Report(name), text)
    except Declined:
        return dataset_from_growth(name, grow(text))
