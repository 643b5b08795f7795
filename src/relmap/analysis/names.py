"""Finding entities by name or alias, ignoring case and accents."""

from __future__ import annotations

import unicodedata

from relmap.model.types import Dataset, Entity


def normalize(text: str) -> str:
    """Casefolded, accents stripped, spaces collapsed: 'Nursultan  NAZARBÁYEV' ->
    'nursultan nazarbayev'."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def entity_names(entity: Entity) -> list[str]:
    """The name first, then the aliases."""
    return [entity.name, *entity.aliases]


def find_entity(ds: Dataset, query: str) -> Entity | None:
    """The entity whose id, name or alias equals ``query`` (normalized); failing that,
    the single entity whose name or alias contains it. None when there is no match or
    several equally good ones."""
    matches = find_entities(ds, query)
    return matches[0] if len(matches) == 1 else None


def find_entities(ds: Dataset, query: str) -> list[Entity]:
    """Exact id/name/alias matches if any, else substring matches, in file order."""
    key = normalize(query)
    if not key:
        return []
    exact = [
        e for e in ds.entities
        if e.id == query or any(normalize(n) == key for n in entity_names(e))
    ]  # fmt: skip
    if exact:
        return exact
    return [e for e in ds.entities if any(key in normalize(n) for n in entity_names(e))]
