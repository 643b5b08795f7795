"""Questions asked of a map: names, filters, timeline, neighbourhoods, paths, metrics.
Qt-free, so the command line, the window and the tests share it."""
