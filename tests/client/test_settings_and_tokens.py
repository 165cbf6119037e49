import json

import keyring

from counter_app import settings as S
from counter_app.settings import Settings
from counter_app.token_store import NO_KEYRING_MESSAGE, TokenStore


def test_settings_round_trip_and_types(tmp_path):
    s = Settings(tmp_path / "settings.json")
    assert s.get(S.NETWORK_TIMEOUT) == 5.0
    s.set(S.NETWORK_TIMEOUT, "7.5")
    s.set(S.LAST_USERNAME, "canbo1")
    s.save()
    again = Settings(tmp_path / "settings.json")
    assert again.get(S.NETWORK_TIMEOUT) == 7.5
    assert again.get(S.LAST_USERNAME) == "canbo1"


def test_corrupt_settings_file_is_moved_aside_and_defaults_used(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    s = Settings(path)
    assert s.get(S.COUNTER_NO) == 1
    assert (tmp_path / "settings.broken.json").exists()


def test_invalid_value_falls_back_to_default(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"counter_no": "third"}), encoding="utf-8")
    assert Settings(path).get(S.COUNTER_NO) == 1


def test_environment_overrides_file(tmp_path, monkeypatch):
    monkeypatch.setenv("COUNTER_APP_BACKEND_URL", "http://10.0.0.5:8765")
    assert Settings(tmp_path / "s.json").get(S.BACKEND_URL) == "http://10.0.0.5:8765"


def test_environment_gives_flags_and_objects_as_text(tmp_path, monkeypatch):
    path = tmp_path / "s.json"
    monkeypatch.setenv("COUNTER_APP_EMBEDDED_DEMO", "no")
    monkeypatch.setenv("COUNTER_APP_ALLOW_PLAIN_HTTP", " Yes ")
    monkeypatch.setenv("COUNTER_APP_PRINTERS", '{"receipt": {"kind": "file"}}')
    assert Settings(path).get(S.EMBEDDED_DEMO) is False
    assert Settings(path).get(S.ALLOW_PLAIN_HTTP) is True
    assert Settings(path).get(S.PRINTERS) == {"receipt": {"kind": "file"}}
    monkeypatch.setenv("COUNTER_APP_PRINTERS", '["not", "an", "object"]')
    assert Settings(path).get(S.PRINTERS) == {}  # the default, with a log line


def test_token_goes_to_keyring_not_to_files(os_keyring, tmp_path):
    store = TokenStore()
    store.set("canbo1", "secret-token-value")
    assert os_keyring.store[("counter-app", "canbo1")] == "secret-token-value"
    assert store.get("canbo1") == "secret-token-value"
    assert store.warning is None
    home = tmp_path / "home"
    for f in home.rglob("*") if home.exists() else []:
        if f.is_file():
            assert b"secret-token-value" not in f.read_bytes()
    store.delete("canbo1")
    assert store.get("canbo1") is None
    store.delete("canbo1")  # deleting twice is not an error and keeps the keyring
    assert store.use_keyring


def test_no_keyring_backend_keeps_token_in_memory_with_a_message():
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        store = TokenStore()
        store.set("canbo1", "tok")
        assert store.get("canbo1") == "tok"
        assert store.warning == NO_KEYRING_MESSAGE
        assert "hệ điều hành" in store.warning
        assert TokenStore().get("canbo1") is None  # a new process does not see it
    finally:
        keyring.set_keyring(previous)
