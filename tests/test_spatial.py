import numpy as np

from relmap.spatial import BlockIndex, distance_to_polyline


def brute(boxes, q):
    x0, y0, x1, y1 = q
    return {
        i for i, b in enumerate(boxes) if b[0] <= x1 and b[2] >= x0 and b[1] <= y1 and b[3] >= y0
    }


def test_block_index_matches_brute_force_before_and_after_updates():
    rng = np.random.default_rng(5)
    centres = rng.uniform(-1000, 1000, (3000, 2))
    sizes = rng.uniform(0, 40, (3000, 2))
    boxes = np.hstack([centres - sizes, centres + sizes])
    index = BlockIndex(boxes)
    for _ in range(50):
        x, y = rng.uniform(-1000, 1000, 2)
        q = (x - 30, y - 30, x + 30, y + 30)
        assert set(index.query(q).tolist()) == brute(boxes, q)
    rows = np.arange(0, 3000, 7)
    boxes[rows] += 500
    index.update(rows, boxes[rows])
    for _ in range(50):
        x, y = rng.uniform(-1000, 1500, 2)
        q = (x - 60, y - 60, x + 60, y + 60)
        assert set(index.query(q).tolist()) == brute(boxes, q)
    assert set(index.query((-1e9, -1e9, 1e9, 1e9)).tolist()) == set(range(3000))


def test_empty_index_and_polyline_distance():
    assert len(BlockIndex(np.zeros((0, 4))).query((0, 0, 1, 1))) == 0
    assert distance_to_polyline(0, 1, [(-1, 0), (1, 0)]) == 1
