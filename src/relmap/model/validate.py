"""Validation of relmap/1 documents: the JSON Schema, then what a schema cannot say.

Every problem carries the JSON path of the value at fault (``relations[7].evidence[0]``)
and a sentence a person can act on. Validation collects all problems rather than
stopping at the first, so a file can be fixed in one pass.
"""

from __future__ import annotations

import calendar
import copy
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from relmap.model.types import FORMAT, SHAPES
from relmap.resources import resource_path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document, at a JSON path ('' for the whole document)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class DatasetError(Exception):
    """A map could not be loaded; ``problems`` lists everything found wrong."""

    def __init__(self, problems: Sequence[Problem], filename: str | None = None) -> None:
        self.problems = list(problems)
        self.filename = filename
        super().__init__(self.report())

    def report(self) -> str:
        where = f"{self.filename}: " if self.filename else ""
        count = len(self.problems)
        head = f"{where}{count} problem{'s' if count != 1 else ''} found"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


class UnreadableFileError(DatasetError):
    """The file could not be read at all (missing, a folder, no permission)."""


def json_path(parts: Iterable[str | int]) -> str:
    """Render ``['relations', 7, 'evidence', 0]`` as ``relations[7].evidence[0]``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.isidentifier():
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
    return out


@cache
def schema() -> dict[str, Any]:
    """The relmap/1 JSON Schema shipped in resources/."""
    with resource_path("relmap-1.schema.json").open(encoding="utf-8") as f:
        loaded: dict[str, Any] = json.load(f)
    return loaded


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


@cache
def _fast_validator() -> Any:
    return jsonschema_rs.validator_for(schema())


def is_schema_valid(doc: Any) -> bool:
    """True when ``doc`` is valid against the relmap/1 schema (by jsonschema-rs)."""
    valid: bool = _fast_validator().is_valid(doc)
    return valid


# The kinds of object a large map has by the hundred thousand.
_MANY = ("entity", "relation", "evidence")


@cache
def _known_keys_validator() -> Any:
    strict = copy.deepcopy(schema())
    for name in _MANY:
        strict["$defs"][name]["additionalProperties"] = False
    return jsonschema_rs.validator_for(strict)


def is_valid_with_known_keys(doc: Any) -> bool:
    """True when ``doc`` is valid against the schema and no entity, relation or evidence
    in it has a key the schema does not name; False says nothing more.

    A stricter copy of the schema answers this at the cost of the schema check alone
    (+4%), where asking each of 500,000 relations in Python would take far longer."""
    valid: bool = _known_keys_validator().is_valid(doc)
    return valid


def validate_document(doc: Any) -> list[Problem]:
    """All problems of a parsed JSON document; an empty list means it is a valid map.

    jsonschema-rs answers valid/invalid ~100x faster than jsonschema (0.5 s against
    minutes for 500,000 relations); jsonschema then words the problems of an invalid
    document, which is the rare case."""
    problems: list[Problem] = []
    if not is_schema_valid(doc):
        problems = [_schema_problem(e) for e in _validator().iter_errors(doc)]
        problems.sort(key=lambda p: _sort_key(p.path))
    if isinstance(doc, dict):
        problems.extend(_semantic_problems(doc))
    return problems


def _sort_key(path: str) -> list[Any]:
    return [int(t) if t.isdigit() else t for t in path.replace("]", "").split("[")]


_JSON_TYPES = {
    dict: "an object",
    list: "an array",
    str: "a string",
    bool: "a boolean",
    int: "a number",
    float: "a number",
    type(None): "null",
}
_DATE_HINT = "YYYY, YYYY-MM or YYYY-MM-DD"


def _describe(value: Any) -> str:
    kind = _JSON_TYPES.get(type(value), type(value).__name__)
    shown = json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict | list) or len(shown) > 40:
        return kind
    return f"{kind} ({shown})"


def _schema_problem(error: ValidationError) -> Problem:
    path = json_path(error.absolute_path)
    kind, value, wanted = error.validator, error.instance, error.validator_value
    if kind == "required":
        missing = [name for name in wanted if name not in value]
        message = f"missing required field '{missing[0]}'"
    elif kind == "type":
        wanted_list = wanted if isinstance(wanted, list) else [wanted]
        message = f"expected {' or '.join(wanted_list)}, got {_describe(value)}"
    elif kind == "const" and path == "format":
        message = f"must be '{FORMAT}', got {_describe(value)}"
    elif kind == "enum":
        message = f"{_describe(value)} is not a shape; use one of {', '.join(SHAPES)}"
    elif kind == "pattern" and "#" in str(wanted):
        message = f"{_describe(value)} is not a color like #1F77B4"
    elif kind == "pattern" or (kind == "anyOf" and isinstance(value, str)):
        message = f"{_describe(value)} is not a date ({_DATE_HINT})"
    elif kind == "anyOf":
        message = f"expected a date string or null, got {_describe(value)}"
    elif kind == "minLength":
        message = "must not be empty"
    elif kind == "minimum":
        message = f"must be 0 or more, got {value}"
    else:
        message = error.message
    return Problem(path, message)


def _semantic_problems(doc: dict[str, Any]) -> Iterator[Problem]:
    sources = _items(doc, "sources")
    entities = _items(doc, "entities")
    relations = _items(doc, "relations")
    yield from _duplicates("sources", sources)
    yield from _duplicates("entities", entities)
    yield from _duplicates("relations", relations)
    for i, source in sources:
        yield from _date_problems(f"sources[{i}].published", source.get("published"))
    texts = {s["id"]: s["text"] for _, s in sources if _is_str(s.get("text"))}
    entity_ids = {e.get("id") for _, e in entities}
    # Without an entity list every reference would be reported; the schema has said why.
    check_refs = isinstance(doc.get("entities"), list)
    # The loop below runs once per relation (500,000 in a large map): the common,
    # valid case takes a fast path and only a suspect value gets the full checks.
    bounds = date_bounds
    for i, rel in relations:
        get = rel.get
        if check_refs and (get("source") not in entity_ids or get("target") not in entity_ids):
            yield from _reference_problems(i, rel, entity_ids)
        start, end = get("start"), get("end")
        if start is not None or end is not None:
            sb = bounds(start) if type(start) is str else None
            eb = bounds(end) if type(end) is str else None
            if (
                (start is not None and sb is None)
                or (end is not None and eb is None)
                or (sb and eb and eb[1] < sb[0])
            ):
                yield from _interval_problems(f"relations[{i}]", start, end)
        evidence = get("evidence")
        if type(evidence) is not list:
            continue
        for j, ev in enumerate(evidence):
            # Inlined check of the usual valid evidence; anything else gets the full one.
            if type(ev) is dict:
                s, e, text = ev.get("start"), ev.get("end"), texts.get(ev.get("source"))
                if (
                    type(s) is int
                    and type(e) is int
                    and text is not None
                    and 0 <= s <= e <= len(text)
                    and text[s:e] == ev.get("quote")
                    and s < e
                ):
                    continue
                yield from _evidence_problems(f"relations[{i}].evidence[{j}]", ev, texts)


def _reference_problems(i: int, rel: dict[str, Any], entity_ids: set[Any]) -> Iterator[Problem]:
    for end in ("source", "target"):
        ref = rel.get(end)
        if _is_str(ref) and ref and ref not in entity_ids:
            yield Problem(f"relations[{i}].{end}", f"no entity has the id '{ref}'")


def _items(parent: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    """The object members of ``parent[key]`` with their indices; anything else is skipped
    here because the schema check has already reported it."""
    value = parent.get(key)
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _is_str(value: Any) -> bool:
    return isinstance(value, str)


def _duplicates(key: str, items: list[tuple[int, dict[str, Any]]]) -> Iterator[Problem]:
    ids = [item.get("id") for _, item in items]
    if len(set(ids)) == len(ids):
        return
    first_seen: dict[str, int] = {}
    for i, item in items:
        ident = item.get("id")
        if not _is_str(ident) or not ident:
            continue
        if ident in first_seen:
            first = f"{key}[{first_seen[ident]}]"
            yield Problem(f"{key}[{i}].id", f"duplicate id '{ident}' (first used at {first})")
        else:
            first_seen[ident] = i


@lru_cache(maxsize=8192)
def date_bounds(value: str) -> tuple[tuple[int, int, int], tuple[int, int, int]] | None:
    """Earliest and latest day an ISO date of YYYY, YYYY-MM or YYYY-MM-DD can mean;
    None when it is no real date."""
    parts = value.split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        return None
    year = int(parts[0])
    if len(parts[0]) != 4 or any(len(p) != 2 for p in parts[1:]):
        return None
    if len(parts) == 1:
        return (year, 1, 1), (year, 12, 31)
    month = int(parts[1])
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    if len(parts) == 2:
        return (year, month, 1), (year, month, last)
    day = int(parts[2])
    if not 1 <= day <= last:
        return None
    return (year, month, day), (year, month, day)


def _date_problems(path: str, value: Any) -> Iterator[Problem]:
    if _is_str(value) and _looks_like_date(value) and date_bounds(value) is None:
        yield Problem(path, f"'{value}' is no calendar date ({_DATE_HINT})")


def _looks_like_date(value: str) -> bool:
    # Shape errors were already reported by the schema; only calendar errors are left.
    return all(p.isdigit() for p in value.split("-"))


def _interval_problems(base: str, start: Any, end: Any) -> Iterator[Problem]:
    yield from _date_problems(f"{base}.start", start)
    yield from _date_problems(f"{base}.end", end)
    if not (_is_str(start) and _is_str(end)):
        return
    start_bounds, end_bounds = date_bounds(start), date_bounds(end)
    if start_bounds and end_bounds and end_bounds[1] < start_bounds[0]:
        yield Problem(f"{base}.end", f"ends ({end}) before it starts ({start})")


def _evidence_problems(path: str, ev: dict[str, Any], texts: dict[str, str]) -> Iterator[Problem]:
    source_id, quote = ev.get("source"), ev.get("quote")
    if not _is_str(source_id) or not _is_str(quote) or not quote:
        return
    if source_id not in texts:
        yield Problem(f"{path}.source", f"no source has the id '{source_id}'")
        return
    text = texts[source_id]
    start, end = ev.get("start"), ev.get("end")
    if start is None and end is None:
        if quote not in text:
            yield Problem(path, f"quote not found in source '{source_id}': {_clip(quote)}")
        return
    if not (isinstance(start, int) and isinstance(end, int)):
        yield Problem(path, "give both start and end offsets, or neither")
        return
    if isinstance(start, bool) or isinstance(end, bool) or start < 0 or end < 0:
        return
    if end > len(text) or start > end:
        yield Problem(
            path,
            f"offsets {start}..{end} are out of range for source '{source_id}' "
            f"({len(text)} characters)",
        )
        return
    if text[start:end] != quote:
        found = text.find(quote)
        hint = f"; it occurs at {found}..{found + len(quote)}" if found >= 0 else ""
        yield Problem(path, f"quote not found at {start}..{end} of source '{source_id}'{hint}")


def _clip(text: str, limit: int = 60) -> str:
    return json.dumps(text if len(text) <= limit else text[: limit - 1] + "…", ensure_ascii=False)
