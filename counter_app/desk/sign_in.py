"""A device's sign-in (the kiosk, the lobby display): its own account, never a clerk's.

The password lives in the OS keyring as `device:<username>`, the token as
`device-token:<username>`; a restart reuses the kept token and needs no password login.
Blocks on the keyring and the backend: windows run it on a pool thread.
"""

from __future__ import annotations

from collections.abc import Callable

from counter_app import settings as S
from counter_app.client import errors
from counter_app.client.api import ApiClient
from counter_app.client.models import Health, Session
from counter_app.settings import Settings
from counter_app.token_store import TokenStore

DEVICE_USERNAME = S.DEVICE_USERNAME
DEVICE_ACCOUNT = "device:{username}"
DEVICE_TOKEN = "device-token:{username}"
NOT_CONFIGURED = ("Chưa cấu hình tài khoản thiết bị (device_username và mật khẩu trong kho "
                  "khóa).")


def device_credentials(settings: Settings, tokens: TokenStore, demo: bool,
                       demo_account: str) -> tuple[str, str]:
    username = settings.get(S.DEVICE_USERNAME)
    if username:
        password = tokens.get(DEVICE_ACCOUNT.format(username=username))
        if password:
            return username, password
    if demo:
        return demo_account, demo_account
    raise errors.Unauthorized(NOT_CONFIGURED)


def sign_in(api: ApiClient, tokens: TokenStore, username: str, password: str) -> None:
    """The kept token first, else the password; a dead kept token is dropped."""
    account = DEVICE_TOKEN.format(username=username)
    kept = tokens.get(account)
    if kept and kept != api.token:  # the token that just failed is not tried again
        try:
            api.resume(kept)  # on_refreshed keeps the new token
            return
        except errors.Unauthorized:
            tokens.delete(account)
    session = api.login(username, password)
    tokens.set(account, session.token)


def sign_in_device(api: ApiClient, settings: Settings, tokens: TokenStore,
                   demo_account: str) -> Health:
    """What the device's window needs to start: the backend's health, signed in."""
    health = api.health()
    username, password = device_credentials(settings, tokens, health.demo, demo_account)
    sign_in(api, tokens, username, password)
    return health


def keep_device_token(tokens: TokenStore) -> Callable[[Session], None]:
    """ApiClient's on_refreshed: a refreshed device token replaces the kept one."""
    def keep(session: Session) -> None:
        tokens.set(DEVICE_TOKEN.format(username=session.user.username), session.token)

    return keep
