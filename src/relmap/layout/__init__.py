"""Layouts: pure functions from a graph (and a seed) to positions in scene units."""
