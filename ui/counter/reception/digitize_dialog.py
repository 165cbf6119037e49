"""Digitise a received dossier at the counter (issue 14): per document component, scan or
add files, check the pages (order, rotation, count), save one signed PDF/A with the dossier.

Scanning and saving run off the UI thread. Scanned pages arrive through a queue the dialog
drains on a timer, so the thumbnail strip grows while the scanner feeds; a jam keeps the
pages already scanned. Saving is counter_app/desk/digitize.py.
"""

from __future__ import annotations

import logging
import queue
from pathlib import Path

from PIL import ImageOps
from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app import settings as S
from counter_app.client.dossier_files import DossierFilesApi, Reusable, StoredFile
from counter_app.client.models import Dossier
from counter_app.desk.digitize import digitise_component, open_signer
from counter_app.desk.pending_uploads import Kept, pending_uploads
from counter_app.desk.reprint import reprint_receipt
from counter_app.digitize import build_process
from counter_app.digitize.clean import is_blank
from counter_app.digitize.pages import Page, pages_from_pdf, read_images
from counter_app.digitize.scan_profiles import KINDS, describe_profile, profile
from counter_app.digitize.scanners import (
    FolderScanner,
    ScanInterrupted,
    open_scanner,
)
from counter_app.digitize.verify import check_pdf
from counter_app.domain.clock import office_now
from ui.common.context import AppContext
from ui.common.dialogs import ask
from ui.common.plain_label import PlainLabel
from ui.common.shortcuts import shortcut
from ui.common.style import BAD, MUTED, OK
from ui.common.tasks import Task, describe

log = logging.getLogger(__name__)
THUMB = QSize(96, 128)
FILES = "Thêm tệp…"
NOT_YET = "chưa số hóa"


def _thumbnail(page: Page) -> QIcon:
    small = page.image.convert("L")
    small.thumbnail((THUMB.width() - 2, THUMB.height() - 2))
    small = ImageOps.expand(small, border=1, fill=120)  # white paper on a white list
    image = QImage(small.tobytes(), small.width, small.height, small.width,
                   QImage.Format.Format_Grayscale8)
    return QIcon(QPixmap.fromImage(image.copy()))


