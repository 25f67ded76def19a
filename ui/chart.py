"""A bar chart of one indicator's targets across plans (pictures beat numbers here).

Drawn with QPainter: a handful of bars needs no chart library, and the app's CJK font is used
for the labels.
"""
from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from kb.models import TargetRow

BAR_HEIGHT = 22
GAP = 6
# A fall (下降) and a level (达到) are not comparable: each gets its own colour.
COLOURS = {"下降": QColor("#2e7d32"), "降低": QColor("#2e7d32")}
DEFAULT_COLOUR = QColor("#1565c0")


class TargetChart(QWidget):
    """Horizontal bars, one per plan's target, for the targets sharing the most common unit."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.bars: list[tuple[str, float, str]] = []  # (label, value, direction)
        self.unit = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.hide()

    def set_targets(self, rows: list[TargetRow]) -> None:
        """Show bars for these targets: those in the most common unit, one bar per plan's target."""
        units = Counter(r.unit or "" for r in rows)
        self.unit = units.most_common(1)[0][0] if units else ""
        self.bars = [
            (f"{r.jurisdiction or r.document} {r.year or ''}", float(r.value), r.direction or "")
            for r in rows
            if (r.unit or "") == self.unit
        ]
        self.setFixedHeight(len(self.bars) * (BAR_HEIGHT + GAP) + 30 if self.bars else 0)
        self.setVisible(bool(self.bars))
        self.update()

    def paintEvent(self, _event) -> None:
        if not self.bars:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        label_width = max(metrics.horizontalAdvance(label) for label, _, _ in self.bars) + 12
        biggest = max(abs(v) for _, v, _ in self.bars) or 1.0
        texts = [f"{direction}{value:g}{self.unit}" for _, value, direction in self.bars]
        text_width = max(metrics.horizontalAdvance(t) for t in texts) + 12
        room = max(self.width() - label_width - text_width, 40)
        painter.drawText(QRectF(0, 0, self.width(), 20), Qt.AlignmentFlag.AlignLeft, f"单位：{self.unit or '—'}")
        for i, ((label, value, direction), text) in enumerate(zip(self.bars, texts)):
            top = 24 + i * (BAR_HEIGHT + GAP)
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(0, top, label_width - 6, BAR_HEIGHT), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            length = room * abs(value) / biggest
            painter.fillRect(QRectF(label_width, top + 3, length, BAR_HEIGHT - 6), COLOURS.get(direction, DEFAULT_COLOUR))
            painter.drawText(QRectF(label_width + length + 6, top, text_width, BAR_HEIGHT), Qt.AlignmentFlag.AlignVCenter, text)
        painter.end()
