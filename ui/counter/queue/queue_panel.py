"""The clerk's queue: the ticket at this counter, who waits, and keyboard-first actions.

Every action is one HTTP call through Task; the answer (a Ticket) becomes the current
ticket. Live events from other counters and the kiosk refresh the waiting list (one
request per burst of events, not one per event).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app import settings as S
from counter_app.client import errors
from counter_app.client.events import CONNECTED, DISCONNECTED, UNAUTHORIZED
from counter_app.client.queue import Counter, QueueApi, QueueEvent, Service, Ticket
from counter_app.domain.clock import office_now
from counter_app.domain.queue import TRANSITIONS
from ui.common.event_bridge import EventBridge
from ui.common.plain_label import PlainLabel
from ui.common.session_expiry import session_expiry
from ui.common.style import ACCENT, BAD, MUTED, OK, WARN
from ui.common.tasks import Task, describe
from ui.counter.queue.queue_waiting_list import WaitingList, waited_text

log = logging.getLogger(__name__)
REFRESH_DEBOUNCE_MS = 150
LIVE_FALLBACK_MS = 30_000  # while the live stream is down, poll instead

STYLESHEET = f"""
#currentNumber {{ font-size: 46px; font-weight: 800; color: {ACCENT}; }}
#currentNumber[empty="true"] {{ font-size: 22px; font-weight: 600; color: {MUTED}; }}
#currentDetail {{ font-size: 14px; color: #2a3a55; }}
#currentState {{ font-size: 15px; font-weight: 700; }}
#counterState {{ font-weight: 600; }}
#queueMessage {{ font-size: 13px; }}
QPushButton#callNext {{ background: {ACCENT}; color: white; border: none; font-weight: 700;
                        font-size: 16px; padding: 10px 14px; }}
