"""`counter-app demo-data --reset` starts the demo over: refused while the embedded backend
runs, asks unless --yes, and leaves a fresh demo database (real backend processes)."""

from __future__ import annotations

import pytest

import main
from counter_app.client.api import ApiClient, new_idempotency_key
from counter_app.client.queue import QueueApi
from counter_app.embedded import EmbeddedBackend

pytestmark = pytest.mark.e2e


def waiting_tickets(folder) -> int:
    backend = EmbeddedBackend(folder, demo=True)
    backend.start(timeout=30)
    try:
        api = ApiClient(backend.base_url)
        api.login("canbo1", "canbo1")
        n = len(QueueApi(api).waiting())
        api.close()
        return n
    finally:
        backend.stop()


def test_reset_refuses_while_running_asks_then_starts_over(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COUNTER_APP_HOME", str(tmp_path))
    folder = tmp_path / "data" / "embedded"
    backend = EmbeddedBackend(folder, demo=True)
    backend.start(timeout=30)
    try:
        api = ApiClient(backend.base_url)
        api.login("kiosk1", "kiosk1")
        QueueApi(api).issue("HT", None, new_idempotency_key())
        api.close()
        assert main.main(["demo-data", "--reset", "--yes"]) == 1  # a window uses it
        assert "đang chạy" in capsys.readouterr().out
    finally:
        backend.stop()
    outbox = tmp_path / "data" / "outbox.sqlite3"
    outbox.write_bytes(b"old demo dossiers")

    monkeypatch.setattr("builtins.input", lambda _prompt: "không")
    assert main.main(["demo-data", "--reset"]) == 1
    assert "Không xóa gì" in capsys.readouterr().out
    assert outbox.exists() and waiting_tickets(folder) == 1

    assert main.main(["demo-data", "--reset", "--yes"]) == 0
    assert "Đã tạo lại dữ liệu mẫu" in capsys.readouterr().out
    assert not outbox.exists()  # its dossiers belonged to the old demo
    assert waiting_tickets(folder) == 0  # the demo office again, with nothing from before
