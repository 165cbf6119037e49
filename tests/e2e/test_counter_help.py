"""Trợ giúp: the shortcut list is read from the window itself, the first-day guide is one
Vietnamese page whose keys all exist, Giới thiệu names the office as plain text."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QKeySequence

from tests.e2e.conftest import close_counter, open_counter

pytestmark = pytest.mark.e2e


def help_actions(window) -> dict[str, object]:
    [menu] = [a.menu() for a in window.menuBar().actions() if a.text() == "Trợ giúp"]
    return {a.text(): a for a in menu.actions()}


def test_shortcut_list_covers_every_key_the_window_answers_to(qtbot, backend, tmp_path):
    counter = open_counter(qtbot, backend.base_url, tmp_path)
    try:
        window = counter.window
        actions = help_actions(window)
        assert list(actions) == ["Phím tắt…", "Hướng dẫn ngày đầu tiên…", "Giới thiệu…"]
        actions["Phím tắt…"].trigger()
        dialog = window.shortcuts_dialog
        qtbot.waitUntil(dialog.isVisible, timeout=15_000)
        table = dialog.table
        rows = {(table.item(r, 1).text(), table.item(r, 2).text())
                for r in range(table.rowCount())}
        keys = {k for k, _ in rows}
        for key in ("F1", "F2", "F3", "F4", "F6", "F7", "F9", "Ctrl+I", "Ctrl+T", "Ctrl+R",
                    "Ctrl+1", "Ctrl+2", "Ctrl+J", "Ctrl+Q", "Ctrl+Shift+P", "F5", "Ctrl+S",
                    "Ctrl+N", "Return"):
            assert key in keys, key
        assert ("F2", "Gọi số tiếp theo") in rows
        assert ("F5", "Xác thực") in rows and ("Ctrl+S", "Tiếp nhận và in biên nhận") in rows
        assert all(what and what != "(chưa có mô tả)" for _k, what in rows), rows
        # A key added tomorrow shows up without anyone editing the help.
        from PySide6.QtGui import QAction

        extra = QAction("Việc mới", window)
        extra.setShortcut(QKeySequence("Ctrl+Shift+F12"))
        window.addAction(extra)
        from ui.counter.help_shortcuts import window_keys

        assert any(k.keys == "Ctrl+Shift+F12" and k.what == "Việc mới"
                   for k in window_keys(window))
    finally:
        close_counter(counter)


def test_first_day_guide_and_about(qtbot, backend, tmp_path):
    counter = open_counter(qtbot, backend.base_url, tmp_path)
    try:
        window = counter.window
        actions = help_actions(window)
        actions["Hướng dẫn ngày đầu tiên…"].trigger()
        guide = window.guide_dialog
        qtbot.waitUntil(guide.isVisible, timeout=15_000)
        text = guide.browser.toPlainText()
        for step in ("Đăng nhập", "Gọi người tiếp theo", "Quét thẻ CCCD", "Chọn thủ tục",
                     "Kiểm tra giấy tờ", "Tiếp nhận và in biên nhận", "Trả kết quả",
                     "Khi mất mạng", "Cuối ngày"):
            assert step in text, step
        from ui.counter.help_shortcuts import window_keys

        known = {k.keys for k in window_keys(window)}
        mentioned = set(re.findall(r"\b(?:Ctrl\+(?:Shift\+)?\w+|F\d+)\b", text))
        assert mentioned and mentioned <= known, mentioned - known  # the guide cannot lie

        actions["Giới thiệu…"].trigger()
        about = window.about_box
        qtbot.waitUntil(about.isVisible, timeout=15_000)
        office = window.ctx.health.office.name
        assert office in about.text() and "Phiên bản" in about.text()
        from PySide6.QtCore import Qt

        assert about.textFormat() == Qt.TextFormat.PlainText
    finally:
        close_counter(counter)
