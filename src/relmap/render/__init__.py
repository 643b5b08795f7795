"""Pictures of a map (PNG, SVG, PDF) drawn headless with matplotlib, matching the window."""

from relmap.render.image import ExportResult, export_image

__all__ = ["ExportResult", "export_image"]
