"""The queue as the counter, the kiosk and the lobby display see it (docs/api-queue.md).

Typed views of the JSON plus one small class wrapping the endpoints over the shared
ApiClient. Like ApiClient it is called from pool threads only, never from the UI thread.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from counter_app.atomic_file import replace_file
from counter_app.client.api import ApiClient
from counter_app.client.json_values import obj
from counter_app.client.models import Office
from counter_app.domain import labels

log = logging.getLogger(__name__)
BASE = "/queue"

CALL_EVENTS = ("called", "recalled")


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    prefix: str
    active: bool = True
    waiting: int = 0
    issued_today: int = 0
    daily_cap: int | None = None

    @property
    def full(self) -> bool:
        """No numbers left today: the kiosk greys the button out instead of failing later."""
        return self.daily_cap is not None and self.issued_today >= self.daily_cap

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Service:
        return cls(d["code"], d.get("name") or d["code"], d.get("prefix") or "",
                   bool(d.get("active", True)), int(d.get("waiting") or 0),
                   int(d.get("issued_today") or 0), d.get("daily_cap"))


@dataclass(frozen=True)
class Ticket:
    id: int
    number: str
    service_code: str
    service_name: str
    status: str
    issued_at: datetime
    priority: str | None = None
    counter_no: int | None = None
    called_at: datetime | None = None
    call_count: int = 0
    waiting_ahead: int = 0
    transferred_from: str | None = None
    source: str = "kiosk"

    @property
    def priority_label(self) -> str:
        return labels.label(labels.PRIORITY, self.priority)

    @property
    def status_label(self) -> str:
        return labels.label(labels.TICKET_STATUS, self.status)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Ticket:
        return cls(
            id=int(d["id"]), number=d["number"], service_code=d.get("service_code") or "",
            service_name=d.get("service_name") or "", status=d.get("status") or "waiting",
            issued_at=datetime.fromisoformat(d["issued_at"]), priority=d.get("priority"),
            counter_no=d.get("counter_no"), called_at=_dt(d.get("called_at")),
            call_count=int(d.get("call_count") or 0),
            waiting_ahead=int(d.get("waiting_ahead") or 0),
            transferred_from=d.get("transferred_from"), source=d.get("source") or "kiosk",
        )


@dataclass(frozen=True)
class Counter:
    no: int
    name: str
    service_codes: tuple[str, ...]
    state: str = "open"
    pause_reason: str | None = None
    current_ticket: Ticket | None = None
    clerk_name: str | None = None

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Counter:
        current = d.get("current_ticket")
        clerk = obj(d.get("clerk"))
        return cls(int(d["no"]), d.get("name") or f"Quầy {d['no']}",
                   tuple(d.get("service_codes") or ()), d.get("state") or "open",
                   d.get("pause_reason"), Ticket.from_json(current) if current else None,
                   clerk.get("full_name") or clerk.get("username"))


@dataclass(frozen=True)
class QueueEvent:
    type: str
    seq: int
    at: datetime
    ticket: Ticket | None = None
    counter_no: int | None = None

    @property
    def is_call(self) -> bool:
        return self.type in CALL_EVENTS

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> QueueEvent:
        ticket = d.get("ticket")
        return cls(d["type"], int(d.get("seq") or 0), datetime.fromisoformat(d["at"]),
                   Ticket.from_json(ticket) if ticket else None, d.get("counter_no"))


@dataclass(frozen=True)
class DisplayCounter:
    no: int
    name: str
    current_number: str | None = None


@dataclass(frozen=True)
class DisplaySnapshot:
    office: Office | None
    counters: tuple[DisplayCounter, ...]
    last_calls: tuple[QueueEvent, ...]  # newest first

    @property
    def last_seq(self) -> int:
        return max((e.seq for e in self.last_calls), default=0)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> DisplaySnapshot:
        office = d.get("office")
        return cls(
            Office.from_json(office) if office else None,
            tuple(DisplayCounter(int(c["no"]), c.get("name") or f"Quầy {c['no']}",
                                 c.get("current_number")) for c in d.get("counters") or ()),
            tuple(QueueEvent.from_json(e) for e in d.get("last_calls") or ()),
        )


class QueueApi:
    """The queue endpoints; every write that creates something takes a caller-made key."""

    def __init__(self, api: ApiClient) -> None:
        self.api = api

    def _call(self, method: str, path: str, **kw: Any) -> Any:
        return self.api.request(method, BASE + path, **kw)

    def services(self) -> list[Service]:
        return [Service.from_json(s) for s in self._call("GET", "/services")]

    def counters(self) -> list[Counter]:
        return [Counter.from_json(c) for c in self._call("GET", "/counters")]

    def issue(self, service_code: str, priority: str | None, idempotency_key: str,
              source: str = "kiosk") -> Ticket:
        body = {"service_code": service_code, "priority": priority, "source": source}
        return Ticket.from_json(self._call("POST", "/tickets", json=body,
                                           headers={"Idempotency-Key": idempotency_key}))

    def void(self, ticket_id: int, reason: str = "print_failed") -> Ticket:
        return Ticket.from_json(self._call("POST", f"/tickets/{ticket_id}/void",
                                           json={"reason": reason}))

    def waiting(self, service_code: str | None = None) -> list[Ticket]:
        params = {"status": "waiting"}
        if service_code:
            params["service"] = service_code
        return [Ticket.from_json(t) for t in self._call("GET", "/tickets", params=params)]

    def call_next(self, counter_no: int) -> Ticket | None:
        """None when nobody waits for this counter's services (204)."""
        d = self._call("POST", f"/counters/{counter_no}/call-next")
        return Ticket.from_json(d) if d else None

    def call(self, ticket_id: int, counter_no: int) -> Ticket:
        return self._ticket_action(ticket_id, "call", {"counter_no": counter_no})

    def recall(self, ticket_id: int) -> Ticket:
        return self._ticket_action(ticket_id, "recall")

    def start(self, ticket_id: int) -> Ticket:
        return self._ticket_action(ticket_id, "start")

    def finish(self, ticket_id: int) -> Ticket:
        return self._ticket_action(ticket_id, "finish")

    def no_show(self, ticket_id: int) -> Ticket:
        return self._ticket_action(ticket_id, "no-show")

    def return_to_queue(self, ticket_id: int) -> Ticket:
        return self._ticket_action(ticket_id, "return")

    def transfer(self, ticket_id: int, *, service_code: str | None = None,
                 counter_no: int | None = None) -> Ticket:
        if (service_code is None) == (counter_no is None):
            raise ValueError("transfer to exactly one of a service or a counter")
        body: dict[str, Any] = ({"service_code": service_code} if service_code
                                else {"counter_no": counter_no})
        return self._ticket_action(ticket_id, "transfer", body)

    def pause(self, counter_no: int, reason: str) -> Counter:
        return Counter.from_json(self._call("POST", f"/counters/{counter_no}/pause",
                                            json={"reason": reason}))

    def resume(self, counter_no: int) -> Counter:
        return Counter.from_json(self._call("POST", f"/counters/{counter_no}/resume"))

    def display(self) -> DisplaySnapshot:
        return DisplaySnapshot.from_json(self._call("GET", "/display"))

    def _ticket_action(self, ticket_id: int, action: str,
                       body: dict[str, Any] | None = None) -> Ticket:
        kw: dict[str, Any] = {} if body is None else {"json": body}
        return Ticket.from_json(self._call("POST", f"/tickets/{ticket_id}/{action}", **kw))


class PendingVoids:
    """Tickets whose print failed and whose void the backend has not confirmed yet.

    Kept in a JSON file so a kiosk restarted while the backend was down still voids them:
    a ticket nobody holds must never be called in the lobby.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._ids: list[int] = self._load()

    def _load(self) -> list[int]:
        if self.path is None:
            return []
        try:
            return [int(i) for i in json.loads(self.path.read_text(encoding="utf-8"))]
        except FileNotFoundError:
            return []
        except (OSError, ValueError, TypeError) as exc:
            log.error("pending voids file %s unreadable: %s", self.path, exc)
            return []

    def ids(self) -> list[int]:
        with self._lock:
            return list(self._ids)

    def add(self, ticket_id: int) -> None:
        with self._lock:
            if ticket_id not in self._ids:
                self._ids.append(ticket_id)
            self._save()

    def remove(self, ticket_id: int) -> None:
        with self._lock:
            if ticket_id in self._ids:
                self._ids.remove(ticket_id)
            self._save()

    def _save(self) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            replace_file(self.path, json.dumps(self._ids).encode("utf-8"))
        except OSError as exc:  # the list in memory still gets retried
            log.error("could not save pending voids: %s", exc)
