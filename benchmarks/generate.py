"""Synthetic relmap/1 maps of realistic shape, for the benchmarks.

Scale-free degree distribution (preferential attachment) with 20 communities (80 % of
the relations inside one), several entity and relation types, dates on about half the
relations, and an evidence quote on every relation taken from one of a few long source
texts, with exact offsets. Seeded: the same arguments write the same file.

    uv run python benchmarks/generate.py 10000 50000 -o /tmp/map-10k.json
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import numpy as np

ENTITY_TYPES = ["person"] * 6 + ["organization"] * 2 + ["institution", "country", "place", "event"]
RELATION_TYPES = ["knows", "works_for", "owns", "director_of", "member_of", "funds",
                  "located_in", "related_to", "advises", "met"]  # fmt: skip
SYLLABLES = ["ka", "ri", "mo", "ta", "na", "se", "lu", "vo", "zh", "an", "el", "or", "ib", "um"]
WORDS = ["the", "met", "with", "company", "minister", "board", "signed", "deal", "fund",
         "said", "report", "office", "bank", "in", "of", "and", "to", "a", "trust"]  # fmt: skip
SOURCES = 4
SOURCE_CHARS = 400_000
COMMUNITIES = 20
VERSION = 2  # of the maps written: cached maps of another version are not reused
IN_COMMUNITY = 0.8


def _name(rng: random.Random) -> str:
    first = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title()
    last = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).title()
    return f"{first} {last}"


def _edges(n: int, m: int, rng: np.random.Generator) -> np.ndarray:
    """m edges by preferential attachment within communities: entity i belongs to
    community i % COMMUNITIES; each new edge stays in its community with probability
    IN_COMMUNITY, and picks an old endpoint with probability proportional to its degree
    there (a Barabasi-Albert-like process), so degrees are heavy-tailed and the map has
    the clusters that real networks have."""
    per_node = max(1, m // n)
    extra = m - per_node * n
    targets = np.empty(m, dtype=np.int64)
    sources = np.empty(m, dtype=np.int64)
    ends: list[int] = []
    own: list[list[int]] = [[] for _ in range(COMMUNITIES)]  # endpoints per community
    k = 0
    for node in range(1, n):
        count = per_node + (1 if extra > 0 and rng.random() < extra / n else 0)
        home = node % COMMUNITIES
        for _ in range(count):
            if k >= m:
                break
            inside = node > home + COMMUNITIES and rng.random() < IN_COMMUNITY
            pool = own[home] if inside else ends
            if pool and rng.random() < 0.85:
                pick = pool[rng.integers(0, len(pool))]
            elif inside:  # any earlier member of the community
                pick = home + COMMUNITIES * int(rng.integers(0, (node - home) // COMMUNITIES))
            else:
                pick = int(rng.integers(0, node))
            sources[k], targets[k] = node, pick
            ends += (node, pick)
            own[node % COMMUNITIES].append(node)
            own[pick % COMMUNITIES].append(pick)
            k += 1
    while k < m:  # top up with random pairs
        a, b = rng.integers(0, n, 2)
        if a != b:
            sources[k], targets[k] = a, b
            k += 1
    return np.stack([sources[:k], targets[:k]], axis=1)


def _text(rng: random.Random, chars: int) -> str:
    words = []
    size = 0
    while size < chars:
        w = rng.choice(WORDS)
        words.append(w)
        size += len(w) + 1
    return " ".join(words)


def generate(entities: int, relations: int, seed: int = 1) -> dict:
    rng = random.Random(seed)
    nprng = np.random.default_rng(seed)
    texts = [_text(rng, SOURCE_CHARS) for _ in range(SOURCES)]
    sources = [
        {"id": f"s{i}", "title": f"Synthetic source {i}", "text": t} for i, t in enumerate(texts)
    ]
    ents = [
        # Entity i is in community i % COMMUNITIES: every community gets every type.
        {
            "id": f"e{i}",
            "name": _name(rng),
            "type": ENTITY_TYPES[i // COMMUNITIES % len(ENTITY_TYPES)],
        }
        for i in range(entities)
    ]
    rels = []
    for k, (a, b) in enumerate(_edges(entities, relations, nprng)):
        src = rng.randrange(SOURCES)
        start = rng.randrange(0, SOURCE_CHARS - 120)
        end = start + rng.randint(20, 100)
        rel = {
            "id": f"r{k}",
            "source": f"e{a}",
            "target": f"e{b}",
            "type": RELATION_TYPES[(int(a) * 7 + int(b)) % len(RELATION_TYPES)],
            "evidence": [
                {"source": f"s{src}", "quote": texts[src][start:end], "start": start, "end": end}
            ],
        }
        if rng.random() < 0.5:
            y = rng.randint(1990, 2020)
            rel["start"] = str(y)
            if rng.random() < 0.5:
                rel["end"] = str(y + rng.randint(0, 8))
        rels.append(rel)
    return {
        "format": "relmap/1",
        "title": f"Synthetic map {entities}/{relations} (seed {seed})",
        "sources": sources,
        "entities": ents,
        "relations": rels,
    }


def write(
    entities: int, relations: int, out: Path, seed: int = 1, positions: dict | None = None
) -> Path:
    doc = generate(entities, relations, seed)
    if positions:
        for e in doc["entities"]:
            e["x"], e["y"] = positions[e["id"]]
    out.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return out


SIZES = {"1k": (1_000, 5_000), "10k": (10_000, 50_000), "100k": (100_000, 500_000)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("entities", type=int)
    parser.add_argument("relations", type=int)
    parser.add_argument("-o", "--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write(args.entities, args.relations, args.out, args.seed)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
