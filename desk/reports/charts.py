"""Charts drawn with reportlab.graphics (vector, in the embedded fonts): horizontal bars for a breakdown (such as
associations by ethnic group) and columns for a series (such as events by month)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from desk.reports.escape import clean
from desk.reports.fonts import BOLD, REGULAR, register_fonts
from desk.reports.styles import CHART_COLOURS, INK, MUTED, RULE


def _nice_max(value: int) -> int:
    """A round upper bound for an axis."""
    if value <= 5:
        return 5
    step = 1
    while step * 10 < value:
        step *= 10
    for factor in (1, 2, 2.5, 5, 10):
        bound = int(step * factor)
        if bound >= value:
            return bound
    return value


def _shorten(label: str, width: float, size: float) -> str:
    if stringWidth(label, REGULAR, size) <= width:
        return label
    while label and stringWidth(label + "…", REGULAR, size) > width:
        label = label[:-1]
    return label + "…"


def _style_values(
    chart: HorizontalBarChart | VerticalBarChart, values: list[int], colour: colors.Color
) -> None:
    """The value axis (from zero to a round bound, light grid, whole numbers) and the bars, alike in every chart."""
    axis = chart.valueAxis
    axis.valueMin = 0
    axis.valueMax = _nice_max(max(values))
    axis.labels.fontName = REGULAR
    axis.labels.fontSize = 7
    axis.labels.fillColor = MUTED
    axis.strokeColor = RULE
    axis.visibleGrid = True
    axis.gridStrokeColor = colors.HexColor("#e5e8e8")
    axis.labelTextFormat = "%d"
    chart.bars[0].fillColor = colour
    chart.bars.strokeColor = None


def _style_bar_labels(chart: HorizontalBarChart | VerticalBarChart) -> None:
    """Each bar's value printed beside it in the embedded font."""
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = 7


def horizontal_bars(
    title: str, items: Sequence[tuple[str, int]], width: float, *, value_label: str = ""
) -> Drawing:
    """One bar per item, largest first as given, each with its value at the end."""
    register_fonts()
    bar_height = 13
    label_width = min(
        width * 0.38, max((stringWidth(clean(k), REGULAR, 7.5) for k, _v in items), default=40) + 6
    )
    plot_height = max(bar_height * len(items), bar_height)
    height = plot_height + (34 if title else 20)
    drawing = Drawing(width, height)
    if title:
        drawing.add(String(0, height - 11, clean(title), fontName=BOLD, fontSize=9, fillColor=INK))
    chart = HorizontalBarChart()
    chart.x = label_width
    chart.y = 14
    chart.width = width - label_width - 30
    chart.height = plot_height
    values = [v for _k, v in items] or [0]
    chart.data = [list(reversed(values))]
    chart.categoryAxis.categoryNames = [_shorten(clean(k), label_width - 6, 7.5) for k, _v in reversed(items)]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.strokeColor = RULE
    chart.categoryAxis.tickLeft = 0
    _style_values(chart, values, CHART_COLOURS[0])
    chart.barWidth = bar_height * 0.7
    chart.groupSpacing = bar_height * 0.3
    _style_bar_labels(chart)
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    if value_label:
        drawing.add(
            String(
                width - 2,
                2,
                clean(value_label),
                fontName=REGULAR,
                fontSize=7,
                fillColor=MUTED,
                textAnchor="end",
            )
        )
    return drawing


def columns(title: str, items: Sequence[tuple[str, int]], width: float, *, height: float = 150) -> Drawing:
    """One column per item, in the given order, each with its value on top."""
    register_fonts()
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 11, clean(title), fontName=BOLD, fontSize=9, fillColor=INK))
    chart = VerticalBarChart()
    chart.x = 30
    chart.y = 20
    chart.width = width - 40
    chart.height = height - 46
    values = [v for _k, v in items] or [0]
    chart.data = [values]
    chart.categoryAxis.categoryNames = [clean(k) for k, _v in items] or [""]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.categoryAxis.strokeColor = RULE
    _style_values(chart, values, CHART_COLOURS[1])
    _style_bar_labels(chart)
    chart.barLabels.boxAnchor = "s"
    chart.barLabels.dy = 2
    drawing.add(chart)
    return drawing
