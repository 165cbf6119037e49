"""Hồ sơ số hóa: the dossier's digitised components, each opened from the backend and its
signature checked again on open (never a status remembered from the day it was stored);
thumbnails, a large page with zoom, the page count. Exempt components show their reason.
Everything that reads the network or checks a signature runs off the UI thread."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from counter_app.client.dossier_files import DossierFilesApi, StoredFile
from counter_app.desk.dossier_view import ComponentView, load_component
from counter_app.domain.clock import in_office_time
from ui.common.context import AppContext
from ui.common.plain_label import PlainLabel
from ui.common.shortcuts import shortcut
from ui.common.style import BAD, MUTED, OK
from ui.common.tasks import Task, describe
from ui.counter.dossier_viewer.page_view import PageView, to_qimage

THUMB = QSize(96, 128)


def component_line(f: StoredFile) -> str:
    if f.sha256 is None:
        return f"{f.component}\nKhông số hóa: {f.exempt_reason or ''}"
    how = "dùng lại bản đã có" if f.reused_from else ("đã ký số" if f.signer else "chưa ký số")
    return f"{f.component}\n{f.pages} trang · {how}"


class DossierViewer(QDialog):
    sig_loaded = Signal(object)
    """A component was opened and checked (ComponentView)."""
    sig_listed = Signal(int)
    """The components were listed (how many)."""

    def __init__(self, ctx: AppContext, code: str, parent: QWidget | None = None,
                 files: DossierFilesApi | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.code = code
        self.files_api = files or DossierFilesApi(ctx.api)
        self.components: list[StoredFile] = []
        self.view: ComponentView | None = None
        self.setWindowTitle(f"Hồ sơ số hóa {code}")
        self.list = QListWidget()
        self.list.setMinimumWidth(260)
        self.list.setWordWrap(True)
        self.list.setSpacing(4)
        self.list.currentRowChanged.connect(self._open)
        self.status = PlainLabel("Đang tải danh sách thành phần…")
        self.status.setWordWrap(True)
        self.meta = PlainLabel("")
        self.meta.setStyleSheet(f"color: {MUTED};")
        self.meta.setWordWrap(True)
        self.thumbs = QListWidget()
        self.thumbs.setViewMode(QListView.ViewMode.IconMode)
        self.thumbs.setFlow(QListView.Flow.LeftToRight)
        self.thumbs.setWrapping(False)
        self.thumbs.setIconSize(THUMB)
        self.thumbs.setFixedHeight(THUMB.height() + 44)
        self.thumbs.currentRowChanged.connect(self._show_page)
        self.page = PageView()
        self.count = PlainLabel("")
        zoom_out, zoom_in, fit = (QPushButton("−"), QPushButton("+"),
                                  QPushButton("Vừa khung"))
        zoom_out.clicked.connect(self.page.zoom_out)
        zoom_in.clicked.connect(self.page.zoom_in)
        fit.clicked.connect(self.page.fit_width)
        close = QPushButton("Đóng")
        close.clicked.connect(self.accept)
        tools = QHBoxLayout()
        tools.addWidget(self.count, 1)
        for b in (zoom_out, zoom_in, fit, close):
            tools.addWidget(b)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.status)
        column.addWidget(self.meta)
        column.addWidget(self.thumbs)
        column.addWidget(self.page, 1)
        column.addLayout(tools)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        QVBoxLayout(self).addWidget(split)
        shortcut(self, "Ctrl++", self.page.zoom_in)
        shortcut(self, "Ctrl+=", self.page.zoom_in)
        shortcut(self, "Ctrl+-", self.page.zoom_out)
        self.resize(1200, 680)  # inside 1366×768 with the taskbar
        files = self.files_api
        Task(self, lambda: files.listed(code), self._listed).failure(self._failed).run()

    def _say(self, text: str, color: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {color}; font-weight: 600;")

    def _failed(self, exc: BaseException) -> None:
        self._say(describe(exc, "dossier viewer could not load"), BAD)

    def _listed(self, rows: list[StoredFile]) -> None:
        self.components = rows
        self.list.clear()
        for f in rows:
            self.list.addItem(QListWidgetItem(component_line(f)))
        if rows:
            self.list.setCurrentRow(0)
        else:
            self._say("Hồ sơ chưa có thành phần nào được số hóa.", MUTED)
        self.sig_listed.emit(len(rows))

    def _open(self, row: int) -> None:
        if not 0 <= row < len(self.components):
            return
        f = self.components[row]
        self.thumbs.clear()
        self.page.show_page(None)
        self.count.setText("")
        self._say("Đang tải và kiểm tra lại chữ ký số…", MUTED)
        files, code = self.files_api, self.code
        Task(self, lambda: load_component(files, code, f), self._loaded) \
            .failure(self._failed).run()

    def _loaded(self, view: ComponentView) -> None:
        current = self.list.currentRow()
        if not (0 <= current < len(self.components)) or self.components[current] != view.file:
            return  # the clerk moved on to another component meanwhile
        self.view = view
        f = view.file
        self._say(view.status(), OK if view.valid else (MUTED if view.exempt else BAD))
        by = f"Số hóa bởi {f.digitised_by} lúc {in_office_time(f.digitised_at):%H:%M %d/%m/%Y}"
        self.meta.setText(by + (f" · người ký: {f.signer}" if f.signer else ""))
        for page in view.pages:
            small = page.image.copy()
            small.thumbnail((THUMB.width(), THUMB.height()))
            self.thumbs.addItem(QListWidgetItem(QIcon(QPixmap.fromImage(to_qimage(small))),
                                                str(self.thumbs.count() + 1)))
        self.count.setText(f"{len(view.pages)} trang" if view.pages else "")
        if view.pages:
            self.thumbs.setCurrentRow(0)
        self.sig_loaded.emit(view)

    def _show_page(self, row: int) -> None:
        pages = self.view.pages if self.view else ()
        if 0 <= row < len(pages):
            self.page.show_page(pages[row].image)
            self.count.setText(f"Trang {row + 1}/{len(pages)}")
