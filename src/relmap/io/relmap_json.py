"""relmap/1 JSON: the native format, read and written losslessly.

Limits: the whole file is read into memory; JSON numbers become Python int/float, so
integers keep full precision but floats are IEEE doubles. Keys relmap does not know
are kept in each object's ``extra`` and written back in place. Evidence offsets that a
file leaves out are filled in on load by finding the quote (first occurrence).
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import IO, Any

import orjson

from relmap.gcpause import gc_paused
from relmap.io.relmap_build import ENTITY_KEYS as _ENTITY_KEYS
from relmap.io.relmap_build import EVIDENCE_KEYS as _EVIDENCE_KEYS
from relmap.io.relmap_build import RELATION_KEYS as _RELATION_KEYS
from relmap.io.relmap_build import SOURCE_KEYS as _SOURCE_KEYS
from relmap.io.relmap_build import assemble, build_checked, extra_of
from relmap.model.types import (
    FORMAT,
    Dataset,
    Entity,
    Evidence,
    Relation,
    Source,
)
from relmap.model.validate import (
    DatasetError,
    Problem,
    UnreadableFileError,
    is_schema_valid,
    is_valid_with_known_keys,
    validate_document,
)

PathOrFile = str | Path | IO[str] | IO[bytes]


def read_json(path_or_file: PathOrFile) -> Dataset:
    """Load and validate a relmap/1 file; DatasetError lists every problem found."""
    name, data = _read_data(path_or_file)
    return _load(data, name)


def loads(text: str | bytes, filename: str | None = None) -> Dataset:
    """Parse and validate relmap/1 text (a str, or UTF-8 bytes with or without a BOM)."""
    return _load(text, filename)


def _load(data: str | bytes, filename: str | None) -> Dataset:
    """The fast way first; a map it cannot vouch for (not JSON to orjson, a problem of
    any kind) takes the exact way, the json module and validate_document, so that every
    problem keeps its wording and line/column numbers."""
    with gc_paused(keep_as_old=True):
        dataset = _load_fast(data)
    return dataset if dataset is not None else _load_exact(data, filename)


def _load_fast(data: str | bytes) -> Dataset | None:
    """orjson, the schema by jsonschema-rs, then the semantic checks and the objects in
    one pass (relmap_build); None where the exact way must decide."""
    doc = _fast_parse(data)
    if doc is None:
        return None
    known_keys_only = is_valid_with_known_keys(doc)
    if not known_keys_only and not is_schema_valid(doc):
        return None
    return build_checked(doc, known_keys_only)


def _fast_parse(data: str | bytes) -> Any:
    """The document by orjson, or None where it refuses what json may accept (NaN,
    1e400, lone surrogates) or words the error differently."""
    source: str | bytes | memoryview = data
    if isinstance(data, bytes) and data.startswith(codecs.BOM_UTF8):
        # What utf-8-sig drops, without a copy of the whole file.
        source = memoryview(data)[len(codecs.BOM_UTF8) :]
    try:
        return orjson.loads(source)
    except orjson.JSONDecodeError:
        return None


def _load_exact(data: str | bytes, filename: str | None) -> Dataset:
    text = _decode(data, filename)
    try:
        with gc_paused():
            doc = json.loads(text)
    except json.JSONDecodeError as exc:
        problem = Problem("", f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}")
        raise DatasetError([problem], filename) from None
    except RecursionError:
        raise DatasetError([Problem("", "not valid JSON: nested too deeply")], filename) from None
    with gc_paused():
        problems = validate_document(doc)
    if problems:
        raise DatasetError(problems, filename)
    with gc_paused(keep_as_old=True):
        return from_document(doc)


def write_json(dataset: Dataset, path_or_file: str | Path | IO[str]) -> None:
    """Write ``dataset`` as relmap/1 (UTF-8, indented, non-ASCII kept readable)."""
    text = dumps(dataset)
    if isinstance(path_or_file, str | Path):
        Path(path_or_file).write_text(text, encoding="utf-8")
    else:
        path_or_file.write(text)


def dumps(dataset: Dataset) -> str:
    return json.dumps(to_document(dataset), ensure_ascii=False, indent=2) + "\n"


def _read_text(path_or_file: PathOrFile) -> tuple[str | None, str]:
    """The name and the text of a file; DatasetError when it is unreadable or no UTF-8."""
    name, data = _read_data(path_or_file)
    return name, _decode(data, name)


def _read_data(path_or_file: PathOrFile) -> tuple[str | None, str | bytes]:
    """The name and the undecoded content of a file: orjson reads the bytes directly."""
    name: str | None
    if isinstance(path_or_file, str | Path):
        name = str(path_or_file)
        try:
            return name, Path(path_or_file).read_bytes()
        except OSError as exc:
            problem = Problem("", f"cannot read the file: {exc.strerror or exc}")
            raise UnreadableFileError([problem], name) from None
    name = getattr(path_or_file, "name", None)
    return (str(name) if name is not None else None), path_or_file.read()


def _decode(data: str | bytes, name: str | None) -> str:
    if not isinstance(data, bytes):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problem = Problem("", f"not UTF-8 text: byte {exc.start} cannot be decoded")
        raise DatasetError([problem], name) from None


def from_document(doc: dict[str, Any]) -> Dataset:
    """Build a Dataset from a validated relmap/1 document."""
    sources = [_source(s) for s in doc["sources"]]
    texts = {s.id: s.text for s in sources}
    entities = [_entity(e) for e in doc["entities"]]
    relations = [_relation(r, texts) for r in doc["relations"]]
    return assemble(doc, sources, entities, relations, extra_of)


def _source(s: dict[str, Any]) -> Source:
    return Source(
        s["id"],
        s["title"],
        s["text"],
        s.get("publisher"),
        s.get("url"),
        s.get("published"),
        extra_of(s, _SOURCE_KEYS),
    )


def _entity(e: dict[str, Any]) -> Entity:
    x, y = e.get("x"), e.get("y")
    return Entity(
        id=e["id"],
        name=e["name"],
        type=e["type"],
        aliases=list(e.get("aliases", [])),
        description=e.get("description"),
        attributes=dict(e.get("attributes", {})),
        x=float(x) if x is not None else None,
        y=float(y) if y is not None else None,
        extra=extra_of(e, _ENTITY_KEYS),
    )


def _relation(r: dict[str, Any], texts: dict[str, str]) -> Relation:
    # Positional arguments: this runs once per relation, 500,000 times in a large map.
    get = r.get
    evidence = get("evidence")
    return Relation(
        r["id"], r["source"], r["target"], r["type"], get("label"), get("directed", True),
        get("start"), get("end"), get("description"),
        [_evidence(ev, texts) for ev in evidence] if evidence else [],
        extra_of(r, _RELATION_KEYS),
    )  # fmt: skip


def _evidence(ev: dict[str, Any], texts: dict[str, str]) -> Evidence:
    start: int | None = ev.get("start")
    end: int | None = ev.get("end")
    quote = ev["quote"]
    if start is None or end is None:
        start = texts[ev["source"]].find(quote)
        end = start + len(quote)
    return Evidence(ev["source"], quote, start, end, extra_of(ev, _EVIDENCE_KEYS))


def to_document(ds: Dataset) -> dict[str, Any]:
    """The relmap/1 document for ``ds``; optional fields that are unset are left out."""
    doc: dict[str, Any] = {"format": FORMAT}
    _put(doc, "title", ds.title)
    _put(doc, "description", ds.description)
    doc["sources"] = [_source_doc(s) for s in ds.sources]
    if ds.entity_types:
        doc["entity_types"] = {
            k: _style_doc(label=t.label, color=t.color, shape=t.shape, extra=t.extra)
            for k, t in ds.entity_types.items()
        }
    if ds.relation_types:
        doc["relation_types"] = {
            k: _style_doc(label=t.label, color=t.color, directed=t.directed, extra=t.extra)
            for k, t in ds.relation_types.items()
        }
    doc["entities"] = [_entity_doc(e) for e in ds.entities]
    doc["relations"] = [_relation_doc(r) for r in ds.relations]
    doc.update(ds.extra)
    return doc


def _put(doc: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        doc[key] = value


def _style_doc(*, extra: dict[str, Any], **fields: Any) -> dict[str, Any]:
    out = {k: v for k, v in fields.items() if v is not None}
    out.update(extra)
    return out


def _source_doc(s: Source) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": s.id, "title": s.title}
    for key in ("publisher", "url", "published"):
        _put(doc, key, getattr(s, key))
    doc["text"] = s.text
    doc.update(s.extra)
    return doc


def _entity_doc(e: Entity) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": e.id, "name": e.name, "type": e.type}
    if e.aliases:
        doc["aliases"] = list(e.aliases)
    _put(doc, "description", e.description)
    if e.attributes:
        doc["attributes"] = dict(e.attributes)
    _put(doc, "x", e.x)
    _put(doc, "y", e.y)
    doc.update(e.extra)
    return doc


def _relation_doc(r: Relation) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": r.id, "source": r.source, "target": r.target, "type": r.type}
    _put(doc, "label", r.label)
    if not r.directed:
        doc["directed"] = False
    _put(doc, "start", r.start)
    _put(doc, "end", r.end)
    _put(doc, "description", r.description)
    doc["evidence"] = [
        {"source": ev.source, "quote": ev.quote, "start": ev.start, "end": ev.end, **ev.extra}
        for ev in r.evidence
    ]
    doc.update(r.extra)
    return doc
