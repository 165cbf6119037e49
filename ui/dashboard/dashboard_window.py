"""The supervisor's dashboard: today's figures live, any day or range on demand.

    window = DashboardWindow(ctx, parent)   # ui.common.context.AppContext of a supervisor/admin
    window.show()

One background call (Task) loads the range by counter, clerk and procedure (and by day or
month for a range) plus how many wait now; the KPI cards, charts and tables are filled from
that one answer, and every 30 s again while the range includes today. XLSX and PDF exports
write the very tables on screen, in a Task too: nothing touches disk or network on the UI
thread. Clerks and devices get a plain explanation instead (the server answers 403).
"""

from __future__ import annotations

import logging
import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.client import errors
from counter_app.client.stats import (
    PRESETS,
    Dashboard,
    StatsApi,
    Table,
    all_tables,
    kpis,
    preset_range,
    text,
)
from counter_app.desk.exports import write_pdf, write_xlsx
from counter_app.domain import clock
from ui.common.context import AppContext
from ui.common.documents import suggested_path
from ui.common.plain_label import PlainLabel
from ui.common.qdates import from_qdate, to_qdate
from ui.common.style import ACCENT, BAD, MUTED
from ui.common.tasks import Task, describe
from ui.dashboard.dashboard_charts import Charts, Heatmap

log = logging.getLogger(__name__)
REFRESH_MS = 30_000


class KpiCard(QFrame):
    def __init__(self, title: str) -> None:
        super().__init__()
        self.setObjectName("kpi")
        self.setStyleSheet("QFrame#kpi { background: white; border: 1px solid #d6dbe3; "
                           "border-radius: 8px; }")
        self.title = PlainLabel(title)
        self.title.setStyleSheet(f"color: {MUTED}; font-size: 12px;")
        self.title.setWordWrap(True)
        self.value = PlainLabel("—")
        self.value.setStyleSheet(f"font-size: 24px; font-weight: 700; color: {ACCENT};")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.value)

    def set(self, title: str, value: str) -> None:
        self.title.setText(title)
        self.value.setText(value)


def _table_widget() -> QTableWidget:
    w = QTableWidget()
    w.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    w.setAlternatingRowColors(True)
    w.verticalHeader().hide()
    w.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    w.horizontalHeader().setStretchLastSection(True)
    w.setMinimumHeight(260)
    return w


def fill_table(w: QTableWidget, t: Table) -> None:
    w.clear()
    w.setColumnCount(len(t.headers))
    w.setHorizontalHeaderLabels(list(t.headers))
    w.setRowCount(len(t.rows))
    for r, row in enumerate(t.texts()):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            if c:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            w.setItem(r, c, item)
    if t.rows and t.rows[-1][0] in ("Tổng cộng", ""):
        font = w.font()
        font.setBold(True)
        for c in range(len(t.headers)):
            if (total := w.item(len(t.rows) - 1, c)) is not None:
                total.setFont(font)