class DigitizeDialog(QDialog):
    def __init__(self, ctx: AppContext, dossier: Dossier, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dossier = dossier
        self.setWindowTitle(f"Số hóa hồ sơ {dossier.code}")
        self.files_api = DossierFilesApi(ctx.api)
        self.pages: dict[str, list[Page]] = {d.name: [] for d in dossier.documents}
        self.stored: dict[str, StoredFile] = {}
        self.offers: dict[str, Reusable] = {}  # the citizen's earlier papers, by component
        self.kept: dict[str, Kept] = {}  # signed, on this PC, waiting for the backend
        self._arrived: queue.SimpleQueue[Page] = queue.SimpleQueue()
        self._busy = False
        self._notes: list[str] = []
        self._save_notes: list[str] = []
        self._target = ""
        self._replace_row: int | None = None  # a rescan: the first page arriving goes here
        self.viewed: list[Page] = []  # a stored file's pages, when opened again

        self.components = QListWidget()
        self.components.setAccessibleName("Thành phần hồ sơ")
        for doc in dossier.documents:
            self.components.addItem(QListWidgetItem(f"{doc.name} — {NOT_YET}"))
        self.components.currentRowChanged.connect(lambda _r: self._show_component())
        self.source = QComboBox()
        self.source.setAccessibleName("Nguồn ảnh")
        self.source.addItem(FILES, "")
        chosen = ctx.settings.get(S.SCANNER)
        if chosen:
            self.source.addItem(chosen, chosen)
            self.source.setCurrentIndex(1)
        self.scan_button = QPushButton("Quét  (F8)")
        self.scan_button.clicked.connect(self.scan)
        self.colour = QComboBox()
        for kind, label in KINDS.items():  # as the office set each kind (scan_profiles)
            self.colour.addItem(describe_profile(label, profile(
                ctx.settings.get(S.SCAN_PROFILES), kind)), kind == "photo")
        self.paper_pages = QSpinBox()
        self.paper_pages.setRange(1, 300)
        self.paper_pages.setPrefix("Số trang giấy: ")
        self.thumbs = QListWidget()
        self.thumbs.setViewMode(QListWidget.ViewMode.IconMode)
        self.thumbs.setIconSize(THUMB)
        self.thumbs.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.thumbs.setMovement(QListWidget.Movement.Snap)
        self.thumbs.setAccessibleName("Các trang đã quét")
        self.thumbs.model().rowsMoved.connect(lambda *_a: self._order_from_strip())
        rotate = QPushButton("Xoay trang")
        rotate.clicked.connect(self.rotate_selected)
        rescan = QPushButton("Quét lại trang")
        rescan.setToolTip("Trang đang chọn bị mờ, lệch, thiếu: quét lại, trang mới thay vào chỗ cũ")
        rescan.clicked.connect(self.rescan_selected)
        remove = QPushButton("Xóa trang")
        remove.clicked.connect(self.remove_selected)
        blank = QPushButton("Bỏ trang trắng…")
        blank.setToolTip("Tìm các trang không có chữ; chỉ bỏ khi cán bộ đồng ý")
        blank.clicked.connect(self.ask_remove_blank)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.status = PlainLabel()
        self.status.setWordWrap(True)
        self.save_button = QPushButton("Lưu thành phần  (Ctrl+S)")
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        self.reuse_button = QPushButton("Dùng lại bản đã có")
        self.reuse_button.setToolTip("Người nộp đã có bản số hóa giấy tờ này: không cần quét lại")
        self.reuse_button.clicked.connect(self.reuse_offered)
        self.reuse_button.hide()
        self.view_button = QPushButton("Xem bản đã lưu")
        self.view_button.setToolTip("Tải tệp đã lưu, xem các trang và kiểm tra lại chữ ký số")
        self.view_button.clicked.connect(self.view_stored)
        self.view_button.setEnabled(False)
        self.thumbs.itemDoubleClicked.connect(lambda item: self.zoom(self.thumbs.row(item)))
        reprint = QPushButton("In lại giấy tiếp nhận")
        reprint.setToolTip("Mẫu 01 in lại, ghi các thành phần đã số hóa")
        reprint.clicked.connect(self.reprint_receipt)
        exempt = QPushButton("Miễn số hóa…")
        exempt.setToolTip("Giấy tờ chỉ xuất trình, không lưu, hoặc tài liệu mật")
        exempt.clicked.connect(self.ask_exempt)

        tools = QHBoxLayout()
        for w in (self.source, self.colour, self.scan_button, self.paper_pages):
            tools.addWidget(w)
        edits = QHBoxLayout()  # the pages on screen
        for w in (rotate, rescan, remove, blank, self.view_button, self.reuse_button):
            edits.addWidget(w)
        edits.addStretch(1)
        done = QHBoxLayout()  # the component as a whole
        done.addWidget(reprint)
        done.addStretch(1)
        done.addWidget(exempt)
        done.addWidget(self.save_button)
        right = QVBoxLayout()
        right.addLayout(tools)
        right.addWidget(self.thumbs, 1)
        right.addWidget(self.progress)
        right.addLayout(edits)
        right.addLayout(done)
        right.addWidget(self.status)
        body = QHBoxLayout(self)
        body.addWidget(self.components, 1)
        body.addLayout(right, 3)
        shortcut(self, "F8", self.scan)
        shortcut(self, "Ctrl+S", self.save)
        self._drain = QTimer(self)
        self._drain.timeout.connect(self._take_arrived)
        self._drain.start(100)
        self.components.setMinimumWidth(280)  # component names stay readable
        self.resize(1200, 660)  # inside 1366×768 with the taskbar
        if self.components.count():
            self.components.setCurrentRow(0)
        files, code = self.files_api, dossier.code

        def listed():
            build_process.start()  # the PDF worker is warm before the first component
            return files.listed(code), files.reusable(code)

        Task(self, listed, self._on_listed).run()

    # -- which component ---------------------------------------------------------------

    def component(self) -> str:
        row = self.components.currentRow()
        return self.dossier.documents[row].name if row >= 0 else ""

    def _show_component(self) -> None:
        self.viewed.clear()
        self.thumbs.clear()
        for page in self.pages.get(self.component(), []):
            self._add_thumb(page)
        self.status.setText("")
        stored = self.stored.get(self.component())
        self.view_button.setEnabled(stored is not None and stored.sha256 is not None)
        offer = self.offers.get(self.component())
        self.reuse_button.setVisible(stored is None and offer is not None)
        if stored is None and offer is not None:
            self._say(f"Người nộp đã có bản số hóa “{offer.component}” ngày "
                      f"{offer.digitised_at:%d/%m/%Y} (hồ sơ {offer.dossier_code}, "
                      f"{offer.pages} trang): bấm Dùng lại, không cần quét lại.", MUTED)

    def _render_row(self, name: str) -> None:
        row = next(i for i, d in enumerate(self.dossier.documents) if d.name == name)
        stored = self.stored.get(name)
        offer = self.offers.get(name)
        if stored is None and name in self.kept:
            state = f"chờ gửi lên máy chủ ({self.kept[name].pages} trang)"
        elif stored is None and offer is not None and not self.pages[name]:
            state = f"đã có bản số hóa ngày {offer.digitised_at:%d/%m/%Y}, dùng lại?"
        elif stored is None:
            state = f"{len(self.pages[name])} trang đã quét" if self.pages[name] else NOT_YET
        elif stored.reused_from:
            state = f"dùng lại bản đã có ({stored.pages} trang)"
        elif stored.exempt_reason:
            state = f"miễn số hóa: {stored.exempt_reason}"
        else:
            state = f"đã lưu {stored.pages} trang" + (", đã ký" if stored.signer else "")
        item = self.components.item(row)
        if item is not None:
            item.setText(f"{name} — {state}")

    def _on_listed(self, found: tuple[list[StoredFile], list[Reusable]]) -> None:
        rows, offers = found
        self.offers = {o.component: o for o in offers if o.component in self.pages}
        for name in self.offers:
            self._render_row(name)
        for row in rows:
            if row.component in self.pages:
                self.stored[row.component] = row
                self._render_row(row.component)
        self._show_component()

    # -- a stored file, opened again -------------------------------------------------------

    def view_stored(self) -> None:
        stored = self.stored.get(self.component())
        if stored is None or stored.sha256 is None or self._busy:
            return
        files, code = self.files_api, self.dossier.code

        def work() -> tuple[list[Page], str]:
            data = files.content(code, stored.id)
            return pages_from_pdf(data, stored.component), check_pdf(data).summary()

        self._set_busy(True, "Đang tải và kiểm tra chữ ký…")
        Task(self, work, self._on_viewed).failure(self._on_view_failed).run()

    def _on_viewed(self, result: tuple[list[Page], str]) -> None:
        pages, summary = result
        self._set_busy(False)
        self.thumbs.clear()
        self.viewed = pages
        for page in pages:
            self._add_thumb(page)
        self._say(f"Bản đã lưu: {summary}", OK if "hợp lệ" in summary else BAD)

    def _on_view_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._say(describe(exc, "stored file could not be opened"), BAD)

    def zoom(self, row: int) -> None:
        """A page at a readable size (double-click a thumbnail)."""
        shown = self.pages.get(self.component()) or self.viewed
        if not 0 <= row < len(shown):
            return
        big = shown[row].image.convert("L")
        big.thumbnail((900, 1100))
        image = QImage(big.tobytes(), big.width, big.height, big.width,
                       QImage.Format.Format_Grayscale8).copy()
        view = QDialog(self)
        view.setWindowTitle(f"Trang {row + 1}")
        label = PlainLabel()
        label.setPixmap(QPixmap.fromImage(image))
        area = QScrollArea()
        area.setWidget(label)
        QVBoxLayout(view).addWidget(area)
        view.resize(min(940, big.width + 40), 700)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.open()

    # -- pages in --------------------------------------------------------------------------

    def scan(self) -> None:
        if self._busy or not self.component():
            return
        source = self.source.currentData()
        if not source:
            paths, _ = QFileDialog.getOpenFileNames(
                self, "Chọn ảnh hoặc PDF đã quét", "",
                "Ảnh và PDF (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)")
            self.add_files([Path(p) for p in paths])
            return
        kind = "photo" if self.colour.currentData() else "text"
        settings = profile(self.ctx.settings.get(S.SCAN_PROFILES), kind)
        arrived = self._arrived
        scanner = open_scanner(source, settings)

        def work() -> list[Page]:
            if isinstance(scanner, FolderScanner):
                pages = scanner.take_all()  # a network scanner left its files there
                for page in pages:
                    arrived.put(page)
                return pages
            return scanner.scan(settings, on_page=arrived.put)

        self._target = self.component()
        self._set_busy(True, "Đang quét…")
        Task(self, work, lambda _pages: self._scanned(None)).failure(self._scanned).run()

    def add_files(self, paths: list[Path], replace_row: int | None = None) -> None:
        if replace_row is not None:
            self._replace_row = replace_row
        if not paths or self._busy:
            self._replace_row = None
            return
        colour, arrived = bool(self.colour.currentData()), self._arrived

        def work() -> int:
            pages = read_images(paths, colour=colour)
            for page in pages:
                arrived.put(page)
            return len(pages)

        self._target = self.component()
        self._set_busy(True, "Đang đọc tệp…")
        Task(self, work, lambda _n: self._scanned(None)).failure(self._scanned).run()

    def _take_arrived(self) -> None:
        if self._arrived.empty():
            return
        name = self._target  # the component the scan was started for
        pages = self.pages.setdefault(name, [])
        while not self._arrived.empty():
            page = self._arrived.get()
            if self._replace_row is not None and self._replace_row < len(pages):
                pages[self._replace_row] = page  # the rescanned page, in its old place
                self._replace_row = None
                if name == self.component():
                    self._show_component()
                continue
            pages.append(page)
            if name == self.component():
                self._add_thumb(page)
        self._render_row(name)

    def rescan_selected(self) -> None:
        row = self.thumbs.currentRow()
        if self._busy or not 0 <= row < len(self.pages.get(self.component(), [])):
            self._say("Chọn trang cần quét lại.", MUTED)
            return
        self._replace_row = row
        self.scan()

    def _add_thumb(self, page: Page) -> None:
        item = QListWidgetItem(_thumbnail(page), str(self.thumbs.count() + 1))
        item.setData(Qt.ItemDataRole.UserRole, id(page))
        self.thumbs.addItem(item)

    def _scanned(self, exc: BaseException | None) -> None:
        self._take_arrived()
        self._replace_row = None
        self._set_busy(False)
        if isinstance(exc, ScanInterrupted):
            self._say(f"{exc.message} Đã giữ {len(self.pages[self.component()])} trang.", BAD)
        elif exc is not None:
            self._say(describe(exc, "scan or file read failed"), BAD)
        else:
            self._say(f"{len(self.pages[self.component()])} trang. Kiểm tra thứ tự, rồi lưu.",
                      MUTED)

    # -- pages checked ---------------------------------------------------------------------

    def _order_from_strip(self) -> None:
        by_id = {id(p): p for p in self.pages[self.component()]}
        order = [self.thumbs.item(i) for i in range(self.thumbs.count())]
        self.pages[self.component()] = [by_id[i.data(Qt.ItemDataRole.UserRole)]
                                        for i in order if i is not None]
        for n, item in enumerate(order, start=1):
            if item is not None:
                item.setText(str(n))

    def move_page(self, from_row: int, to_row: int) -> None:
        pages = self.pages[self.component()]
        pages.insert(to_row, pages.pop(from_row))
        self._show_component()

    def rotate_selected(self) -> None:
        row = self.thumbs.currentRow()
        pages = self.pages[self.component()]
        if 0 <= row < len(pages):
            old = pages[row]
            pages[row] = Page(old.image.rotate(-90, expand=True), old.dpi, old.source)
            self._show_component()
            self.thumbs.setCurrentRow(row)

    def remove_selected(self) -> None:
        row = self.thumbs.currentRow()
        pages = self.pages[self.component()]
        if 0 <= row < len(pages):
            del pages[row]
            self._show_component()
            self._render_row(self.component())

    def blank_rows(self) -> list[int]:
        return [i for i, p in enumerate(self.pages.get(self.component(), [])) if is_blank(p.image)]

    def ask_remove_blank(self) -> None:
        rows = self.blank_rows()
        if not rows:
            self._say("Không có trang trắng.", MUTED)
            return
        numbers = ", ".join(str(r + 1) for r in rows)
        if ask(self, "Bỏ trang trắng", f"Có {len(rows)} trang trắng (trang {numbers}). "
               "Bỏ các trang này? (Mặt sau để trắng của giấy tờ vẫn là một trang: chỉ bỏ "
               "khi giấy không có trang đó.)"):
            self.remove_rows(rows)

    def remove_rows(self, rows: list[int]) -> None:
        pages = self.pages[self.component()]
        for row in sorted(rows, reverse=True):
            del pages[row]
        self._show_component()
        self._render_row(self.component())
        self._say(f"Đã bỏ {len(rows)} trang trắng; còn {len(pages)} trang.", MUTED)

    # -- saving ----------------------------------------------------------------------------

    def save(self) -> None:
        name = self.component()
        if self._busy or not name:
            return
        ctx = self.ctx
        p12, token = ctx.settings.get(S.SIGNING_P12), ctx.settings.get(S.SIGNING_PKCS11)
        secret = ""
        if ctx.signer is None and (p12 or token):
            asked = "Mật khẩu tệp chữ ký số" if p12 else "Mã PIN của USB ký số"
            secret, ok = QInputDialog.getText(self, "Chữ ký số",
                                              f"{asked} (hỏi một lần mỗi phiên):",
                                              QLineEdit.EchoMode.Password)
            if not ok:
                return
        known = ctx.signer
        pages, paper = list(self.pages[name]), self.paper_pages.value()
        files, code = self.files_api, self.dossier.code
        clock = ctx.reception.clock if ctx.reception is not None else None
        at = clock.now() if clock is not None else office_now(ctx.clock)

        service = ctx.reception
        ocr = ctx.settings.get(S.DIGITIZE_OCR)
        stamp = bool(ctx.settings.get(S.SIGNING_STAMP))
        notes: list[str] = []  # why the OCR text layer could not be added, if so
        self._save_notes = notes

        def work() -> tuple[StoredFile | Kept, object | None]:
            signer = known or open_signer(p12, token, secret)  # a file, a token: not here
            pending = pending_uploads(service) if service is not None else None
            return digitise_component(files, code, name, pages, paper, signer, at,
                                      pending, ocr=ocr, notes=notes, stamp=stamp), signer

        self._set_busy(True, "Đang tạo PDF, ký số và lưu…")
        Task(self, work, self._on_signed_and_saved).failure(self._on_save_failed).run()

    def _on_signed_and_saved(self, done: tuple[StoredFile | Kept, object | None]) -> None:
        stored, signer = done
        self._notes = self._save_notes  # said with the "saved" line that follows
        if signer is not None:
            self.ctx.signer = signer  # for the rest of the session, in memory only
        if isinstance(stored, Kept):
            self._set_busy(False)
            self.kept[stored.component] = stored
            self._render_row(stored.component)
            self._say(f"Máy chủ chưa trả lời: đã lưu “{stored.component}” ({stored.pages} "
                      "trang, đã ký) trên máy này, tự gửi lên khi có kết nối.", OK)
            return
        self._on_saved(stored)

    def _on_saved(self, stored: StoredFile) -> None:
        self._set_busy(False)
        self.stored[stored.component] = stored
        self._render_row(stored.component)
        self.reuse_button.hide()
        if stored.reused_from:
            self._say(f"Đã dùng lại bản số hóa có sẵn của “{stored.component}” "
                      f"({stored.pages} trang).", OK)
            return
        if stored.exempt_reason:
            self._say(f"Đã ghi “{stored.component}” miễn số hóa: {stored.exempt_reason}.", OK)
            return
        signed = "đã ký số" if stored.signer else "CHƯA KÝ SỐ (chưa thiết lập chứng thư số)"
        self._say(f"Đã lưu “{stored.component}”: {stored.pages} trang, {signed}.",
                  OK if stored.signer else BAD)

    def _on_save_failed(self, exc: BaseException) -> None:
        from counter_app.digitize.signing import SIGNER_GONE

        if getattr(exc, "message", "") == SIGNER_GONE:
            self.ctx.signer = None  # asked again at the next save
        self._set_busy(False)
        self._say(describe(exc, "digitised component not saved", retry=(
            "Bấm Lưu lại: tệp gửi tiếp từ phần máy chủ đã nhận, không bị lưu hai lần.")), BAD)

    def reuse_offered(self) -> None:
        name = self.component()
        offer = self.offers.get(name)
        if offer is None or self._busy or name in self.stored:
            return
        files, code = self.files_api, self.dossier.code
        self._set_busy(True, "Đang ghi bản dùng lại…")
        Task(self, lambda: files.reuse(code, name, offer.file_id), self._on_saved) \
            .failure(self._on_save_failed).run()

    def reprint_receipt(self) -> None:
        """Form 01 again, now saying which components were digitised."""
        ctx, files, dossier = self.ctx, self.files_api, self.dossier
        office = ctx.health.office if ctx.health else None
        clerk = ctx.session.user.full_name if ctx.session else ""
        printer = ctx.receipts.desk

        def work() -> int:
            stored = files.listed(dossier.code)
            reprint_receipt(printer, dossier, office, clerk, stored)
            return len(stored)

        Task(self, work, lambda n: self._say(
            f"Đang in lại giấy tiếp nhận ({n} thành phần đã số hóa).", MUTED)).run()

    def ask_exempt(self) -> None:
        name = self.component()
        reason, ok = QInputDialog.getText(self, "Miễn số hóa",
                                          f"Lý do miễn số hóa “{name}” (chỉ xuất trình, mật…):")
        if not ok or len(reason.strip()) < 5 or self._busy:
            return
        files, code = self.files_api, self.dossier.code
        self._set_busy(True, "Đang ghi…")
        Task(self, lambda: files.exempt(code, name, reason.strip()), self._on_saved) \
            .failure(self._on_save_failed).run()

    # -- state -----------------------------------------------------------------------------

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        for w in (self.scan_button, self.save_button):
            w.setEnabled(not busy)
        if busy:
            self._say(text, MUTED)

    def _say(self, text: str, color: str) -> None:
        notes, self._notes = self._notes, []  # said once, with the save they belong to
        self.status.setStyleSheet(f"color: {color};")
        self.status.setText(" ".join([text, *notes]))
