"""The rating screen at a counter: a ticket finished there (live SSE `finished` event from
the real backend) brings up the question; a tap sends the rating once."""

from __future__ import annotations

import httpx
import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication

from counter_app.client.api import ApiClient
from counter_app.settings import Settings
from counter_app.token_store import TokenStore
from tests.backend.queue_helpers import isolated_queue, issue, ok


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    from counter_app.embedded import EmbeddedBackend

    b = EmbeddedBackend(tmp_path_factory.mktemp("rating"), demo=True)
    b.start(timeout=30)
    yield b
    b.stop()


def client(base_url, user):
    token = httpx.post(base_url + "/api/v1/auth/login",
                       json={"username": user, "password": user}).json()["access_token"]
    return httpx.Client(base_url=base_url + "/api/v1",
                        headers={"Authorization": f"Bearer {token}"}, timeout=15)


def test_finished_ticket_is_rated_from_the_second_screen(qtbot, backend, tmp_path):
    from printing.settings import PrinterSettings
    from ui.common.context import AppContext
    from ui.counter.rating_window import RatingWindow
    from ui.printers.receipt_printer import ReceiptPrinter

    base = backend.base_url
    admin, clerk, kiosk = client(base, "quantri"), client(base, "canbo1"), client(base, "kiosk1")
    code, (no,) = isolated_queue(admin)
    api = ApiClient(base)
    api.login("canbo1", "canbo1")
    ctx = AppContext(api=api, settings=Settings(tmp_path / "s.json"),
                     tokens=TokenStore(use_keyring=False),
                     receipts=ReceiptPrinter(PrinterSettings()))
    window = RatingWindow(ctx, no)
    states = []
    window.bridge.sig_state_changed.connect(lambda s, _m: states.append(s))
    window.show()
    try:
        qtbot.waitUntil(lambda: "connected" in states, timeout=10_000)
        assert window.stack.currentWidget() is window.idle
        # A ticket finished at another counter does not ask here.
        other_code, (other,) = isolated_queue(admin)
        t0 = ok(issue(kiosk, other_code), 201)
        for step in ("start", "finish"):
            if step == "start":
                ok(clerk.post(f"/queue/counters/{other}/call-next"))
            ok(clerk.post(f"/queue/tickets/{t0['id']}/{step}"))
        t = ok(issue(kiosk, code), 201)
        ok(clerk.post(f"/queue/counters/{no}/call-next"))
        ok(clerk.post(f"/queue/tickets/{t['id']}/start"))
        ok(clerk.post(f"/queue/tickets/{t['id']}/finish"))
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.ask, timeout=10_000)
        assert window.ticket_id == t["id"] and t["number"] in window.question.text()
        qtbot.mouseClick(window.reason_buttons[0], Qt.MouseButton.LeftButton)
        with qtbot.waitSignal(window.sig_rated, timeout=10_000) as sig:
            qtbot.mouseClick(window.level_buttons["satisfied"], Qt.MouseButton.LeftButton)
        assert sig.args == [t["id"], "satisfied"]
        assert window.stack.currentWidget() is window.thanks
        again = clerk.post(f"/queue/tickets/{t['id']}/rating", json={"level": "satisfied"})
        assert again.status_code == 409
        r = clerk.post(f"/queue/tickets/{t0['id']}/rating", json={"level": "satisfied"})
        assert r.status_code == 201  # the other counter's ticket was never rated here
    finally:
        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        QApplication.processEvents()
        ctx.receipts.close()
        api.close()
        for c in (admin, clerk, kiosk):
            c.close()
