"""The PySide6 desktop window. The only package of relmap that imports Qt."""
