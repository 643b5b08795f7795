"""Label placement: candidates, collisions, priority, hiding, and speed on 10k labels."""

from __future__ import annotations

import itertools
import random
import time

from relmap.layout.labels import (
    LabelPlacement,
    LabelRequest,
    boxes_overlap,
    candidates,
    place_labels,
)


def _req(id: str, x: float, y: float, priority: float = 0.0, w: float = 40.0) -> LabelRequest:
    return LabelRequest(id, x, y, radius=10.0, width=w, height=12.0, priority=priority)


def _no_overlaps(placements: dict[str, LabelPlacement]) -> bool:
    shown = [p for p in placements.values() if p.shown]
    return not any(boxes_overlap(a.box, b.box) for a, b in itertools.combinations(shown, 2))


def test_empty() -> None:
    assert place_labels([]) == {}


def test_lone_label_goes_below_its_node() -> None:
    p = place_labels([_req("a", 100.0, 50.0)])["a"]
    assert p.shown and p.overlap == 0.0
    assert p.x == 100.0
    left, top, right, bottom = p.box
    assert top == 50.0 + 10.0 + 2.0  # y down: below means a larger y
    assert (left, right) == (80.0, 120.0) and bottom - top == 12.0
    assert p.top_left == (80.0, 62.0)


def test_candidate_order_below_above_right_left_then_diagonals() -> None:
    req = _req("a", 0.0, 0.0)
    c = candidates(req)
    assert c[0][1] > 0 and c[0][0] == 0  # below
    assert c[1][1] < 0 and c[1][0] == 0  # above
    assert c[2][0] > 0 and c[2][1] == 0  # right
    assert c[3][0] < 0 and c[3][1] == 0  # left
    assert all(x != 0 and y != 0 for x, y in c[4:])
    assert len(set(c)) == 8


def test_no_candidate_covers_its_own_node() -> None:
    req = _req("a", 5.0, 7.0, w=3.0)
    own = LabelRequest("a", 5.0, 7.0, 10.0, 3.0, 12.0)
    for cx, cy in candidates(req):
        box = (cx - 1.5, cy - 6.0, cx + 1.5, cy + 6.0)
        nx = min(max(own.x, box[0]), box[2])
        ny = min(max(own.y, box[1]), box[3])
        assert (nx - own.x) ** 2 + (ny - own.y) ** 2 > own.radius**2


def test_second_label_moves_when_below_is_taken() -> None:
    # b sits right below a: a's "below" would cover b's disc, so a goes above.
    out = place_labels([_req("a", 0.0, 0.0, 2), _req("b", 0.0, 30.0, 1)])
    assert out["a"].y < 0
    assert out["b"].y > 30
    assert _no_overlaps(out)


def test_higher_priority_gets_first_choice() -> None:
    # Two nodes side by side whose "below" labels would collide.
    reqs = [_req("low", 0.0, 0.0, 1), _req("high", 30.0, 0.0, 5)]
    out = place_labels(reqs)
    assert out["high"].x == 30.0 and out["high"].y > 0  # its first choice
    assert not (out["low"].x == 0.0 and out["low"].y > 0)  # its "below" was taken
    assert _no_overlaps(out)


def test_crowded_labels_all_shown_by_default() -> None:
    reqs = [_req(str(i), 0.0, 0.0, w=60.0) for i in range(12)]
    out = place_labels(reqs)
    assert len(out) == 12 and all(p.shown for p in out.values())
    assert any(p.overlap > 0 for p in out.values())


def test_hide_overlapping_hides_instead() -> None:
    reqs = [_req(str(i), 0.0, 0.0, w=60.0) for i in range(12)]
    out = place_labels(reqs, hide_overlapping=True)
    assert len(out) == 12
    shown = [p for p in out.values() if p.shown]
    assert 1 <= len(shown) <= 8 and all(p.overlap == 0.0 for p in shown)
    assert _no_overlaps(out)


def test_least_overlapping_candidate_when_all_collide() -> None:
    # A ring of nodes around "c" blocks every candidate; c still gets a label.
    ring = [
        _req(f"r{i}", 22.0 * dx, 22.0 * dy)
        for i, (dx, dy) in enumerate(itertools.product((-1, 0, 1), repeat=2))
        if (dx, dy) != (0, 0)
    ]
    out = place_labels([*ring, _req("c", 0.0, 0.0, -1)])
    assert out["c"].shown and out["c"].overlap > 0


def test_grid_of_nodes_no_overlap_when_room() -> None:
    reqs = [_req(f"{i}-{j}", i * 100.0, j * 60.0, w=70.0) for i in range(20) for j in range(20)]
    out = place_labels(reqs)
    assert all(p.shown and p.overlap == 0.0 for p in out.values())
    assert _no_overlaps(out)


def test_ten_thousand_labels_are_fast_and_disjoint() -> None:
    rng = random.Random(1)
    reqs = [
        LabelRequest(
            str(i),
            rng.uniform(0, 20000),
            rng.uniform(0, 12000),
            6.0,
            rng.uniform(30, 120),
            12.0,
            rng.random(),
        )
        for i in range(10_000)
    ]
    start = time.perf_counter()
    out = place_labels(reqs, hide_overlapping=True)
    elapsed = time.perf_counter() - start
    assert elapsed < 5.0
    shown = [p for p in out.values() if p.shown]
    assert len(shown) > 5000
    # Check disjointness with a sort-and-sweep rather than 50M pairs.
    shown.sort(key=lambda p: p.box[0])
    for i, a in enumerate(shown):
        for b in shown[i + 1 :]:
            if b.box[0] >= a.box[2]:
                break
            assert not boxes_overlap(a.box, b.box)


def test_avoid_nodes_false_lets_names_cover_other_nodes() -> None:
    # b's disc sits where a's label goes first; by default a moves, without avoidance not.
    reqs = [_req("a", 0.0, 0.0, 2), LabelRequest("b", 0.0, 19.0, 3.0, 10.0, 12.0, 1)]
    assert place_labels(reqs)["a"].y < 0
    assert place_labels(reqs, avoid_nodes=False)["a"].y > 0


def test_avoid_lines_prefers_a_candidate_no_line_crosses() -> None:
    # A vertical line through the spots below and above the node: the label goes right.
    line = (0.0, -100.0, 0.0, 100.0)
    out = place_labels([_req("a", 0.0, 0.0)], avoid_lines=[line])["a"]
    assert out.x > 0 and out.y == 0.0 and out.lines_crossed == 0
    # Crossing lines never hide a label or beat overlap: everywhere crossed, it goes below.
    box = [(-200.0, y, 200.0, y) for y in range(-60, 61, 4)]
    out = place_labels([_req("a", 0.0, 0.0)], avoid_lines=box, hide_overlapping=True)["a"]
    assert out.shown and out.y > 0 and out.lines_crossed > 0
