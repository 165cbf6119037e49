"""The job log: a failed receipt is retried once, a printed one only reprinted on request."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from printing.errors import PrinterError


class FlakyPrinter:
    """Out of paper for the first job, fine afterwards (the clerk loaded a roll)."""

    def __init__(self) -> None:
        self.sent: list[bytes] = []
        self.fail_next = True

    def send(self, data: bytes) -> None:
        if self.fail_next:
            self.fail_next = False
            raise PrinterError("paper_out", "Máy in hết giấy.")
        self.sent.append(data)

    def close(self) -> None:
        pass


def cell(dialog, row: int, header: str) -> str:
    table = dialog.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    return table.item(row, headers.index(header)).text()


@pytest.fixture
def printer(qtbot):
    from printing.settings import PrinterSettings
    from ui.printers.receipt_printer import ReceiptPrinter

    p = ReceiptPrinter(PrinterSettings())
    p.configure(PrinterSettings(), transport=FlakyPrinter())
    yield p
    p.close()


def test_failed_job_retried_once_then_reprint_is_an_explicit_copy(qtbot, printer):
    from printing.documents.receipt import demo_receipt, receipt_layout
    from printing.service import build_job
    from ui.printers.print_jobs_dialog import PrintJobsDialog

    dialog = PrintJobsDialog(printer)
    qtbot.addWidget(dialog)
    job = build_job("receipt", "Giấy tiếp nhận 000.00.17.H01-261124-0001",
                    receipt_layout(demo_receipt()))
    printer.queue.submit(job)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1
                    and cell(dialog, 0, "Trạng thái") == "Lỗi", timeout=15_000)
    assert "hết giấy" in cell(dialog, 0, "Lý do")
    dialog.table.selectRow(0)
    assert dialog.retry_button.isEnabled() and not dialog.reprint_button.isEnabled()

    qtbot.mouseClick(dialog.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cell(dialog, 0, "Trạng thái") == "Đã in", timeout=15_000)
    assert len(printer.transport.sent) == 1
    assert printer.queue.retry(job.id) is None  # printed: a retry never prints it again
    assert not printer.queue.void(job.id)
    dialog.table.selectRow(0)
    assert not dialog.retry_button.isEnabled() and dialog.reprint_button.isEnabled()

    qtbot.mouseClick(dialog.reprint_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(printer.transport.sent) == 2, timeout=15_000)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=15_000)
    assert "(bản thêm)" in cell(dialog, 0, "Tài liệu")
    assert cell(dialog, 0, "Mã hồ sơ") == cell(dialog, 1, "Mã hồ sơ")  # the copy keeps it
    assert printer.transport.sent[0] == printer.transport.sent[1] == job.data


def test_the_log_shows_the_dossier_code_of_each_paper(qtbot, printer):
    """The clerk looks for "the receipt of 000.00.17.H01-…": the code has its own column,
    for receipts, copies and return slips; a ticket has none."""
    from printing.documents.receipt import demo_receipt
    from ui.printers.print_jobs_dialog import PrintJobsDialog

    printer.transport.fail_next = False
    dialog = PrintJobsDialog(printer)
    qtbot.addWidget(dialog)
    receipt = demo_receipt()
    printer.print_document(receipt, "receipt")
    qtbot.waitUntil(lambda: dialog.table.rowCount() >= 1
                    and cell(dialog, 0, "Trạng thái") == "Đã in", timeout=10_000)
    codes = {cell(dialog, r, "Mã hồ sơ") for r in range(dialog.table.rowCount())}
    assert codes == {receipt.dossier_code}
