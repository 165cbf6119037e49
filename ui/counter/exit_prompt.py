"""Closing the counter while dossiers wait in the outbox: say how many, and that they are
safe and go up at the next start, before the clerk leaves."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from ui.common.dialogs import message_box


def exit_text(pending: int) -> str:
    return (f"Còn {pending} hồ sơ chờ gửi lên máy chủ. Các hồ sơ này được lưu an toàn trên "
            "máy và sẽ tự gửi khi mở lại ứng dụng. Thoát?")


def confirm_exit(parent: QWidget, pending: int) -> bool:
    """True when the clerk may go: nothing waits, or they chose Thoát."""
    if pending <= 0:
        return True
    box = message_box(parent, QMessageBox.Icon.Warning, "Thoát phần mềm quầy",
                      exit_text(pending), QMessageBox.StandardButton.NoButton)
    leave = box.addButton("Thoát", QMessageBox.ButtonRole.AcceptRole)
    stay = box.addButton("Ở lại", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(stay)  # Enter by habit must not close the counter
    box.setEscapeButton(stay)
    box.exec()
    return box.clickedButton() is leave