QPushButton#callNext:disabled {{ background: #9fb8e6; }}
"""



class QueuePanel(QWidget):
    sig_ticket_called = Signal(object)
    """A ticket was called or started at this counter (Ticket): the next dossier is its."""
    sig_current_changed = Signal(object)
    """The ticket at this counter changed (Ticket, or None once it is done, absent, returned)."""

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setStyleSheet(STYLESHEET)
        user = ctx.session.user if ctx.session else None
        self.counter_no: int = (user.counter_no if user and user.counter_no
                                else ctx.settings.get(S.COUNTER_NO))
        self.queue_api = QueueApi(ctx.api)
        self.counter: Counter | None = None
        self.counters: list[Counter] = []
        self.services: list[Service] = []
        self.current: Ticket | None = None
        self.busy = False
        self._issuer = None
        self._live = False
        self.last_no_show: Ticket | None = None  # a late arrival gets this place back

        self.counter_label = PlainLabel(f"Quầy {self.counter_no}")
        self.counter_label.setObjectName("counterState")
        self.counter_label.setWordWrap(True)  # a long pause reason must not widen the window
        self.pause_button = QPushButton("Tạm dừng quầy…")
        self.pause_button.clicked.connect(self._on_pause_clicked)
        top = QHBoxLayout()
        top.addWidget(self.counter_label, 1)
        top.addWidget(self.pause_button)

        self.number = PlainLabel()
        self.number.setObjectName("currentNumber")
        self.state = PlainLabel()
        self.state.setObjectName("currentState")
        self.detail = PlainLabel()
        self.detail.setObjectName("currentDetail")
        self.detail.setWordWrap(True)
        self.call_next_button = QPushButton("Gọi số tiếp theo  (F2)")
        self.call_next_button.setObjectName("callNext")
        self.call_next_button.clicked.connect(self.call_next)
        grid = QGridLayout()
        grid.setSpacing(6)
        # Keys as actions: the counter window adds them to itself and its menu, so F2, F3 and
        # Ctrl+I work while this panel is hidden (a QShortcut here would die with it).
        self.key_actions: list[QAction] = [self._key_action("Gọi số tiếp theo", "F2",
                                                            self.call_next)]
        self.recall_button = self._action_button("Gọi lại", "F3", self.recall)
        self.start_button = self._action_button("Bắt đầu", "F4", self.start)
        self.finish_button = self._action_button("Xong", "F6", self.finish)
        self.no_show_button = self._action_button("Vắng mặt", "F7", self.no_show)
        self.return_button = self._action_button("Trả về hàng chờ", "Ctrl+R",
                                                 self.return_to_queue)
        self.transfer_button = self._action_button("Chuyển…", "Ctrl+T", self.ask_transfer)
        for i, button in enumerate((self.recall_button, self.start_button, self.finish_button,
                                    self.no_show_button, self.return_button,
                                    self.transfer_button)):
            # The two long labels get a row each: side by side they widen the panel past
            # what a 1366 px screen leaves beside the reception page.
            grid.addWidget(button, *((i // 2, i % 2) if i < 4 else (i - 2, 0, 1, 2)))
        current_box = QGroupBox("Đang phục vụ")
        current = QVBoxLayout(current_box)
        current.addWidget(self.number)
        current.addWidget(self.state)
        current.addWidget(self.detail)
        current.addWidget(self.call_next_button)
        current.addLayout(grid)

        self.waiting = WaitingList()
        self.waiting.sig_call_requested.connect(self.call_ticket)
        self.waiting_box = QGroupBox("Hàng chờ")
        waiting = QVBoxLayout(self.waiting_box)
        waiting.addWidget(self.waiting, 1)
        hint = PlainLabel("Chọn một số rồi nhấn Enter để gọi ngay số đó.")
        hint.setObjectName("hint")
        waiting.addWidget(hint)

        self.issue_button = QPushButton("Cấp số tại quầy…  (Ctrl+I)")
        self.issue_button.setToolTip("Cấp số và in phiếu cho người dân đến thẳng quầy")
        self.issue_button.clicked.connect(self.ask_issue)
        self.key_actions.append(self._key_action("Cấp số và in phiếu tại quầy…", "Ctrl+I",
                                                 self.ask_issue))
        self.addActions(self.key_actions)
        self.message = PlainLabel()
        self.message.setObjectName("queueMessage")
        self.message.setWordWrap(True)
        self.live = PlainLabel()
        self.live.setObjectName("hint")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(current_box)
        layout.addWidget(self.waiting_box, 1)
        layout.addWidget(self.issue_button)
        layout.addWidget(self.message)
        layout.addWidget(self.live)

        self.bridge = EventBridge(self)
        self.bridge.sig_event.connect(self._on_event)
        self.bridge.sig_state_changed.connect(self._on_stream_state)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.timeout.connect(self.refresh)
        self._fallback = QTimer(self)
        self._fallback.timeout.connect(self.refresh)
        self._tick = QTimer(self)
        self._tick.timeout.connect(self._show_current)
        self._tick.start(1000)
        self._show_counter()
        self._show_current()
        QTimer.singleShot(0, self.load)

    def _action_button(self, label: str, key: str, handler: Callable[[], None]) -> QPushButton:
        button = QPushButton(f"{label}  ({key})")
        button.setToolTip(f"Phím tắt: {key}")
        button.clicked.connect(handler)
        self.key_actions.append(self._key_action(label, key, handler))
        return button

    def _key_action(self, text: str, key: str, handler: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(key)
        action.triggered.connect(lambda _checked=False: handler())
        return action

    # -- loading -------------------------------------------------------------------------------

    def load(self) -> None:
        """Counters, services and the waiting list; then the live stream."""
        qapi = self.queue_api
        Task(self, lambda: (qapi.counters(), qapi.services(), qapi.waiting()), self._on_loaded) \
            .failure(self._on_failed).run()

    def _on_loaded(self, loaded: tuple[list[Counter], list[Service], list[Ticket]]) -> None:
        counters, self.services, waiting = loaded
        self._set_counters(counters)
        if self.counter is not None:
            self._set_current(self.counter.current_ticket, announce=False)
        self._set_waiting(waiting)
        if not self._live:
            self._live = True
            api = self.ctx.api
            self.bridge.start(api.base_url, lambda: api.token,
                              ca_bundle=self.ctx.settings.get(S.CA_BUNDLE) or None)

    def refresh(self) -> None:
        qapi = self.queue_api
        Task(self, lambda: (qapi.counters(), qapi.waiting()), self._on_refreshed) \
            .failure(self._on_failed).run()

    def _on_refreshed(self, loaded: tuple[list[Counter], list[Ticket]]) -> None:
        counters, waiting = loaded
        self._set_counters(counters)
        if self.counter is not None and not self.busy:
            self._set_current(self.counter.current_ticket, announce=False)
        self._set_waiting(waiting)

    def _set_counters(self, counters: list[Counter]) -> None:
        self.counters = counters
        self.counter = next((c for c in counters if c.no == self.counter_no), None)
        self._show_counter()

    def _set_waiting(self, tickets: list[Ticket]) -> None:
        codes = set(self.counter.service_codes) if self.counter else set()
        mine = [t for t in tickets if not codes or t.service_code in codes]
        self.waiting.set_tickets(mine)
        self.waiting_box.setTitle(f"Hàng chờ ({len(mine)})")
        self._update_buttons()

    # -- live events -------------------------------------------------------------------------

    def _on_event(self, event: QueueEvent) -> None:
        ticket = event.ticket
        if ticket is not None and self.last_no_show is not None \
                and ticket.id == self.last_no_show.id and ticket.status != "no_show":
            self.last_no_show = None  # returned or handled elsewhere
        if ticket is not None and self.current is not None and ticket.id == self.current.id:
            mine = ticket.counter_no == self.counter_no and ticket.status in ("called", "serving")
            self._set_current(ticket if mine else None, announce=False)
        self._refresh_timer.start(REFRESH_DEBOUNCE_MS)

    def _on_stream_state(self, state: str, message: str) -> None:
        if state == CONNECTED:
            self.live.setText("● Cập nhật trực tiếp")
            self.live.setStyleSheet(f"color: {OK};")
            self._fallback.stop()
            self._refresh_timer.start(REFRESH_DEBOUNCE_MS)  # catch up on what we missed
        elif state == DISCONNECTED:
            self.live.setText(f"● {message}")
            self.live.setStyleSheet(f"color: {WARN};")
            if not self._fallback.isActive():
                self._fallback.start(LIVE_FALLBACK_MS)
        elif state == UNAUTHORIZED:
            session_expiry().report()

    # -- actions -------------------------------------------------------------------------------

    def call_next(self) -> None:
        if self.call_next_button.isEnabled():
            no = self.counter_no
            self._act(lambda q: q.call_next(no), called=True,
                      empty="Không còn ai chờ cho các dịch vụ của quầy này.")

    def call_ticket(self, ticket: Ticket) -> None:
        if self.current is None and not self.busy and self._counter_open():
            no = self.counter_no
            self._act(lambda q: q.call(ticket.id, no), called=True)

    def recall(self) -> None:
        if self.recall_button.isEnabled() and (t := self.current) is not None:
            self._act(lambda q: q.recall(t.id), called=True)

    def start(self) -> None:
        if self.start_button.isEnabled() and (t := self.current) is not None:
            self._act(lambda q: q.start(t.id), called=True)

    def finish(self) -> None:
        if self.finish_button.isEnabled() and (t := self.current) is not None:
            self._act(lambda q: q.finish(t.id))

    def no_show(self) -> None:
        if self.no_show_button.isEnabled() and (t := self.current) is not None:
            self._act(lambda q: q.no_show(t.id))

    def return_to_queue(self) -> None:
        """Give the last no-show ticket its place back: the citizen came back late."""
        if self.return_button.isEnabled() and (t := self.last_no_show) is not None:
            self._act(lambda q: q.return_to_queue(t.id))

    def transfer(self, service_code: str | None = None, counter_no: int | None = None) -> None:
        if self.current is not None and not self.busy and (service_code or counter_no):
            t = self.current
            self._act(lambda q: q.transfer(t.id, service_code=service_code, counter_no=counter_no))

    def ask_transfer(self) -> None:
        if not self.transfer_button.isEnabled() or self.current is None:
            return
        from ui.counter.queue.queue_dialogs import TransferDialog

        self._open(TransferDialog(self.current, self.services, self.counters, self.counter_no,
                                  lambda s, c: self.transfer(s, c), self))

    def pause(self, reason: str) -> None:
        no = self.counter_no
        self._counter_action(lambda q: q.pause(no, reason))

    def resume(self) -> None:
        no = self.counter_no
        self._counter_action(lambda q: q.resume(no))

    def _on_pause_clicked(self) -> None:
        if self.counter is not None and self.counter.state == "paused":
            self.resume()
            return
        from ui.counter.queue.queue_dialogs import PauseDialog

        self._open(PauseDialog(self.pause, self))

    def ask_issue(self) -> None:
        from ui.counter.queue.queue_dialogs import IssueDialog

        if self.services:
            self._open(IssueDialog(self.services, self.issue_ticket, self))

    def issue_ticket(self, service_code: str, priority: str | None) -> None:
        """Issue a ticket for someone the clerk registers directly, and print it."""
        issuer = self._ticket_issuer()
        if issuer.busy:
            return
        self._say("Đang cấp số và in phiếu…", MUTED)
        issuer.issue(service_code, priority)

    # -- plumbing -------------------------------------------------------------------------------

    def _act(self, op: Callable[[QueueApi], Ticket | None], *, called: bool = False,
             empty: str = "") -> None:
        if self.busy:
            return
        self.busy = True
        self._update_buttons()
        qapi = self.queue_api
        Task(self, lambda: op(qapi), lambda t: self._on_acted(t, called, empty)) \
            .failure(self._on_failed).run()

    def _on_acted(self, ticket: Ticket | None, called: bool, empty: str) -> None:
        self.busy = False
        if ticket is None:
            self._say(empty, MUTED)
            self._update_buttons()
            return
        mine = ticket.counter_no == self.counter_no and ticket.status in ("called", "serving")
        if ticket.status == "no_show":
            self.last_no_show = ticket
        elif self.last_no_show is not None and ticket.id == self.last_no_show.id:
            self.last_no_show = None
        self._set_current(ticket if mine else None, announce=called and mine)
        self._say(_outcome_text(ticket, office_now(self.ctx.clock)), OK)
        self._refresh_timer.start(REFRESH_DEBOUNCE_MS)

    def _counter_action(self, op: Callable[[QueueApi], Counter]) -> None:
        qapi = self.queue_api
        Task(self, lambda: op(qapi), self._on_counter_changed).failure(self._on_failed).run()

    def _on_counter_changed(self, counter: Counter) -> None:
        self.counters = [counter if c.no == counter.no else c for c in self.counters]
        self.counter = counter
        self._show_counter()

    def _on_failed(self, exc: BaseException) -> None:
        self.busy = False
        self._update_buttons()
        message = describe(exc, "queue action failed")
        log.warning("queue action failed: %s", message)
        self._say(message, BAD)
        if isinstance(exc, errors.Rejected):
            self._refresh_timer.start(REFRESH_DEBOUNCE_MS)  # our view was probably stale

    def _set_current(self, ticket: Ticket | None, *, announce: bool) -> None:
        changed, self.current = ticket != self.current, ticket
        self._show_current()
        if changed:
            self.sig_current_changed.emit(ticket)
        if announce and ticket is not None:
            self.sig_ticket_called.emit(ticket)

    def _show_current(self) -> None:
        t = self.current
        self.number.setProperty("empty", t is None)
        self.number.style().unpolish(self.number)
        self.number.style().polish(self.number)
        if t is None:
            self.number.setText("Chưa gọi số")
            self.state.setText("")
            self.detail.setText("Nhấn F2 để gọi người tiếp theo.")
        else:
            self.number.setText(t.number)
            calls = f" (lần {t.call_count})" if t.status == "called" and t.call_count > 1 else ""
            self.state.setText(f"{t.status_label}{calls}")
            color = ACCENT if t.status == "called" else OK
            self.state.setStyleSheet(f"color: {color};")
            parts = [t.service_name]
            if t.priority:
                parts.append(f"Ưu tiên: {t.priority_label}")
            waited = waited_text(t.issued_at, t.called_at) if t.called_at else waited_text(t.issued_at)
            parts.append(f"Đã chờ {waited}")
            if t.called_at:
                parts.append(f"Gọi lúc {t.called_at:%H:%M}")
            if t.transferred_from:
                parts.append(f"Chuyển từ {t.transferred_from}")
            self.detail.setText(" · ".join(parts))
        self._update_buttons()

    def _show_counter(self) -> None:
        c = self.counter
        name = c.name if c else f"Quầy {self.counter_no}"
        if c is not None and c.state == "paused":
            reason = f": {c.pause_reason}" if c.pause_reason else ""
            self.counter_label.setText(f"{name} — đang tạm dừng{reason}")
            self.counter_label.setStyleSheet(f"color: {WARN};")
            self.pause_button.setText("Mở lại quầy")
        else:
            state = "đang mở" if c is None or c.state == "open" else "đã đóng"
            self.counter_label.setText(f"{name} — {state}")
            self.counter_label.setStyleSheet(f"color: {OK if state == 'đang mở' else MUTED};")
            self.pause_button.setText("Tạm dừng quầy…")
        self._update_buttons()

    def _update_buttons(self) -> None:
        t, idle = self.current, not self.busy
        status = t.status if t else None

        def can(action: str) -> bool:  # the same rules the backend applies
            return idle and status in TRANSITIONS[action][0]

        self.call_next_button.setEnabled(idle and t is None and self._counter_open())
        self.recall_button.setEnabled(can("recall"))
        self.start_button.setEnabled(can("start"))
        self.finish_button.setEnabled(can("finish"))
        self.no_show_button.setEnabled(can("no_show"))
        self.transfer_button.setEnabled(can("transfer"))
        late = self.last_no_show
        self.return_button.setEnabled(idle and t is None and late is not None)
        self.return_button.setText(f"Trả {late.number if late else 'số'} về hàng chờ"
                                   "  (Ctrl+R)")
        self.return_button.setToolTip("Người vắng mặt quay lại: giữ số và giờ lấy số cũ.")

    def _counter_open(self) -> bool:
        return self.counter is None or self.counter.state == "open"

    def _say(self, text: str, color: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {color};")

    def _open(self, dialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _ticket_issuer(self):
        if self._issuer is None:
            from counter_app.desk.tickets import TicketPrinter
            from ui.kiosk.kiosk_issuer import KioskIssuer

            receipts = self.ctx.receipts
            printer = TicketPrinter(receipts.settings, queue=receipts.queue)
            self._issuer = KioskIssuer(printer, parent=self, source="counter")
            office = self.ctx.health.office if self.ctx.health else None
            self._issuer.set_backend(self.queue_api, office)
            self._issuer.sig_issued.connect(self._on_ticket_printed)
            self._issuer.sig_print_failed.connect(self._on_ticket_print_failed)
            self._issuer.sig_failed.connect(lambda text: self._say(text, BAD))
        return self._issuer

    def _on_ticket_printed(self, ticket: Ticket) -> None:
        self._say(f"Đã cấp số {ticket.number} ({ticket.service_name}); "
                  f"{ticket.waiting_ahead} người chờ trước.", OK)
        self._refresh_timer.start(REFRESH_DEBOUNCE_MS)

    def _on_ticket_print_failed(self, ticket: Ticket, voided: bool) -> None:
        what = "đã hủy số" if voided else "sẽ hủy số khi máy chủ trả lời"
        self._say(f"Chưa in được phiếu {ticket.number}: {what}. Kiểm tra máy in "
                  "(Nhật ký in, Ctrl+J) rồi cấp lại.", BAD)

    def shutdown(self) -> None:
        """Stop the live stream and timers; call before the window closes."""
        self.bridge.stop()
        self._tick.stop()
        self._fallback.stop()
        self.waiting.stop()


def _outcome_text(t: Ticket, now: datetime) -> str:
    return {
        "called": f"Đã gọi số {t.number}" + (f" (lần {t.call_count})" if t.call_count > 1 else ""),
        "serving": f"Đang phục vụ số {t.number}",
        "done": f"Đã xong số {t.number}",
        "no_show": f"Số {t.number}: vắng mặt",
        "waiting": f"Đã trả số {t.number} về hàng chờ"
        + (" (đã chuyển)" if t.transferred_from else ""),
    }.get(t.status, f"Số {t.number}: {t.status_label}") + \
        f" lúc {now:%H:%M}."  # office time, as on the ticket
