"""The Filters dock: entity and relation types, a name match, the timeline and the focus
on the selected entity. It only describes what to show (a ViewFilter); the window
applies it to the view, the legend and the status bar."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSlider,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from relmap import style
from relmap.analysis.filters import TypeCounts, ViewFilter
from relmap.analysis.timeline import year_span
from relmap.gui.icons import line_icon, shape_icon
from relmap.model.types import Dataset

PLAY_MS = 900


class FiltersPanel(QScrollArea):
    filterChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.ds: Dataset | None = None
        self.focus_id: str | None = None
        self.entity_boxes: dict[str, QCheckBox] = {}
        self.relation_boxes: dict[str, QCheckBox] = {}
        body = QWidget()
        self.layout_ = QVBoxLayout(body)
        self.text = QLineEdit()
        self.text.setPlaceholderText("Show names containing…")
        self.text.setClearButtonEnabled(True)
        self.text.textChanged.connect(self._changed)
        self.layout_.addWidget(self.text)
        self.hide_isolated = QCheckBox("Hide unconnected entities")
        self.hide_isolated.setToolTip("Hide entities left without any visible relation")
        self.hide_isolated.toggled.connect(self._changed)
        self.layout_.addWidget(self.hide_isolated)
        self.dim = QCheckBox("Dim instead of hiding")
        self.dim.setToolTip(
            "Relations outside the timeline and entities outside the focus stay, faded"
        )
        self.dim.toggled.connect(self._changed)
        self.layout_.addWidget(self.dim)
        self.layout_.addWidget(self._timeline_box())
        self.layout_.addWidget(self._focus_box())
        self.entity_group = QGroupBox("Entity types")
        self.entity_layout = QVBoxLayout(self.entity_group)
        self.relation_group = QGroupBox("Relation types")
        self.relation_layout = QVBoxLayout(self.relation_group)
        self.layout_.addWidget(self.entity_group)
        self.layout_.addWidget(self.relation_group)
        self.layout_.addStretch(1)
        self.setWidget(body)
        self.play_timer = QTimer(self)
        self.play_timer.setInterval(PLAY_MS)
        self.play_timer.timeout.connect(self._step)

    # ----- construction ------------------------------------------------------------------
    def _switch_box(self, title: str) -> QGroupBox:
        """A group box with a check box in its title that turns the part on."""
        box = QGroupBox(title)
        box.setCheckable(True)
        box.setChecked(False)
        box.toggled.connect(self._changed)
        return box

    def _timeline_box(self) -> QGroupBox:
        box = self.timeline = self._switch_box("Timeline")
        self.mode = QComboBox()
        self.mode.addItems(["As of year", "Years from – to"])
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.year_from = QSlider(Qt.Orientation.Horizontal)
        self.year_to = QSlider(Qt.Orientation.Horizontal)
        for slider in (self.year_from, self.year_to):
            slider.setTickPosition(QSlider.TickPosition.TicksBelow)
            slider.valueChanged.connect(self._slider_moved)
        self.year_label = QLabel()
        self.keep_undated = QCheckBox("Keep relations without dates")
        self.keep_undated.setChecked(True)
        self.keep_undated.toggled.connect(self._changed)
        self.play = QPushButton()
        self.play.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.play.setToolTip("Step through the years")
        self.play.setCheckable(True)
        self.play.toggled.connect(self._play_toggled)
        row = QHBoxLayout()
        row.addWidget(self.mode, 1)
        row.addWidget(self.play)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(self.year_label)
        layout.addWidget(self.year_from)
        layout.addWidget(self.year_to)
        layout.addWidget(self.keep_undated)
        self.year_to.setVisible(False)
        return box

    def _focus_box(self) -> QGroupBox:
        box = self.focus = self._switch_box("Focus on the selected entity")
        self.hops = QSpinBox()
        self.hops.setRange(1, 3)
        self.hops.setSuffix(" step(s)")
        self.hops.valueChanged.connect(self._changed)
        self.focus_label = QLabel("Select an entity in the map.")
        self.focus_label.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        row.addWidget(QLabel("Neighbourhood of"))
        row.addWidget(self.hops)
        layout.addLayout(row)
        layout.addWidget(self.focus_label)
        return box

    def set_dataset(self, ds: Dataset) -> None:
        self.ds = ds
        self.focus_id = None
        self.play.setChecked(False)
        for layout, boxes in (
            (self.entity_layout, self.entity_boxes),
            (self.relation_layout, self.relation_boxes),
        ):
            for box in boxes.values():
                layout.removeWidget(box)
                box.deleteLater()
            boxes.clear()
        for kind in sorted({e.type for e in ds.entities}):
            st = style.entity_style(ds, kind)
            self.entity_boxes[kind] = self._type_box(
                self.entity_layout, st.label, shape_icon(st.shape, st.color)
            )
        kinds = sorted(
            {r.type for r in ds.relations}, key=lambda k: style.relation_style(ds, k).label
        )
        for kind in kinds:
            rst = style.relation_style(ds, kind)
            self.relation_boxes[kind] = self._type_box(
                self.relation_layout, rst.label, line_icon(rst.color)
            )
        span = year_span(ds)
        self.timeline.setEnabled(span is not None)
        lo, hi = span or (0, 0)
        for slider in (self.year_from, self.year_to):
            slider.blockSignals(True)
            slider.setRange(lo, hi)
            slider.blockSignals(False)
        self.year_from.setValue(lo)
        self.year_to.setValue(hi)
        self._update_year_label()

    def _type_box(self, layout: QVBoxLayout, label: str, icon: QIcon) -> QCheckBox:
        box = QCheckBox(label)
        box.setIcon(icon)
        box.setChecked(True)
        box.setProperty("label", label)
        box.toggled.connect(self._changed)
        layout.addWidget(box)
        return box

    # ----- state ------------------------------------------------------------------------
    def view_filter(self, with_dimmable: bool = True) -> ViewFilter:
        """The filter the controls describe; without the timeline and focus parts when
        ``with_dimmable`` is False (those are dimmed rather than hidden on request)."""
        f = ViewFilter(
            hidden_entity_types=frozenset(
                k for k, b in self.entity_boxes.items() if not b.isChecked()
            ),
            hidden_relation_types=frozenset(
                k for k, b in self.relation_boxes.items() if not b.isChecked()
            ),
            hide_isolated=self.hide_isolated.isChecked(),
            text=self.text.text(),
        )
        if not with_dimmable:
            return f
        if self.timeline.isChecked() and self.timeline.isEnabled():
            if self.mode.currentIndex() == 0:
                f = replace(
                    f, as_of=self.year_from.value(), keep_undated=self.keep_undated.isChecked()
                )
            else:
                lo, hi = sorted((self.year_from.value(), self.year_to.value()))
                f = replace(f, year_from=lo, year_to=hi, keep_undated=self.keep_undated.isChecked())
        if self.focus.isChecked() and self.focus_id is not None:
            f = replace(f, focus=self.focus_id, hops=self.hops.value())
        return f

    def set_focus_entity(self, entity_id: str | None, name: str = "") -> None:
        self.focus_id = entity_id
        self.focus_label.setText(f"around {name}" if entity_id else "Select an entity in the map.")
        if self.focus.isChecked():
            self._changed()

    def set_as_of(self, year: int) -> None:
        """Show the map as of ``year`` (turns the timeline on)."""
        self.mode.setCurrentIndex(0)
        self.timeline.setChecked(True)
        self.year_from.setValue(year)
        self._changed()

    def show_counts(self, counts: TypeCounts) -> None:
        """Visible/total counts in the type checkboxes' labels."""
        for kind, box in self.entity_boxes.items():
            c = counts.entities.get(kind)
            box.setText(f"{box.property('label')} ({c.visible if c else 0}/{c.total if c else 0})")
        for kind, box in self.relation_boxes.items():
            c = counts.relations.get(kind)
            box.setText(f"{box.property('label')} ({c.visible if c else 0}/{c.total if c else 0})")

    # ----- reactions ------------------------------------------------------------------------
    def _changed(self, *_args: object) -> None:
        self.filterChanged.emit()

    def _mode_changed(self, index: int) -> None:
        self.year_to.setVisible(index == 1)
        self._update_year_label()
        self._changed()

    def _slider_moved(self, _value: int) -> None:
        self._update_year_label()
        if self.timeline.isChecked():
            self._changed()

    def _update_year_label(self) -> None:
        if self.mode.currentIndex() == 0:
            self.year_label.setText(f"As of {self.year_from.value()}")
        else:
            lo, hi = sorted((self.year_from.value(), self.year_to.value()))
            self.year_label.setText(f"From {lo} to {hi}")

    def _play_toggled(self, on: bool) -> None:
        icon = QStyle.StandardPixmap.SP_MediaPause if on else QStyle.StandardPixmap.SP_MediaPlay
        self.play.setIcon(self.style().standardIcon(icon))
        if on:
            self.mode.setCurrentIndex(0)
            self.timeline.setChecked(True)
            if self.year_from.value() >= self.year_from.maximum():
                self.year_from.setValue(self.year_from.minimum())
            self.play_timer.start()
        else:
            self.play_timer.stop()

    def _step(self) -> None:
        if self.year_from.value() >= self.year_from.maximum():
            self.play.setChecked(False)
            return
        self.year_from.setValue(self.year_from.value() + 1)
