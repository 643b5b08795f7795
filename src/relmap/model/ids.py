"""Readable, unique ids for new entities and relations."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection


def slugify(text: str) -> str:
    """'Kassym-Jomart Tokayev' -> 'kassym_jomart_tokayev'; non-Latin letters are kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    slug = re.sub(r"[^\w]+", "_", plain).strip("_")
    return slug or "item"


def unique_id(base: str, taken: Collection[str]) -> str:
    """``slugify(base)``, with _2, _3, ... appended until it is not in ``taken``."""
    slug = slugify(base)
    if slug not in taken:
        return slug
    n = 2
    while f"{slug}_{n}" in taken:
        n += 1
    return f"{slug}_{n}"
