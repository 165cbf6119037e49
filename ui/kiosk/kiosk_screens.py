"""The kiosk's screens: choose a service, say whether you have priority, see your number.

Sized for a finger, not a mouse: every target is at least 90 px tall, text is large.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from counter_app.client.queue import Service, Ticket
from counter_app.domain.labels import PRIORITY, PRIORITY_HINTS
from ui.common.plain_label import PlainLabel

STYLESHEET = """
#KioskWindow { background: #eef2f8; }
#kioskHeader { background: #0b3d91; }
#kioskHeader QLabel { color: white; }
#kioskOffice { font-size: 26px; font-weight: 700; }
#kioskClock { font-size: 26px; }
#kioskTitle { font-size: 34px; font-weight: 700; color: #1a2b4c; }
#kioskSubtitle { font-size: 22px; color: #4a5566; }
QPushButton#serviceButton, QPushButton#priorityButton {
    background: white; border: 2px solid #c9d3e3; border-radius: 18px; text-align: left; }
QPushButton#serviceButton:pressed, QPushButton#priorityButton:pressed { background: #dfe9fb; }
QPushButton#serviceButton:disabled { background: #f1f3f4; border-color: #e0e3e8; }
#servicePrefix { background: #0b57d0; color: white; border-radius: 14px;
                 font-size: 40px; font-weight: 800; }
#serviceName, #priorityName { font-size: 28px; font-weight: 700; color: #1a2b4c; }
#serviceWaiting, #priorityHint { font-size: 20px; color: #4a5566; }
QPushButton#noPriority { background: #0b57d0; color: white; border: none; border-radius: 18px;
                         font-size: 30px; font-weight: 700; }
QPushButton#noPriority:pressed { background: #0a4fbd; }
QPushButton#backButton { background: transparent; border: 2px solid #9aa7bb;
                         border-radius: 14px; font-size: 22px; color: #2a3a55; }