class DashboardWindow(QMainWindow):
    sig_loaded = Signal()
    """A load finished and everything on screen is drawn (tests and benchmarks wait on it)."""
    sig_exported = Signal(str)
    """An export was written (its path) or failed (empty)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stats = StatsApi(ctx.api)
        self.dashboard: Dashboard | None = None
        self.shown_tables: list[Table] = []
        self.loads = 0
        self.loading = False
        self.forbidden = False
        self.last_load_ms: float | None = None
        self._queued = False
        self.setWindowTitle("Một cửa — Thống kê")
        self.resize(1366, 768)

        self.title = PlainLabel("Thống kê Bộ phận Một cửa")
        self.title.setObjectName("title")
        self.subtitle = PlainLabel()
        self.subtitle.setObjectName("hint")
        self.preset = QComboBox()
        for key, label in PRESETS.items():
            self.preset.addItem(label, key)
        self.first_edit = QDateEdit()
        self.last_edit = QDateEdit()
        for e in (self.first_edit, self.last_edit):
            e.setCalendarPopup(True)
            e.setDisplayFormat("dd/MM/yyyy")
            e.setEnabled(False)
        self.apply_button = QPushButton("Xem")
        self.apply_button.setObjectName("primary")
        self.apply_button.setEnabled(False)
        self.reload_button = QPushButton("⟳ Tải lại")
        self.reload_button.setShortcut("F5")
        self.xlsx_button = QPushButton("Xuất Excel")
        self.pdf_button = QPushButton("Xuất PDF")
        self.preset.currentIndexChanged.connect(self._on_preset)
        self.apply_button.clicked.connect(self.reload)
        self.reload_button.clicked.connect(self.reload)
        self.xlsx_button.clicked.connect(lambda: self._ask_export("xlsx"))
        self.pdf_button.clicked.connect(lambda: self._ask_export("pdf"))

        heading = QVBoxLayout()
        heading.setSpacing(0)
        heading.addWidget(self.title)
        heading.addWidget(self.subtitle)
        top = QHBoxLayout()
        top.addLayout(heading, 1)
        top.addWidget(PlainLabel("Khoảng:"))
        top.addWidget(self.preset)
        top.addWidget(self.first_edit)
        top.addWidget(PlainLabel("–"))
        top.addWidget(self.last_edit)
        top.addWidget(self.apply_button)
        top.addWidget(self.reload_button)
        top.addWidget(self.xlsx_button)
        top.addWidget(self.pdf_button)

        self.banner = PlainLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(f"background: #fdecea; color: {BAD}; border: 1px solid {BAD}; "
                                  "border-radius: 8px; padding: 10px; font-weight: 600;")
        self.banner.hide()

        self.cards = [KpiCard("") for _ in range(8)]
        cards = QGridLayout()
        for i, card in enumerate(self.cards):
            cards.addWidget(card, 0, i)

        self.charts = Charts()
        self.heatmap = Heatmap()
        self.heatmap_box = QWidget()
        hm = QVBoxLayout(self.heatmap_box)
        hm.setContentsMargins(0, 0, 0, 0)
        hm_title = PlainLabel("Số đến theo thứ × giờ")
        hm_title.setStyleSheet("font-weight: 600;")
        hm.addWidget(hm_title)
        hm.addWidget(self.heatmap)
        grid = QGridLayout()
        grid.addWidget(self.charts.arrivals, 0, 0)
        grid.addWidget(self.charts.waiting, 0, 1)
        grid.addWidget(self.charts.compare, 1, 0)
        grid.addWidget(self.heatmap_box, 1, 1)

        self.tabs = QTabWidget()
        self.table_widgets: dict[str, QTableWidget] = {}

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addLayout(cards)
        layout.addLayout(grid)
        layout.addWidget(self.tabs)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        self.content = content

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.addLayout(top)
        outer.addWidget(self.banner)
        outer.addWidget(scroll, 1)
        self.setCentralWidget(central)
        self.status = PlainLabel()
        self.statusBar().addWidget(self.status)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._on_timer)
        self.timer.start()
        self._set_range(*preset_range("today", self._today()))
        self.reload()

    # -- range ------------------------------------------------------------------------------

    def _today(self) -> date:
        return clock.office_today(self.ctx.clock)

    def _set_range(self, first: date, last: date) -> None:
        self.first_edit.setDate(to_qdate(first))
        self.last_edit.setDate(to_qdate(last))

    def range(self) -> tuple[date, date]:
        a, b = from_qdate(self.first_edit.date()), from_qdate(self.last_edit.date())
        return (a, b) if a <= b else (b, a)

    def choose(self, preset: str, first: date | None = None, last: date | None = None) -> None:
        """Pick a range as the supervisor would (tests use it) and load it."""
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(self.preset.findData(preset))
        self.preset.blockSignals(False)
        custom = preset == "custom"
        self.first_edit.setEnabled(custom)
        self.last_edit.setEnabled(custom)
        self.apply_button.setEnabled(custom)
        if custom and first and last:
            self._set_range(first, last)
        elif not custom:
            self._set_range(*preset_range(preset, self._today()))
        self.reload()

    def _on_preset(self) -> None:
        key = self.preset.currentData()
        custom = key == "custom"
        self.first_edit.setEnabled(custom)
        self.last_edit.setEnabled(custom)
        self.apply_button.setEnabled(custom)
        if not custom:
            self._set_range(*preset_range(key, self._today()))
            self.reload()

    # -- loading ----------------------------------------------------------------------------

    def _on_timer(self) -> None:
        first, last = self.range()
        if first <= self._today() <= last and not self.forbidden:
            self.reload()

    def reload(self) -> None:
        if self.loading:
            self._queued = True  # the range changed while loading: load again after
            return
        self.loading = True
        self.reload_button.setEnabled(False)
        first, last = self.range()
        self.status.setText("Đang tải số liệu…")
        started = time.perf_counter()
        Task(self, lambda: self.stats.dashboard(first, last),
             lambda d: self._on_loaded(d, started)).failure(self._on_failed).run()

    def _on_loaded(self, d: Dashboard, started: float) -> None:
        self.loading = False
        self.reload_button.setEnabled(True)
        self.banner.hide()
        self.dashboard = d
        self._show(d)
        self.last_load_ms = (time.perf_counter() - started) * 1000
        self.loads += 1
        self.status.setText(f"Cập nhật lúc {clock.office_now(self.ctx.clock):%H:%M:%S} · "
                            f"{d.first:%d/%m/%Y} – {d.last:%d/%m/%Y}")
        if self._queued:
            self._queued = False
            self.reload()
        else:
            self.sig_loaded.emit()

    def _on_failed(self, exc: BaseException) -> None:
        self.loading = False
        self.reload_button.setEnabled(True)
        self.loads += 1
        if isinstance(exc, errors.Forbidden):
            self.forbidden = True
            self.timer.stop()
            self.content.setEnabled(False)
            for b in (self.xlsx_button, self.pdf_button, self.reload_button):
                b.setEnabled(False)
            self._banner("Không có quyền xem thống kê: chỉ tài khoản Giám sát hoặc Quản trị "
                         "mở được cửa sổ này. Hãy đăng nhập bằng tài khoản giám sát.")
        else:
            message = describe(exc, "statistics could not be loaded")
            self._banner(f"Không tải được số liệu: {message} Bấm “Tải lại” để thử lại.")
        self.status.setText("Chưa tải được.")
        self.sig_loaded.emit()

    def _banner(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.show()

    # -- showing ----------------------------------------------------------------------------

    def _show(self, d: Dashboard) -> None:
        r = d.main
        today = self._today()
        span = ("hôm nay" if d.first == d.last == today else f"ngày {d.first:%d/%m/%Y}"
                if d.first == d.last else f"{d.first:%d/%m/%Y} – {d.last:%d/%m/%Y}")
        self.subtitle.setText(f"Số liệu {span} · mục tiêu chờ {r.target_s / 60:g} phút")
        for card, (label, value) in zip(self.cards, kpis(d).rows, strict=True):
            card.set(label, text(value))
        self.charts.fill(r)
        self.heatmap.fill(r)
        self.shown_tables = all_tables(d)
        current = self.tabs.currentIndex()
        self.tabs.clear()
        self.table_widgets = {}
        for t in self.shown_tables[1:]:
            w = _table_widget()
            fill_table(w, t)
            self.table_widgets[t.title] = w
            self.tabs.addTab(w, t.title)
        if 0 <= current < self.tabs.count():
            self.tabs.setCurrentIndex(current)

    # -- export -----------------------------------------------------------------------------

    def heading(self) -> str:
        first, last = (self.dashboard.first, self.dashboard.last) if self.dashboard else \
            self.range()
        health = self.ctx.health
        office = health.office.name if health and health.office else "Bộ phận Một cửa"
        return f"Thống kê {office} — {first:%d/%m/%Y} đến {last:%d/%m/%Y}"

    def _ask_export(self, kind: str) -> None:
        if self.dashboard is None:
            return
        first, last = self.dashboard.first, self.dashboard.last
        suggested = suggested_path(f"thong-ke-{first:%Y%m%d}-{last:%Y%m%d}.{kind}")
        path, _ = QFileDialog.getSaveFileName(
            self, "Xuất số liệu", suggested,
            "Excel (*.xlsx)" if kind == "xlsx" else "PDF (*.pdf)")
        if path:
            self.export(kind, Path(path))

    def export(self, kind: str, path: Path) -> None:
        """Write what is on screen now to path (in a Task); sig_exported tells the end."""
        tables, heading = list(self.shown_tables), self.heading()
        write = write_xlsx if kind == "xlsx" else write_pdf
        self.status.setText("Đang xuất tệp…")
        Task(self, lambda: write(path, heading, tables), self._on_exported) \
            .failure(self._on_export_failed).run()

    def _on_exported(self, path: Path) -> None:
        self.status.setText(f"Đã xuất: {path}")
        self.sig_exported.emit(str(path))

    def _on_export_failed(self, exc: BaseException) -> None:
        log.error("export failed", exc_info=exc)
        self._banner(f"Không xuất được tệp: {exc}")
        self.sig_exported.emit("")

    def closeEvent(self, event) -> None:
        self.timer.stop()
        super().closeEvent(event)
