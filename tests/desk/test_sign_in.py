"""Device sign-in (counter_app.desk.sign_in) against the real backend on loopback, with the
keyring replaced by the token store's in-memory mode."""

from __future__ import annotations

import pytest

from counter_app.client import errors
from counter_app.client.api import ApiClient
from counter_app.desk.sign_in import (
    DEVICE_ACCOUNT,
    DEVICE_TOKEN,
    DEVICE_USERNAME,
    device_credentials,
    keep_device_token,
    sign_in_device,
)
from counter_app.settings import Settings
from counter_app.token_store import TokenStore


def _api(live, tokens: TokenStore) -> ApiClient:
    return ApiClient(live.base_url, on_refreshed=keep_device_token(tokens))


def test_a_demo_kiosk_signs_in_then_resumes_with_its_kept_token(live, tmp_path):
    tokens = TokenStore(use_keyring=False)
    settings = Settings(tmp_path / "kiosk.json")
    first = _api(live, tokens)
    try:
        health = sign_in_device(first, settings, tokens, "kiosk1")
        assert health.demo
        assert first.session is not None and first.session.user.role == "kiosk"
        kept = tokens.get(DEVICE_TOKEN.format(username="kiosk1"))
        assert kept == first.token
    finally:
        first.close()
    again = _api(live, tokens)  # a restart: the kept token is refreshed, no password login
    try:
        sign_in_device(again, settings, tokens, "kiosk1")
        assert again.token != kept
        assert tokens.get(DEVICE_TOKEN.format(username="kiosk1")) == again.token
    finally:
        again.close()


def test_an_office_device_uses_its_configured_account(tmp_path):
    tokens = TokenStore(use_keyring=False)
    settings = Settings(tmp_path / "kiosk.json")
    settings.set(DEVICE_USERNAME, "mayso1")
    tokens.set(DEVICE_ACCOUNT.format(username="mayso1"), "mật-khẩu")
    assert device_credentials(settings, tokens, False, "kiosk1") == ("mayso1", "mật-khẩu")


def test_an_office_device_without_an_account_is_told_in_vietnamese(tmp_path):
    with pytest.raises(errors.Unauthorized) as refused:
        device_credentials(Settings(tmp_path / "kiosk.json"), TokenStore(use_keyring=False),
                           False, "kiosk1")
    assert "Chưa cấu hình tài khoản thiết bị" in refused.value.message
