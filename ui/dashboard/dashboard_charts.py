"""The dashboard's charts (Qt's own QtCharts) and the weekday × hour heatmap (a table of
coloured cells: QtCharts has no heatmap). Each widget is built once and refilled."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from counter_app.client.stats import WEEKDAYS, StatsReport, minutes
from ui.common.style import ACCENT, WARN


class BarChart(QChartView):
    """Bars per category; one or two series (the second on its own right-hand axis)."""

    def __init__(self, title: str, parent=None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(210)
        chart = QChart()
        chart.setTitle(title)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.setChart(chart)
        self.values: list[list[float]] = []  # what is drawn (tests read it)
        self.categories: list[str] = []

    def fill(self, categories: list[str], series: list[tuple[str, list[float], str]]) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        self.values = [list(v) for _, v, _ in series]
        self.categories = list(categories)
        x = QBarCategoryAxis()
        x.append(categories or ["—"])
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        for i, (name, values, colour) in enumerate(series):
            bars = QBarSeries()
            bar_set = QBarSet(name)
            bar_set.append([float(v) for v in values] or [0.0])
            bar_set.setColor(QColor(colour))
            bars.append(bar_set)
            chart.addSeries(bars)
            bars.attachAxis(x)
            y = QValueAxis()
            y.setLabelFormat("%.0f")
            top = max([float(v) for v in values] or [0.0])
            y.setRange(0, max(1.0, top * 1.15))
            chart.addAxis(y, Qt.AlignmentFlag.AlignLeft if i == 0 else Qt.AlignmentFlag.AlignRight)
            bars.attachAxis(y)
        chart.legend().setVisible(len(series) > 1)


class Charts:
    """The three bar charts, filled from one report."""

    def __init__(self) -> None:
        self.arrivals = BarChart("Số đến theo giờ")
        self.waiting = BarChart("Thời gian chờ")  # titled from the report's buckets
        self.compare = BarChart("So sánh theo quầy")

    def fill(self, report: StatsReport) -> None:
        by_hour = report.arrivals_by_hour()
        self.arrivals.fill([f"{h}h" for h, _ in by_hour],
                           [("Số phát", [n for _, n in by_hour], ACCENT)])
        self.waiting.chart().setTitle(report.waiting_title())
        self.waiting.fill([str(a) if b is not None else f"{a}+"  # bucket starts
                           for a, b, _ in report.histogram],
                          [("Số vé", [c for _, _, c in report.histogram], ACCENT)])
        groups = [g for g in report.by if g.grouped]
        self.compare.fill([g.key for g in groups], [
            ("Đã phục vụ", [g.served for g in groups], ACCENT),
            ("Chờ TB (phút)", [minutes(g.waiting.mean_s) or 0.0 for g in groups], WARN)])


class Heatmap(QTableWidget):
    """Arrivals per weekday (rows, Monday first) and hour (columns), darker = more."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setMinimumHeight(210)

    def fill(self, report: StatsReport) -> None:
        hours = sorted({h for _, h, _ in report.hourly})
        days = [wd for wd in range(7) if wd < 5 or any(
            n for d, _, n in report.hourly if d == wd)]
        self.setRowCount(len(days))
        self.setColumnCount(len(hours))
        self.setHorizontalHeaderLabels([f"{h}h" for h in hours])
        self.setVerticalHeaderLabels([WEEKDAYS[d] for d in days])
        counts = {(d, h): n for d, h, n in report.hourly}
        top = max(counts.values(), default=0) or 1
        for r, d in enumerate(days):
            for c, h in enumerate(hours):
                n = counts.get((d, h), 0)
                item = QTableWidgetItem(str(n) if n else "")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                share = n / top
                colour = QColor.fromHsvF(0.6, 0.08 + 0.8 * share, 1.0 - 0.45 * share)
                item.setBackground(QBrush(colour))
                item.setForeground(QBrush(QColor("white" if share > 0.55 else "#1f1f1f")))
                self.setItem(r, c, item)
