"""A bar chart of one indicator's comparable targets across plans (pictures beat numbers here).

Drawn with QPainter from the kb.export Chart the exports draw too: one bar per plan, labelled with
the plan, a value scale with ticks that starts above zero when the values are close (14% and 14.5%
must not look the same: the scale says where it starts), and a line saying how many targets are
left out because they are stated otherwise (百分点, another year: the table's 说明 says why).
"""
from __future__ import annotations

import math

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR_HEIGHT = 20
GAP = 6
TOP = 26  # the title line
AXIS = 22  # the scale under the bars
BAR_COLOUR = QColor("#1565c0")
TICKS = 5


def ticks(low: float, high: float, count: int = TICKS) -> list[float]:
    """Round values for a scale from `low` to `high` or just past it.

    >>> ticks(0, 32)
    [0.0, 10.0, 20.0, 30.0, 40.0]
    >>> ticks(13.5, 14.5)
    [13.5, 13.75, 14.0, 14.25, 14.5]
    """
    span = (high - low) / (count - 1) or abs(high) or 1.0
    power = 10.0 ** math.floor(math.log10(span))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= span)
    out = [math.floor(low / step) * step]
    while out[-1] < high:
        out.append(out[-1] + step)
    return [round(t, 6) for t in out]


class TargetChart(QWidget):
    """Horizontal bars, one per plan's comparable target."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.chart = None  # kb.export Chart
        self.left_out = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.hide()

    @property
    def bars(self) -> list[tuple[str, float]]:
        """(label, value) of each bar drawn."""
        return list(zip(self.chart.labels, self.chart.values)) if self.chart else []

    def set_chart(self, chart, left_out: int = 0) -> None:
        """Show this chart (None hides it); `left_out`: targets of the table not drawn."""
        self.chart, self.left_out = chart, left_out
        rows = len(chart.values) if chart else 0
        self.setFixedHeight(TOP + rows * (BAR_HEIGHT + GAP) + AXIS + (18 if left_out else 0) if chart else 0)
        self.setVisible(chart is not None)
        self.update()

    def scale(self) -> list[float]:
        """The value scale's ticks: from the chart's axis start to past its largest value."""
        return ticks(self.chart.axis_min, max(self.chart.values))

    def paintEvent(self, _event) -> None:
        if not self.chart:
            return
        chart = self.chart
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        text = self.palette().text().color()
        label_width = min(max(metrics.horizontalAdvance(label) for label in chart.labels) + 12, self.width() // 2)
        value_texts = [f"{v:g}" for v in chart.values]
        room = max(self.width() - label_width - max(metrics.horizontalAdvance(t) for t in value_texts) - 16, 40)
        scale = self.scale()
        low, high = scale[0], scale[-1]
        x_of = lambda v: label_width + room * (v - low) / ((high - low) or 1)  # noqa: E731

        painter.setPen(text)
        painter.drawText(QRectF(0, 0, self.width(), TOP - 4), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         chart.title + ("（刻度不从0开始）" if low > 0 else ""))
        bottom = TOP + len(chart.values) * (BAR_HEIGHT + GAP)
        for i, (label, value, shown) in enumerate(zip(chart.labels, chart.values, value_texts)):
            top = TOP + i * (BAR_HEIGHT + GAP)
            painter.drawText(QRectF(0, top, label_width - 6, BAR_HEIGHT),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(label, Qt.TextElideMode.ElideMiddle, label_width - 8))
            end = x_of(value)
            painter.fillRect(QRectF(label_width, top + 2, max(end - label_width, 2), BAR_HEIGHT - 4), BAR_COLOUR)
            painter.drawText(QRectF(end + 4, top, 80, BAR_HEIGHT), Qt.AlignmentFlag.AlignVCenter, shown)
        # the scale: a line with ticks and their values, so a bar's length reads as a number
        painter.setPen(QPen(text, 1))
        painter.drawLine(int(label_width), int(bottom), int(label_width + room), int(bottom))
        for tick in scale:
            x = x_of(tick)
            painter.drawLine(int(x), int(bottom), int(x), int(bottom + 4))
            painter.drawText(QRectF(x - 30, bottom + 4, 60, AXIS - 4), Qt.AlignmentFlag.AlignHCenter, f"{tick:g}")
        if self.left_out:
            painter.drawText(QRectF(0, bottom + AXIS, self.width(), 18), Qt.AlignmentFlag.AlignLeft,
                             f"另有{self.left_out}个目标口径不同（百分点、目标年或基准年不同），未画入，见表中“可比性”")
        painter.end()
