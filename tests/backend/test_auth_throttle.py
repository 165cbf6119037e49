"""Sign-in throttling (issue 12, item 4): "300 wrong admin passwords at 40/s, then the
right one worked." Over real HTTP on loopback, with the app's clock moved by the test."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from backend.auth_throttle import LoginThrottle
from tests.backend.inprocess import serve

BAD_LOGIN = "Sai tên đăng nhập hoặc mật khẩu."


@pytest.fixture
def office(tmp_path):
    with serve(tmp_path) as running:
        yield running


def _try(api, username: str, password: str):
    with api.client() as c:
        return c.post("/auth/login", json={"username": username, "password": password})


def test_300_wrong_passwords_then_the_right_one_is_refused(office):
    api, _, clock = office
    answers = [_try(api, "quantri", f"doan-sai-{n}") for n in range(300)]
    checked = [r for r in answers if r.status_code == 401]
    assert len(checked) == 6  # five typing mistakes free, the sixth starts the delay
    assert all(r.status_code == 429 for r in answers[6:])
    right = _try(api, "quantri", "quantri")
    assert right.status_code == 429
    assert right.json()["detail"] == "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 2 giây."
    assert right.headers["Retry-After"] == "2"
    clock.advance(2)
    assert _try(api, "quantri", "quantri").status_code == 200  # the owner, after the wait


def test_each_further_failure_doubles_the_wait_up_to_a_cap(office):
    api, _, clock = office
    for n in range(6):
        assert _try(api, "canbo1", f"go-nham-{n}").status_code == 401
    waits = []
    for n in range(12):
        refused = _try(api, "canbo1", "canbo1")  # even the right password waits
        assert refused.status_code == 429
        waits.append(int(refused.headers["Retry-After"]))
        clock.advance(waits[-1])
        assert _try(api, "canbo1", f"van-sai-{n}").status_code == 401
    assert waits == [2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]
    assert "15 phút" in _try(api, "canbo1", "canbo1").json()["detail"]


def test_an_unknown_name_is_throttled_exactly_like_an_account(office):
    api, _, clock = office

    def story(username: str) -> list[tuple[int, str, str | None]]:
        seen = []
        for n in range(8):
            r = _try(api, username, f"thu-{n}")
            seen.append((r.status_code, r.json()["detail"], r.headers.get("Retry-After")))
            if n == 6:
                clock.advance(2)
        return seen

    assert story("giamsat") == story("khongco-ai")


def test_guesses_sent_in_parallel_do_not_slip_through(office):
    api, _, _ = office
    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(lambda n: _try(api, "canbo2", f"song-song-{n}").status_code,
                              range(40)))
    assert codes.count(401) <= 6 and codes.count(429) >= 34


def test_failures_are_audited_with_name_and_address(office):
    api, _, _ = office
    for name in ("quantri", "khongco-ai", "quantri"):
        assert _try(api, name, "sai-mat-khau-roi").status_code == 401
    with api.as_user("quantri") as admin:
        rows = admin.get("/admin/audit", params={"limit": 100}).json()
    failed = [r for r in rows if r["action"] == "login.failed"]
    assert sorted(r["code"] for r in failed) == ["khongco-ai", "quantri", "quantri"]
    assert {r["ip"] for r in failed} == {"127.0.0.1"}
    assert {r["detail"]["reason"] for r in failed} == {"wrong password", "unknown account"}
    assert all("sai-mat-khau-roi" not in str(r) for r in failed)
    signed_in = [r for r in rows if r["action"] == "login.succeeded"]  # the sign-in above
    assert signed_in and signed_in[0]["user"] == "quantri" and signed_in[0]["code"] == "quantri"
    # The success reset the account's count; the next failure is number one again.
    assert _try(api, "quantri", "sai-lan-nua").status_code == 401


def test_one_address_spraying_many_names_is_slowed_too(office):
    api, app, clock = office
    # Loopback is one PC's own windows; a throttle that sees a remote office's address.
    app.state.login_throttle = LoginThrottle(loopback_is_one_pc=False)
    codes = [_try(api, f"ten-{n}", "matkhau-doan").status_code for n in range(21)]
    assert codes == [401] * 21
    sprayed = _try(api, "ten-moi", "matkhau-doan")
    assert sprayed.status_code == 429 and sprayed.headers["Retry-After"] == "2"
    # A name of its own does not help, nor does the owner of that address signing in.
    assert _try(api, "canbo3", "canbo3").status_code == 429
    clock.advance(2)
    assert _try(api, "canbo3", "canbo3").status_code == 200


def test_attempts_per_minute_an_attacker_gets_on_one_account(office, capsys):
    """The figure for the README: an attacker who retries the moment Retry-After allows."""
    api, _, clock = office
    checked_at: list[float] = []
    elapsed = 0.0
    while elapsed < 24 * 3600:
        r = _try(api, "quantri", f"doan-{len(checked_at)}")
        if r.status_code == 429:
            wait = int(r.headers["Retry-After"])
            clock.advance(wait)
            elapsed += wait
        else:
            assert r.status_code == 401
            checked_at.append(elapsed)
    first_minute = sum(t < 60 for t in checked_at)
    first_hour = sum(t < 3600 for t in checked_at)
    per_minute_after = (len(checked_at) - first_hour) / (23 * 60)
    with capsys.disabled():
        print(f"\nsign-in throttle, one account: {first_minute} guesses in the first minute, "
              f"{first_hour} in the first hour, {per_minute_after:.3f}/min after "
              f"({len(checked_at)} a day; 2400/min unthrottled at 40/s)")
    assert first_minute <= 10
    assert first_hour <= 20
    assert per_minute_after <= 1 / 15 + 1e-9
