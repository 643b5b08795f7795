"""The ``relmap`` command: open the window, or validate, inspect and convert maps.

``relmap [FILE]`` opens the desktop window (the GUI is imported only then, so the
other commands run on machines without a display). Exit codes: 0 ok, 1 the file has
problems, 2 the file or arguments cannot be used at all.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from relmap import __version__
from relmap.io.relmap_json import read_json
from relmap.model.types import Dataset
from relmap.model.validate import DatasetError, UnreadableFileError
from relmap.resources import bundled_map_path

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE = 0, 1, 2
EXIT_CANCELLED = 130  # the shell's code for Ctrl+C

Handler = Callable[[argparse.Namespace], int]
_COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Handler]] = {}


def command(name: str, help_text: str, configure: Callable[[argparse.ArgumentParser], None]):
    """Register a subcommand: its help, its arguments and its handler."""

    def register(handler: Handler) -> Handler:
        _COMMANDS[name] = (help_text, configure, handler)
        return handler

    return register


def _file_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="a relmap/1 JSON file")


def load_or_report(path: Path, reader: Callable[[Path], Dataset] = read_json) -> Dataset | int:
    """The dataset at ``path``, or the exit code after printing its problems to stderr."""
    try:
        return reader(path)
    except UnreadableFileError as exc:
        print(exc.report(), file=sys.stderr)
        return EXIT_UNUSABLE
    except DatasetError as exc:
        print(exc.report(), file=sys.stderr)
        return EXIT_PROBLEMS


def load_any_or_report(path: Path) -> Dataset | int:
    """Like load_or_report, for any format relmap reads (chosen by the extension)."""
    from relmap.io.formats import read_any

    return load_or_report(path, read_any)


@command("validate", "check a map and list every problem with its JSON path", _file_arg)
def _validate(args: argparse.Namespace) -> int:
    loaded = load_or_report(args.file)
    if isinstance(loaded, int):
        return loaded
    print(
        f"{args.file}: valid relmap/1 ({len(loaded.entities)} entities, "
        f"{len(loaded.relations)} relations)"
    )
    return EXIT_OK


@command("info", "counts by type, the date range and the sources of a map", _file_arg)
def _info(args: argparse.Namespace) -> int:
    loaded = load_or_report(args.file)
    if isinstance(loaded, int):
        return loaded
    print(format_info(loaded, str(args.file)))
    return EXIT_OK


def format_info(ds: Dataset, name: str) -> str:
    """A plain-text summary of a map, as ``relmap info`` prints it."""
    lines = [f"{ds.title or name}", f"  file: {name}"]
    lines.append(f"  entities: {len(ds.entities)}")
    for kind, count in Counter(e.type for e in ds.entities).most_common():
        lines.append(f"    {kind:<24} {count}")
    lines.append(f"  relations: {len(ds.relations)}")
    for kind, count in Counter(r.type for r in ds.relations).most_common():
        lines.append(f"    {kind:<24} {count}")
    dates = sorted(d for r in ds.relations for d in (r.start, r.end) if d)
    span = f"{dates[0]} to {dates[-1]}" if dates else "no dates"
    lines.append(f"  dates: {span}")
    unsupported = sum(1 for r in ds.relations if not r.evidence)
    lines.append(f"  relations without evidence: {unsupported}")
    lines.append(f"  sources: {len(ds.sources)}")
    for s in ds.sources:
        meta = ", ".join(v for v in (s.publisher, s.published, s.url) if v)
        lines.append(f"    {s.id}: {s.title}" + (f" ({meta})" if meta else ""))
        lines.append(f"      {len(s.text)} characters")
    return "\n".join(lines)


def _path_args(parser: argparse.ArgumentParser) -> None:
    _file_arg(parser)
    parser.add_argument("a", help="an entity: id, name or alias (e.g. Tokayev)")
    parser.add_argument("b", help='another entity (e.g. "United States")')
    parser.add_argument("--limit", type=int, default=5, help="most chains to print (5)")


@command("path", "how are A and B connected? the shortest chains, with evidence", _path_args)
def _path(args: argparse.Namespace) -> int:
    from relmap.analysis.paths import path_report, resolve

    loaded = load_or_report(args.file)
    if isinstance(loaded, int):
        return loaded
    print(path_report(loaded, args.a, args.b, limit=args.limit))
    found = all(not isinstance(resolve(loaded, q), str) for q in (args.a, args.b))
    return EXIT_OK if found else EXIT_PROBLEMS


def _stats_args(parser: argparse.ArgumentParser) -> None:
    _file_arg(parser)
    parser.add_argument("--top", type=int, default=10, help="entities per metric (10)")


@command("stats", "the most central entities by degree, betweenness, eigenvector", _stats_args)
def _stats(args: argparse.Namespace) -> int:
    from relmap.analysis.metrics import stats_report

    loaded = load_or_report(args.file)
    if isinstance(loaded, int):
        return loaded
    print(stats_report(loaded, top=args.top))
    return EXIT_OK


IMAGE_SUFFIXES = (".png", ".svg", ".pdf")
DATA_SUFFIXES = (".json", ".graphml", ".gexf", ".csv")


def _export_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="a map (relmap JSON, GraphML, GEXF or CSV)")
    parser.add_argument("-o", "--out", type=Path, required=True,
                        help="output; the format follows its extension: "
                        + " ".join(IMAGE_SUFFIXES + DATA_SUFFIXES))  # fmt: skip
    images = parser.add_argument_group("pictures")
    images.add_argument("--scale", type=int, choices=(1, 2, 4), default=1,
                        help="PNG pixel scale: 1920x1080 times this (default 1)")  # fmt: skip
    images.add_argument("--width", type=int, default=1920, help="width in pixels at scale 1")
    images.add_argument("--height", type=int, default=1080, help="height in pixels at scale 1")
    images.add_argument("--transparent", action="store_true", help="no background")
    images.add_argument("--no-legend", action="store_true", help="leave the legend out")
    images.add_argument("--relation-labels", action="store_true", help="label the relations")
    images.add_argument("--title", help="a title above the map")
    view = parser.add_argument_group("what to export (default: the whole map)")
    view.add_argument("--as-of", type=int, metavar="YEAR", help="relations in force in YEAR")
    view.add_argument("--types", help="only these entity types, e.g. person,country")
    view.add_argument("--focus", metavar="ENTITY", help="an entity (id, name or alias)...")
    view.add_argument("--hops", type=int, choices=(1, 2, 3), default=1,
                      help="...and its neighbourhood of this many steps (default 1)")  # fmt: skip
    parser.add_argument("--yed", action="store_true",
                        help="GraphML: add yEd's drawing (shapes, labels, positions)")  # fmt: skip


@command("export", "write a map as PNG, SVG, PDF, GraphML, GEXF, CSV or JSON", _export_args)
def _export(args: argparse.Namespace) -> int:
    suffix = args.out.suffix.lower()
    if suffix not in IMAGE_SUFFIXES + DATA_SUFFIXES:
        print(f"relmap: cannot export to '{args.out.name}': use one of "
              f"{', '.join(IMAGE_SUFFIXES + DATA_SUFFIXES)}", file=sys.stderr)  # fmt: skip
        return EXIT_UNUSABLE
    loaded = load_any_or_report(args.file)
    if isinstance(loaded, int):
        return loaded
    view = _filtered_view(loaded, args)
    if isinstance(view, int):
        return view
    ds, visible = view
    from relmap.io.atomic import SaveError

    try:
        positions = positions_with_progress(loaded)
    except KeyboardInterrupt:
        print("relmap: cancelled", file=sys.stderr)
        return EXIT_CANCELLED
    try:
        if suffix in IMAGE_SUFFIXES:
            from relmap.render.image import export_image

            export_image(loaded, positions, args.out, width_px=args.width, height_px=args.height,
                         scale=args.scale, transparent=args.transparent, legend=not args.no_legend,
                         show_relation_labels=args.relation_labels, title=args.title,
                         visible_entities=visible[0], visible_relations=visible[1])  # fmt: skip
        else:
            from relmap.io.formats import write_any

            write_any(ds, args.out, positions, yed=args.yed)
    except (SaveError, OSError) as exc:
        print(f"relmap: cannot write {args.out}: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    print(f"wrote {args.out} ({len(ds.entities)} entities, {len(ds.relations)} relations)")
    return EXIT_OK


def positions_with_progress(ds: Dataset) -> dict[str, tuple[float, float]]:
    """Saved positions, or a layout; a large one shows a progress bar on stderr
    (Ctrl+C cancels)."""
    from relmap.layout.force import LARGE, dataset_positions
    from relmap.model.graph import build_graph

    graph = build_graph(ds)
    if len(ds.entities) <= LARGE or any(e.x is not None for e in ds.entities):
        return dataset_positions(ds, graph)
    from tqdm import tqdm

    from relmap.layout.large import large_layout

    with tqdm(total=100, desc="layout", unit="%", file=sys.stderr, leave=False) as bar:

        def progress(fraction: float) -> None:
            bar.update(round(fraction * 100) - bar.n)

        return large_layout(graph, progress=progress)


def _filtered_view(
    ds: Dataset, args: argparse.Namespace
) -> tuple[Dataset, tuple[set[str] | None, set[str] | None]] | int:
    """The map as the options ask (and the visible ids), or an exit code."""
    if args.as_of is None and args.types is None and args.focus is None:
        return ds, (None, None)
    from relmap.analysis.filters import ViewFilter, apply_filter, filtered_dataset
    from relmap.analysis.paths import resolve

    hidden: frozenset[str] = frozenset()
    if args.types:
        wanted = {t.strip() for t in args.types.split(",") if t.strip()}
        unknown = wanted - {e.type for e in ds.entities}
        if unknown:
            print(f"relmap: no entity has the type {', '.join(sorted(unknown))}", file=sys.stderr)
            return EXIT_UNUSABLE
        hidden = frozenset({e.type for e in ds.entities} - wanted)
    focus = None
    if args.focus:
        found = resolve(ds, args.focus)
        if isinstance(found, str):
            print(f"relmap: {found}", file=sys.stderr)
            return EXIT_UNUSABLE
        focus = found.id
    f = ViewFilter(hidden_entity_types=hidden, as_of=args.as_of, focus=focus, hops=args.hops)
    visible = apply_filter(ds, f)
    return filtered_dataset(ds, visible), (set(visible.entities), set(visible.relations))


def _import_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="GraphML, GEXF, CSV edge list or relmap JSON")
    parser.add_argument("-o", "--out", type=Path, required=True, help="the relmap JSON to write")


@command("import", "convert GraphML, GEXF or a CSV edge list to a relmap map", _import_args)
def _import(args: argparse.Namespace) -> int:
    from relmap.io.atomic import SaveError, atomic_write_text
    from relmap.io.relmap_json import dumps

    loaded = load_any_or_report(args.file)
    if isinstance(loaded, int):
        return loaded
    try:
        atomic_write_text(args.out, dumps(loaded))
    except SaveError as exc:
        print(f"relmap: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    print(f"wrote {args.out} ({len(loaded.entities)} entities, {len(loaded.relations)} relations)")
    return EXIT_OK


def _open_window(file: Path | None) -> int:
    path = file if file is not None else bundled_map_path()
    try:
        from relmap.gui.app import run  # Qt is imported only when a window is wanted.
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("relmap"):
            print(
                "relmap: the desktop window is not built yet; try 'relmap info FILE'",
                file=sys.stderr,
            )
            return EXIT_UNUSABLE
        raise
    return run(path)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="relmap",
        description="Map who is connected to whom, and the evidence for it. "
        "With no command, opens the window on FILE (default: the bundled map).",
    )
    parser.add_argument("--version", action="version", version=f"relmap {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    open_parser = sub.add_parser("open", help="open a map in the window (the default)")
    open_parser.add_argument("file", type=Path, nargs="?", help="a map file")
    for name, (help_text, configure, _handler) in _COMMANDS.items():
        configure(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # `relmap FILE` is short for `relmap open FILE`.
    if not args_list or (
        args_list[0] not in _COMMANDS
        and not args_list[0].startswith("-")
        and args_list[0] != "open"
    ):
        args_list.insert(0, "open")
    args = build_parser().parse_args(args_list)
    if args.command == "open":
        return _open_window(args.file)
    return _COMMANDS[args.command][2](args)


if __name__ == "__main__":
    sys.exit(main())
