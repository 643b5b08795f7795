"""The Inspector dock: the selected entity with its relations, or the selected relation
with its evidence. Every piece of data text goes through html.escape, so a name or a
quote containing markup is shown literally and nothing it names is ever fetched."""

from __future__ import annotations

from collections import defaultdict
from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

from relmap import style
from relmap.model.types import Dataset, Entity, Relation

CSS = """
body { font-family: 'DejaVu Sans', sans-serif; }
h2 { margin: 0 0 2px 0; }
.type { color: #57606a; }
.quote { color: #1f2328; background: #fff8c5; }
.muted { color: #6e7781; }
.warn { color: #9a3412; font-weight: bold; }
td { padding: 1px 6px 1px 0; vertical-align: top; }
"""


def swatch(color: str) -> str:
    return f'<span style="color:{escape(color)}">&#9632;</span>'


def dates(rel: Relation) -> str:
    if not rel.start and not rel.end:
        return ""
    return f"{escape(rel.start or '…')} – {escape(rel.end or '…')}"


class Inspector(QTextBrowser):
    """Shows one entity or one relation; links navigate ("entity:ID", "relation:ID")."""

    entityRequested = Signal(str)
    relationRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setDefaultStyleSheet(CSS)
        self.anchorClicked.connect(self._follow)
        self.ds: Dataset | None = None
        self.show_nothing()

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        """Never fetch anything a document refers to (data text is escaped anyway)."""
        return None

    def set_dataset(self, ds: Dataset) -> None:
        self.ds = ds
        self.show_nothing()

    def show_nothing(self) -> None:
        self.setHtml(
            "<p class='muted'>Click an entity or a relation in the map to inspect it. "
            "Ctrl+F searches by name.</p>"
        )

    def _follow(self, url: QUrl) -> None:
        kind, _, ident = url.toString().partition(":")
        if kind == "entity":
            self.entityRequested.emit(QUrl.fromPercentEncoding(ident.encode()))
        elif kind == "relation":
            self.relationRequested.emit(QUrl.fromPercentEncoding(ident.encode()))
        elif kind in ("http", "https"):
            QDesktopServices.openUrl(url)

    def show_entity(self, entity_id: str, extra_html: str = "") -> None:
        """Show an entity; ``extra_html`` (already escaped) goes after its attributes."""
        assert self.ds is not None
        self.setHtml(entity_html(self.ds, self.ds.entity(entity_id), extra_html))

    def show_relation(self, relation_id: str) -> None:
        assert self.ds is not None
        self.setHtml(relation_html(self.ds, self.ds.relation(relation_id)))

    def show_html(self, html: str) -> None:
        self.setHtml(html)


def link(kind: str, ident: str, text: str) -> str:
    href = escape(bytes(QUrl.toPercentEncoding(ident).data()).decode(), quote=True)
    return f'<a href="{kind}:{href}">{escape(text)}</a>'


def entity_html(ds: Dataset, e: Entity, extra_html: str = "") -> str:
    st = style.entity_style(ds, e.type)
    parts = [f"<h2>{swatch(st.color)} {escape(e.name)}</h2>",
             f"<div class='type'>{escape(st.label)}</div>"]  # fmt: skip
    if e.aliases:
        parts.append(f"<p><b>Also:</b> {escape(', '.join(e.aliases))}</p>")
    if e.description:
        parts.append(f"<p>{escape(e.description)}</p>")
    if e.attributes:
        rows = "".join(
            f"<tr><td class='muted'>{escape(k)}</td><td>{escape(str(v))}</td></tr>"
            for k, v in e.attributes.items()
        )
        parts.append(f"<table>{rows}</table>")
    parts.append(extra_html)
    parts.append(relations_html(ds, e))
    return "".join(parts)


def relations_html(ds: Dataset, e: Entity) -> str:
    groups: dict[str, list[Relation]] = defaultdict(list)
    for r in ds.relations_of(e.id):
        groups[r.type].append(r)
    if not groups:
        return "<p class='muted'>No relations.</p>"
    names = {x.id: x.name for x in ds.entities}
    out = [f"<h3>Relations ({sum(len(g) for g in groups.values())})</h3>"]
    for rtype, rels in groups.items():
        rst = style.relation_style(ds, rtype)
        out.append(f"<p><b>{swatch(rst.color)} {escape(rst.label)}</b></p><ul>")
        for r in rels:
            out.append(f"<li>{relation_line(r, e.id, names)}</li>")
        out.append("</ul>")
    return "".join(out)


def relation_line(r: Relation, here: str, names: dict[str, str]) -> str:
    other = r.target if r.source == here else r.source
    arrow = "→" if r.source == here else "←"
    if not r.directed:
        arrow = "—"
    label = link("relation", r.id, r.label or r.type)
    when = dates(r)
    line = f"{label} {arrow} {link('entity', other, names.get(other, other))}"
    if when:
        line += f" <span class='muted'>({when})</span>"
    if not r.evidence:
        line += " <span class='warn'>unsupported</span>"
    for ev in r.evidence[:2]:
        line += f"<br><span class='quote'>“{escape(ev.quote)}”</span>"
    return line


def relation_html(ds: Dataset, r: Relation) -> str:
    names = {x.id: x.name for x in ds.entities}
    rst = style.relation_style(ds, r.type)
    arrow = "→" if r.directed else "—"
    parts = [
        f"<h2>{swatch(rst.color)} {escape(r.label or rst.label)}</h2>",
        f"<div class='type'>{escape(rst.label)} relation</div>",
        f"<p>{link('entity', r.source, names.get(r.source, r.source))} {arrow} "
        f"{link('entity', r.target, names.get(r.target, r.target))}</p>",
    ]
    when = dates(r)
    if when:
        parts.append(f"<p><b>When:</b> {when}</p>")
    if r.description:
        parts.append(f"<p class='muted'>{escape(r.description)}</p>")
    if not r.evidence:
        parts.append("<p class='warn'>Unsupported: no evidence quotes this relation.</p>")
    titles = {s.id: s.title for s in ds.sources}
    for i, ev in enumerate(r.evidence, 1):
        parts.append(
            f"<h3>Evidence {i}</h3><p><span class='quote'>“{escape(ev.quote)}”</span></p>"
            f"<p class='muted'>{escape(titles.get(ev.source, ev.source))}, "
            f"characters {ev.start}–{ev.end}</p>"
        )
    return "".join(parts)
