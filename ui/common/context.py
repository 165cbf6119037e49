"""What every window of a logged-in counter shares; built by main.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from counter_app.client.api import ApiClient
from counter_app.client.models import Health, Session
from counter_app.domain.clock import Clock
from counter_app.settings import Settings
from counter_app.token_store import TokenStore
from ui.printers.receipt_printer import ReceiptPrinter

if TYPE_CHECKING:
    from counter_app.client.reception import ReceptionService


@dataclass
class AppContext:
    api: ApiClient
    settings: Settings
    tokens: TokenStore
    receipts: ReceiptPrinter
    health: Health | None = None
    session: Session | None = None
    backend_label: str = ""
    # Receives dossiers online or into the outbox (issue 7); CounterWindow makes one when
    # the caller did not (windows built by tests).
    reception: ReceptionService | None = None
    # Whose "now" and "today" the windows show: the office's (counter_app/domain/clock.py).
    # None: the app's clock, read at each use, so a clock installed later still counts.
    clock: Clock | None = None
    # The signer of digitised papers, opened once per session (its password or PIN is
    # never kept anywhere but in this object, in memory).
    signer: object | None = None
