"""Who may do what: devices only their job, clerks no admin, display read-only."""

from __future__ import annotations

import pytest

from tests.backend.queue_helpers import issue

CASES = [
    # user, method, path, body, allowed
    ("kiosk1", "get", "/queue/services", None, True),
    ("kiosk1", "post", "/queue/counters/1/call-next", None, False),
    ("kiosk1", "get", "/queue/tickets", None, False),
    ("kiosk1", "get", "/queue/display", None, False),
    ("kiosk1", "get", "/queue/counters", None, False),
    ("kiosk1", "get", "/procedures", None, False),
    ("display1", "get", "/queue/display", None, True),
    ("display1", "get", "/queue/counters", None, True),
    ("display1", "get", "/queue/services", None, True),
    ("display1", "post", "/queue/tickets/1/finish", None, False),
    ("display1", "post", "/queue/counters/1/pause", {"reason": "x"}, False),
    ("canbo1", "get", "/admin/office", None, False),
    ("canbo1", "put", "/admin/office", {"hotline": "1"}, False),
    ("canbo1", "post", "/admin/services", {"code": "X", "name": "x", "prefix": "X"}, False),
    ("canbo1", "get", "/admin/users", None, False),
    ("giamsat", "get", "/admin/counters", None, False),
    ("quantri", "get", "/admin/office", None, True),
    ("canbo1", "get", "/queue/display", None, True),
]


@pytest.fixture(scope="module")
def clients(demo):
    opened = {u: demo.as_user(u) for u in ("kiosk1", "display1", "canbo1", "giamsat",
                                           "quantri")}
    yield opened
    for c in opened.values():
        c.close()


@pytest.mark.parametrize(("user", "method", "path", "body", "allowed"), CASES)
def test_role_matrix(clients, user, method, path, body, allowed):
    kwargs = {"json": body} if body is not None else {}
    r = getattr(clients[user], method)(path, **kwargs)
    if allowed:
        assert r.status_code == 200, r.text
    else:
        assert r.status_code == 403, r.text
        assert r.json()["detail"] == "Tài khoản không có quyền thực hiện thao tác này."


def test_display_cannot_issue_and_devices_log_in(clients):
    r = issue(clients["display1"], "HT")
    assert r.status_code == 403
    assert clients["kiosk1"].get("/auth/me").json()["role"] == "kiosk"
    assert clients["display1"].get("/auth/me").json()["role"] == "display"