#yourNumberCaption { font-size: 34px; color: #1a2b4c; }
#yourNumber { font-size: 180px; font-weight: 800; color: #0b57d0; }
#yourService { font-size: 30px; font-weight: 700; color: #1a2b4c; }
#waitingAhead { font-size: 30px; color: #1a2b4c; }
#pleaseTake { font-size: 24px; color: #4a5566; }
#messageTitle { font-size: 38px; font-weight: 700; color: #1a2b4c; }
#messageTitle[kind="error"] { color: #b3261e; }
#messageText { font-size: 28px; color: #1a2b4c; }
#emptyText { font-size: 26px; color: #4a5566; }
"""


def _label(text: str, name: str, *, wrap: bool = False, center: bool = False) -> QLabel:
    label = PlainLabel(text)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    if center:
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    return label


class ServiceButton(QPushButton):
    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service
        self.setObjectName("serviceButton")
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        prefix = _label(service.prefix, "servicePrefix", center=True)
        prefix.setFixedSize(96, 96)
        name = _label(service.name, "serviceName", wrap=True)
        if service.full:
            waiting_text = "Đã hết số hôm nay"
        else:
            waiting_text = f"Đang chờ: {service.waiting} người"
        self.waiting_label = _label(waiting_text, "serviceWaiting", wrap=True)
        texts = QVBoxLayout()
        texts.addStretch(1)
        texts.addWidget(name)
        texts.addWidget(self.waiting_label)
        texts.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(20, 12, 20, 12)
        row.setSpacing(22)
        row.addWidget(prefix)
        row.addLayout(texts, 1)
        self.setEnabled(service.active and not service.full)
        self.setAccessibleName(f"{service.name}, {waiting_text}")


class ServicesScreen(QWidget):
    sig_chosen = Signal(object)
    """The applicant touched a service (Service)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: list[ServiceButton] = []
        title = _label("Chạm vào dịch vụ để lấy số thứ tự", "kioskTitle", center=True)
        self.subtitle = _label("Phiếu số sẽ được in ngay sau khi bạn chọn", "kioskSubtitle",
                               center=True)
        self.empty = _label("Đang tải danh sách dịch vụ…", "emptyText", center=True)
        self.grid = QGridLayout()
        self.grid.setSpacing(24)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 36, 60, 48)
        layout.setSpacing(14)
        layout.addWidget(title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(20)
        layout.addWidget(self.empty)
        layout.addLayout(self.grid, 1)

    def set_services(self, services: list[Service]) -> None:
        for button in self.buttons:
            button.deleteLater()
        self.buttons = []
        active = [s for s in services if s.active]
        self.empty.setVisible(not active)
        if not services:
            self.empty.setText("Hiện chưa có dịch vụ nào mở. Vui lòng liên hệ cán bộ tại quầy.")
        columns = 1 if len(active) <= 3 else 2
        for i, service in enumerate(active):
            button = ServiceButton(service)
            button.clicked.connect(lambda _c=False, s=service: self.sig_chosen.emit(s))
            self.grid.addWidget(button, i // columns, i % columns)
            self.buttons.append(button)

    def set_message(self, text: str) -> None:
        self.empty.setText(text)
        self.empty.setVisible(True)


class PriorityScreen(QWidget):
    sig_chosen = Signal(object)
    """The applicant answered: a priority code, or None for no priority."""
    sig_back = Signal()
    """The applicant wants to choose another service."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = _label("Ưu tiên?", "kioskTitle", center=True)
        self.subtitle = _label("", "kioskSubtitle", center=True, wrap=True)
        grid = QGridLayout()
        grid.setSpacing(20)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.buttons: dict[str | None, QPushButton] = {}
        for i, (code, name) in enumerate(PRIORITY.items()):
            hint = PRIORITY_HINTS.get(code, "")
            button = QPushButton()
            button.setObjectName("priorityButton")
            button.setMinimumHeight(100)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            texts = QVBoxLayout(button)
            texts.setContentsMargins(26, 10, 26, 10)
            texts.addStretch(1)
            texts.addWidget(_label(name, "priorityName"))
            if hint:
                texts.addWidget(_label(hint, "priorityHint"))
            texts.addStretch(1)
            button.setAccessibleName(name)
            button.clicked.connect(lambda _c=False, c=code: self.sig_chosen.emit(c))
            grid.addWidget(button, i // 2, i % 2)
            self.buttons[code] = button
        none = QPushButton("Không ưu tiên — lấy số thường")
        none.setObjectName("noPriority")
        none.setMinimumHeight(110)
        none.clicked.connect(lambda: self.sig_chosen.emit(None))
        self.buttons[None] = none
        grid.addWidget(none, 2, 1)
        back = QPushButton("‹  Chọn dịch vụ khác")
        back.setObjectName("backButton")
        back.setMinimumSize(320, 70)
        back.clicked.connect(self.sig_back)
        self.back_button = back
        bottom = QHBoxLayout()
        bottom.addWidget(back)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 36, 60, 36)
        layout.setSpacing(14)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(16)
        layout.addLayout(grid, 1)
        layout.addSpacing(16)
        layout.addLayout(bottom)

    def set_service(self, service: Service) -> None:
        self.subtitle.setText(
            f"Dịch vụ: {service.name}\nChọn nếu bạn thuộc một đối tượng dưới đây để được gọi "
            "trước; nếu không, chọn «Không ưu tiên».")


class MessageScreen(QWidget):
    """The applicant's number after printing, or a message when something went wrong."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = _label("Số của bạn", "yourNumberCaption", center=True)
        self.number = _label("", "yourNumber", center=True)
        self.service = _label("", "yourService", center=True, wrap=True)
        self.ahead = _label("", "waitingAhead", center=True)
        self.hint = _label("Vui lòng nhận phiếu bên dưới và chờ gọi số trên màn hình.",
                           "pleaseTake", center=True, wrap=True)
        self.title = _label("", "messageTitle", center=True, wrap=True)
        self.text = _label("", "messageText", center=True, wrap=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(80, 40, 80, 60)
        layout.addStretch(1)
        for widget in (self.caption, self.number, self.service, self.ahead, self.title,
                       self.text):
            layout.addWidget(widget)
        layout.addSpacing(30)
        layout.addWidget(self.hint)
        layout.addStretch(2)

    def show_ticket(self, ticket: Ticket) -> None:
        self._mode(number=True)
        self.number.setText(ticket.number)
        priority = f" · Ưu tiên: {ticket.priority_label}" if ticket.priority else ""
        self.service.setText(f"{ticket.service_name}{priority}")
        ahead = ticket.waiting_ahead
        self.ahead.setText(f"Còn {ahead} người chờ trước bạn" if ahead
                           else "Bạn sẽ được gọi ngay sau đây")

    def show_message(self, title: str, text: str, *, error: bool = False) -> None:
        self._mode(number=False)
        self.title.setProperty("kind", "error" if error else "info")
        self.title.style().unpolish(self.title)
        self.title.style().polish(self.title)
        self.title.setText(title)
        self.text.setText(text)

    def _mode(self, *, number: bool) -> None:
        for widget in (self.caption, self.number, self.service, self.ahead, self.hint):
            widget.setVisible(number)
        for widget in (self.title, self.text):
            widget.setVisible(not number)
