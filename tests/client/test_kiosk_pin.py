"""The kiosk PIN without a window: the rules for choosing one, its hash, the waits after
wrong guesses, and `counter-app kiosk --set-pin` on a terminal."""

from __future__ import annotations

import json

import pytest

import main
from counter_app.kiosk_pin import KIOSK_PIN_HASH, delay_after, hash_pin, pin_matches, pin_problem
from counter_app.settings import Settings


@pytest.mark.parametrize("pin", ["0000", "12345", "000000", "999999999", "123456", "654321",
                                 "3456789", "12a456", "١٢٣٤٥٦٧", ""])
def test_weak_or_malformed_pins_are_refused_with_a_reason(pin):
    assert pin_problem(pin)


@pytest.mark.parametrize("pin", ["975310", "246810", "112358", "20260101"])
def test_reasonable_pins_are_accepted(pin):
    assert pin_problem(pin) is None


def test_the_hash_is_salted_and_checks_only_its_pin():
    first, second = hash_pin("975310"), hash_pin("975310")
    assert first != second and "975310" not in first
    assert pin_matches("975310", first) and pin_matches("975310", second)
    assert not pin_matches("975311", first)
    for stored in ("", "0000", "975310", "scrypt$x$8$1$AA==$AA==", "bcrypt$1$2$3$4$5"):
        assert not pin_matches("975310", stored)  # a clear or broken value opens nothing


def test_the_wait_grows_after_two_free_tries_and_stops_at_five_minutes():
    assert [delay_after(n) for n in range(1, 13)] == [0, 0, 2, 4, 8, 16, 32, 64, 128, 256,
                                                       300, 300]


def test_set_pin_on_the_terminal_asks_twice_and_keeps_only_the_hash(tmp_path, monkeypatch,
                                                                   capsys):
    import getpass

    monkeypatch.setenv("COUNTER_APP_HOME", str(tmp_path))
    path = Settings().path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"kiosk_admin_pin": "0000", "counter_no": 3}), "utf-8")
    answers = iter(["123456", "975310", "975311", "975310", "975310"])
    monkeypatch.setattr(getpass, "getpass", lambda _prompt: next(answers))

    assert main.main(["kiosk", "--set-pin"]) == 0
    out = capsys.readouterr().out
    assert "dãy số liên tiếp" in out and "không khớp" in out and "Đã lưu" in out
    stored = json.loads(path.read_text("utf-8"))
    assert "975310" not in json.dumps(stored) and stored["kiosk_admin_pin"] == ""
    assert stored["counter_no"] == 3  # the rest of the settings is kept
    assert pin_matches("975310", Settings().get(KIOSK_PIN_HASH))


def test_set_pin_gives_up_after_three_refused_tries(tmp_path, monkeypatch, capsys):
    import getpass

    monkeypatch.setenv("COUNTER_APP_HOME", str(tmp_path))
    monkeypatch.setattr(getpass, "getpass", lambda _prompt: "111111")
    assert main.main(["kiosk", "--set-pin"]) == 1
    assert "Chưa đặt được" in capsys.readouterr().out
    assert not Settings().get(KIOSK_PIN_HASH)
