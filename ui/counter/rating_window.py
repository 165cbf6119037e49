"""The citizen's rating screen: a second screen facing the applicant at one counter.

    window = RatingWindow(ctx, counter_no=3)   # ctx of the clerk (or a display account)
    window.showFullScreen()

It listens to the queue's live events (SSE) and, when a ticket is finished at its
counter, asks "how satisfied are you?" with three large buttons and optional reasons. A
tap sends `POST /queue/tickets/{id}/rating` in a Task, thanks the citizen and goes back to
waiting. Unanswered, the question leaves after a minute; a newer finished ticket replaces
it. A ticket already rated (409) is thanked all the same.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app import settings as S
from counter_app.client import errors
from counter_app.client.queue import QueueEvent
from counter_app.client.stats import RATING_LEVELS, RATING_REASONS, StatsApi
from ui.common.context import AppContext
from ui.common.event_bridge import EventBridge
from ui.common.plain_label import PlainLabel
from ui.common.tasks import Task

log = logging.getLogger(__name__)
ASK_FOR_MS = 60_000
THANKS_FOR_MS = 5_000
COLOURS = {"very_satisfied": "#1b7f3b", "satisfied": "#0b57d0", "not_satisfied": "#b3261e"}
FACES = {"very_satisfied": "☺ ☺", "satisfied": "☺", "not_satisfied": "☹"}  # in DejaVu Sans


class RatingWindow(QWidget):
    sig_rated = Signal(int, str)
    """A rating was sent (ticket id, level); also after a 409 (already rated)."""

    def __init__(self, ctx: AppContext, counter_no: int, parent: QWidget | None = None,
                 *, listen: bool = True) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.counter_no = counter_no
        self.stats = StatsApi(ctx.api)
        self.ticket_id: int | None = None
        self.ticket_number = ""
        self.sending = False
        self.setWindowTitle(f"Đánh giá mức độ hài lòng — Quầy {counter_no}")
        self.resize(1024, 600)
        self.setStyleSheet("background: #f6f8fb;")

        self.stack = QStackedWidget()
        self.idle = self._page(f"Quầy số {counter_no}",
                               "Mời quý khách đánh giá sau khi được phục vụ.")
        self.thanks = self._page("Cảm ơn quý khách!", "Ý kiến của quý khách giúp chúng tôi "
                                                      "phục vụ tốt hơn.")
        self.ask = QWidget()
        ask = QVBoxLayout(self.ask)
        self.question = PlainLabel()
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.question.setWordWrap(True)
        self.question.setStyleSheet("font-size: 30px; font-weight: 700; color: #1a2b4c;")
        ask.addWidget(self.question)
        buttons = QHBoxLayout()
        self.level_buttons: dict[str, QPushButton] = {}
        for level, label in RATING_LEVELS.items():
            b = QPushButton(f"{FACES[level]}\n{label}")
            b.setMinimumSize(260, 180)
            b.setStyleSheet(f"QPushButton {{ background: {COLOURS[level]}; color: white; "
                            "font-size: 28px; font-weight: 700; border-radius: 16px; }"
                            "QPushButton:disabled { background: #9aa0a6; }")
            b.clicked.connect(lambda _=False, lv=level: self.rate(lv))
            self.level_buttons[level] = b
            buttons.addWidget(b)
        ask.addLayout(buttons)
        hint = PlainLabel("Nếu chưa hài lòng, xin chọn lý do (không bắt buộc) rồi bấm một mức:")
        hint.setStyleSheet("font-size: 18px; color: #5f6368;")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        ask.addWidget(hint)
        reasons = QGridLayout()
        self.reason_buttons: list[QPushButton] = []
        for i, reason in enumerate(RATING_REASONS):
            b = QPushButton(reason)
            b.setCheckable(True)
            b.setMinimumHeight(56)
            b.setStyleSheet("QPushButton { font-size: 18px; background: white; border: 2px "
                            "solid #c4cad4; border-radius: 10px; } QPushButton:checked { "
                            "background: #fdecea; border-color: #b3261e; }")
            self.reason_buttons.append(b)
            reasons.addWidget(b, i // 3, i % 3)
        ask.addLayout(reasons)
        self.error = PlainLabel()
        self.error.setStyleSheet("font-size: 16px; color: #b3261e;")
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        ask.addWidget(self.error)
        for page in (self.idle, self.ask, self.thanks):
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

        self.timeout = QTimer(self)
        self.timeout.setSingleShot(True)
        self.timeout.timeout.connect(self.show_idle)
        self.bridge = EventBridge(self)
        self.bridge.sig_event.connect(self.on_event)
        if listen:
            api = ctx.api
            self.bridge.start(api.base_url, lambda: api.token,
                              ca_bundle=ctx.settings.get(S.CA_BUNDLE) or None)

    @staticmethod
    def _page(title: str, text: str) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        v.addStretch(1)
        for value, css in ((title, "font-size: 44px; font-weight: 700; color: #1a2b4c;"),
                           (text, "font-size: 24px; color: #5f6368;")):
            label = PlainLabel(value)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            label.setStyleSheet(css)
            v.addWidget(label)
        v.addStretch(1)
        return page

    # -- events -----------------------------------------------------------------------------

    def on_event(self, event: QueueEvent) -> None:
        if event.type != "finished" or event.counter_no != self.counter_no or not event.ticket:
            return
        self.ask_for(event.ticket.id, event.ticket.number)

    def ask_for(self, ticket_id: int, number: str) -> None:
        self.ticket_id, self.ticket_number = ticket_id, number
        self.question.setText(f"Số {number}: quý khách có hài lòng với việc giải quyết "
                              "thủ tục hôm nay không?")
        self.error.clear()
        for b in self.reason_buttons:
            b.setChecked(False)
        self._enable(True)
        self.stack.setCurrentWidget(self.ask)
        self.timeout.start(ASK_FOR_MS)

    def show_idle(self) -> None:
        self.ticket_id = None
        self.stack.setCurrentWidget(self.idle)

    def _enable(self, on: bool) -> None:
        for b in (*self.level_buttons.values(), *self.reason_buttons):
            b.setEnabled(on)

    # -- rating -----------------------------------------------------------------------------

    def reasons(self) -> str | None:
        chosen = [b.text() for b in self.reason_buttons if b.isChecked()]
        return "; ".join(chosen)[:200] or None

    def rate(self, level: str) -> None:
        if self.ticket_id is None or self.sending:
            return
        self.sending = True
        self._enable(False)
        ticket_id, reason = self.ticket_id, self.reasons()
        Task(self, lambda: self.stats.rate(ticket_id, level, reason),
             lambda _r: self._on_rated(ticket_id, level)) \
            .failure(lambda exc: self._on_failed(ticket_id, level, exc)).run()

    def _on_rated(self, ticket_id: int, level: str) -> None:
        self.sending = False
        self.stack.setCurrentWidget(self.thanks)
        self.timeout.start(THANKS_FOR_MS)
        self.sig_rated.emit(ticket_id, level)

    def _on_failed(self, ticket_id: int, level: str, exc: BaseException) -> None:
        self.sending = False
        if isinstance(exc, errors.Conflict):  # already rated: nothing left to ask
            self._on_rated(ticket_id, level)
            return
        log.warning("rating of ticket %s not sent: %s", ticket_id, exc)
        self.error.setText("Chưa gửi được đánh giá, xin bấm lại.")
        self._enable(True)

    def closeEvent(self, event) -> None:
        self.bridge.stop()
        self.timeout.stop()
        super().closeEvent(event)
