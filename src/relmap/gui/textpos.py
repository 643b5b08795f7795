"""Python str indices (code points, as relmap stores offsets) versus Qt text positions
(UTF-16 code units): they differ after every character outside the Basic Multilingual
Plane, such as emoji."""

from __future__ import annotations


def to_qt(text: str, index: int) -> int:
    """The Qt (UTF-16) position of Python index ``index`` in ``text``."""
    prefix = text[:index]
    return index + sum(1 for c in prefix if ord(c) > 0xFFFF)


def from_qt(text: str, position: int) -> int:
    """The Python index of Qt (UTF-16) position ``position`` in ``text``."""
    units = 0
    for i, c in enumerate(text):
        if units >= position:
            return i
        units += 2 if ord(c) > 0xFFFF else 1
    return len(text)
