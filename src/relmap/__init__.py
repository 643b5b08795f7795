"""relmap: map who is connected to whom, and the evidence for it."""

__version__ = "0.1.0"
