"""A bar chart drawn with QPainter: groups of bars (one per series) with labels under each group and a legend.
Small and dependency-free (no QtCharts), sized by the font so it reads in any language."""

from __future__ import annotations

from collections.abc import Sequence

from desk.i18n import format_number
from desk.ui.qt import QColor, QFontMetrics, QPainter, QPaintEvent, QRectF, QSize, Qt, QWidget

PALETTE = ("#2f6f9f", "#e0a030", "#6a9f3f", "#a04060")


def nice_scale(peak: int, ticks: int = 4) -> tuple[int, int]:
    """The axis top and tick step for values up to `peak`: steps of 1, 2 or 5 times a power of ten."""
    rough = max(1, -(-peak // ticks))
    magnitude = 1
    while magnitude * 10 <= rough:
        magnitude *= 10
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= rough)
    return step * -(-peak // step), step


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels: list[str] = []
        self.series: list[tuple[str, list[int]]] = []
        self.title = ""
        self.setMinimumHeight(220)

    def set_data(
        self, title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]]
    ) -> None:
        self.title = title
        self.labels = list(labels)
        self.series = [(name, list(values)) for name, values in series]
        self.setAccessibleName(title)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(560, 260)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        line = fm.height()
        rect = QRectF(self.rect()).adjusted(8, 4, -8, -4)
        text_color = self.palette().color(self.foregroundRole())
        p.setPen(text_color)
        bold = self.font()
        bold.setBold(True)
        p.setFont(bold)
        p.drawText(
            QRectF(rect.left(), rect.top(), rect.width(), line), Qt.AlignmentFlag.AlignLeft, self.title
        )
        p.setFont(self.font())
        # legend
        x = rect.left()
        legend_y = rect.top() + line + 4
        for i, (name, _values) in enumerate(self.series):
            p.fillRect(QRectF(x, legend_y + 3, line - 6, line - 6), QColor(PALETTE[i % len(PALETTE)]))
            p.drawText(
                QRectF(x + line, legend_y, fm.horizontalAdvance(name) + 4, line),
                Qt.AlignmentFlag.AlignLeft,
                name,
            )
            x += line + fm.horizontalAdvance(name) + 16
        top = legend_y + line + 8
        bottom = rect.bottom() - line - 4
        if not self.labels or bottom - top < 20:
            p.end()
            return
        peak, step = nice_scale(max([max(v) if v else 0 for _n, v in self.series] + [1]))
        axis_w = fm.horizontalAdvance(format_number(peak)) + 6
        left = rect.left() + axis_w
        width = rect.right() - left
        p.setPen(QColor("#b0b0b0"))
        for tick in range(0, peak + 1, step):
            y = bottom - (bottom - top) * tick / peak
            p.drawLine(int(left), int(y), int(rect.right()), int(y))
            p.setPen(text_color)
            p.drawText(
                QRectF(rect.left(), y - line / 2, axis_w - 4, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                format_number(tick),
            )
            p.setPen(QColor("#b0b0b0"))
        group = width / len(self.labels)
        bar = max(2.0, (group * 0.75) / max(1, len(self.series)))
        for g, label in enumerate(self.labels):
            gx = left + g * group + group * 0.125
            for s, (_name, values) in enumerate(self.series):
                value = values[g] if g < len(values) else 0
                h = (bottom - top) * value / peak
                p.fillRect(QRectF(gx + s * bar, bottom - h, bar - 1, h), QColor(PALETTE[s % len(PALETTE)]))
            p.setPen(text_color)
            p.drawText(
                QRectF(left + g * group, bottom + 2, group, line), Qt.AlignmentFlag.AlignHCenter, label
            )
        p.end()
