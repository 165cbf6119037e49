"""The lobby display: which number each counter serves, the last calls, office and clock.

Read from across a room: white and amber on dark blue, numbers as large as the screen
allows. A fresh call lights up its counter and heads the list for a few seconds.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from counter_app.client.models import Office
from counter_app.client.queue import DisplaySnapshot, QueueEvent
from counter_app.domain.clock import Clock, office_now
from ui.common.layouts import clear_layout
from ui.common.plain_label import PlainLabel
from ui.display.announcer import call_text

LAST_CALLS = 6
HIGHLIGHT_MS = 10_000

STYLESHEET = """
#DisplayWindow { background: #0d1b2a; }
QLabel { color: white; }
#displayHeader { background: #13294b; border-bottom: 3px solid #ffd166; }
#displayOffice { font-size: 34px; font-weight: 700; }
#displayClock { font-size: 40px; font-weight: 700; color: #ffd166; }
#displayDate { font-size: 20px; color: #c9d6ea; }
#sectionTitle { font-size: 28px; font-weight: 700; color: #c9d6ea; }
#counterCard { background: #1b2f4e; border: 3px solid #1b2f4e; border-radius: 18px; }
#counterCard[flash="true"] { background: #ffd166; border-color: white; }
#counterName { font-size: 32px; font-weight: 700; color: #c9d6ea; }
#counterNumber { font-size: 96px; font-weight: 800; color: #ffd166; }
#counterState { font-size: 22px; color: #c9d6ea; }
#counterCard[flash="true"] QLabel { color: #0d1b2a; }
#callsPanel { background: #13294b; border-radius: 18px; }
#callRow { border-bottom: 1px solid #2b4470; }
#callRow[first="true"] { background: #ffd166; border-radius: 12px; border: none; }
#callRow[first="true"] QLabel { color: #0d1b2a; }
#callNumber { font-size: 52px; font-weight: 800; }
#callCounter { font-size: 32px; font-weight: 600; }
#emptyCalls { font-size: 24px; color: #c9d6ea; }
#banner { background: #ffd166; }
#bannerText { font-size: 38px; font-weight: 800; color: #0d1b2a; }
#bannerText[idle="true"] { font-size: 26px; font-weight: 600; }
#statusText { font-size: 16px; color: #8fa3c2; }
"""
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
IDLE_BANNER = "Vui lòng chú ý nghe gọi số và đến đúng quầy. Xin cảm ơn!"


def _label(text: str, name: str, align=Qt.AlignmentFlag.AlignCenter) -> QLabel:
    label = PlainLabel(text)
    label.setObjectName(name)
    label.setAlignment(align)
    return label


def _restyle(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    for child in widget.findChildren(QLabel):
        child.style().unpolish(child)
        child.style().polish(child)


class CounterCard(QFrame):
    def __init__(self, no: int, name: str, number: str | None) -> None:
        super().__init__()
        self.setObjectName("counterCard")
        self.no = no
        self.name = _label(name, "counterName")
        self.number = _label(number or "—", "counterNumber")
        self.state = _label("", "counterState")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.name)
        layout.addWidget(self.number, 1)
        layout.addWidget(self.state)
        self._unflash = QTimer(self)
        self._unflash.setSingleShot(True)
        self._unflash.timeout.connect(lambda: self.set_flash(False))

    def set_number(self, number: str | None, flash: bool = False) -> None:
        self.number.setText(number or "—")
        if flash:
            self.set_flash(True)
            self._unflash.start(HIGHLIGHT_MS)

    def set_flash(self, on: bool) -> None:
        self.setProperty("flash", on)
        _restyle(self)


class CallRow(QFrame):
    def __init__(self, number: str, counter_no: int | None, first: bool) -> None:
        super().__init__()
        self.setObjectName("callRow")
        self.setProperty("first", first)
        row = QHBoxLayout(self)
        row.setContentsMargins(20, 6, 20, 6)
        self.number = _label(number, "callNumber", LEFT)
        row.addWidget(self.number, 1)
        arrow = f"→  Quầy {counter_no}" if counter_no else ""
        row.addWidget(_label(arrow, "callCounter", RIGHT))


class DisplayWindow(QWidget):
    def __init__(self, parent: QWidget | None = None, *, clock: Clock | None = None) -> None:
        super().__init__(parent)
        self._office_clock = clock  # None: the app's clock
        self.setObjectName("DisplayWindow")
        self.setWindowTitle("Màn hình gọi số")
        self.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.Window)
        self.setStyleSheet(STYLESHEET)
        self.setCursor(Qt.CursorShape.BlankCursor)
        self.cards: dict[int, CounterCard] = {}
        self.calls: list[tuple[str, int | None]] = []  # newest first

        self.office = _label("Bộ phận Một cửa", "displayOffice", Qt.AlignmentFlag.AlignLeft)
        self.clock = _label("", "displayClock", Qt.AlignmentFlag.AlignRight)
        self.date = _label("", "displayDate", Qt.AlignmentFlag.AlignRight)
        header = QFrame()
        header.setObjectName("displayHeader")
        header_row = QHBoxLayout(header)
        header_row.setContentsMargins(36, 10, 36, 10)
        header_row.addWidget(self.office, 1)
        times = QVBoxLayout()
        times.setSpacing(0)
        times.addWidget(self.clock)
        times.addWidget(self.date)
        header_row.addLayout(times)

        self.grid = QGridLayout()
        self.grid.setSpacing(18)
        counters = QVBoxLayout()
        counters.addWidget(_label("Đang phục vụ", "sectionTitle", Qt.AlignmentFlag.AlignLeft))
        counters.addLayout(self.grid, 1)

        calls_panel = QFrame()
        calls_panel.setObjectName("callsPanel")
        self.calls_layout = QVBoxLayout(calls_panel)
        self.calls_layout.setContentsMargins(16, 14, 16, 14)
        self.calls_layout.setSpacing(6)
        right = QVBoxLayout()
        right.addWidget(_label("Số vừa gọi", "sectionTitle", Qt.AlignmentFlag.AlignLeft))
        right.addWidget(calls_panel, 1)

        body = QHBoxLayout()
        body.setContentsMargins(30, 20, 30, 16)
        body.setSpacing(30)
        body.addLayout(counters, 3)
        body.addLayout(right, 2)

        banner = QFrame()
        banner.setObjectName("banner")
        banner_row = QHBoxLayout(banner)
        banner_row.setContentsMargins(30, 12, 30, 12)
        self.banner = _label(IDLE_BANNER, "bannerText")
        self.status = _label("", "statusText", Qt.AlignmentFlag.AlignRight)
        banner_row.addWidget(self.banner, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addLayout(body, 1)
        layout.addWidget(self.status)
        layout.addWidget(banner)

        self._banner_reset = QTimer(self)
        self._banner_reset.setSingleShot(True)
        self._banner_reset.timeout.connect(lambda: self.set_banner(None))
        self.set_banner(None)
        self._tick = QTimer(self)
        self._tick.timeout.connect(self._on_tick)
        self._tick.start(1000)
        self._on_tick()
        self._render_calls()

    # -- data ------------------------------------------------------------------------------

    def set_office(self, office: Office | None) -> None:
        if office is not None:
            self.office.setText(office.name)

    def set_snapshot(self, snapshot: DisplaySnapshot) -> None:
        self.set_office(snapshot.office)
        for card in self.cards.values():
            card.deleteLater()
        self.cards = {}
        columns = 2 if len(snapshot.counters) <= 4 else 3
        for i, counter in enumerate(snapshot.counters):
            card = CounterCard(counter.no, counter.name, counter.current_number)
            self.grid.addWidget(card, i // columns, i % columns)
            self.cards[counter.no] = card
        self.calls = []
        for e in snapshot.last_calls:  # a recall repeats a call: list each once
            call = (e.ticket.number, e.counter_no) if e.ticket is not None else None
            if call and call not in self.calls:
                self.calls.append(call)
        del self.calls[LAST_CALLS:]
        self._render_calls()

    def apply_event(self, event: QueueEvent, *, fresh: bool = True) -> None:
        """Update the screen for one event; `fresh` calls are highlighted."""
        card = self.cards.get(event.counter_no) if event.counter_no else None
        if event.is_call and event.ticket is not None:
            if card is not None:
                card.set_number(event.ticket.number, flash=fresh)
            call = (event.ticket.number, event.counter_no)
            self.calls = [call] + [c for c in self.calls if c != call]
            del self.calls[LAST_CALLS:]
            self._render_calls()
        elif event.type == "counter_paused" and card is not None:
            card.state.setText("Tạm nghỉ")
        elif event.type == "counter_resumed" and card is not None:
            card.state.setText("")

    def set_banner(self, text: str | None) -> None:
        self.banner.setText(text or IDLE_BANNER)
        self.banner.setProperty("idle", text is None)
        _restyle(self.banner)
        if text:
            self._banner_reset.start(HIGHLIGHT_MS)

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def _render_calls(self) -> None:
        clear_layout(self.calls_layout)
        if not self.calls:
            self.calls_layout.addWidget(_label("Chưa có số nào được gọi", "emptyCalls"))
        for i, (number, counter_no) in enumerate(self.calls):
            self.calls_layout.addWidget(CallRow(number, counter_no, first=i == 0))
        self.calls_layout.addStretch(1)

    def current_number(self, counter_no: int) -> str | None:
        card = self.cards.get(counter_no)
        text = card.number.text() if card else None
        return None if text in (None, "—") else text

    def _on_tick(self) -> None:
        now = office_now(self._office_clock)
        self.clock.setText(now.strftime("%H:%M:%S"))
        self.date.setText(f"{_WEEKDAYS[now.weekday()]}, {now:%d/%m/%Y}")

    def show_call_text(self, number: str, counter_no: int | None) -> None:
        self.set_banner(call_text(number, counter_no))


_WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
