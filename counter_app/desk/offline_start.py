"""Opening the counter while its configured backend is unreachable (issue 7).

Only for a configured backend URL (an office server): an embedded backend that does not
start is a broken install, not an outage. The rule (counter_app/client/offline_session.py):
no new sign-in offline; the clerk who was signed in reopens with the token kept in the
keyring until the session's maximum, with the office details and the catalogue saved the
last time the backend answered. These run on pool threads (keyring and disk).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from counter_app.client.models import Health, Session
    from counter_app.token_store import TokenStore

# Imported when used: this module is loaded before the login window paints, and the
# session helpers pull in the calendar (holidays: ~50 ms).
log = logging.getLogger(__name__)

RETRY_MS = 15_000  # the login window asks the backend again this often
NO_OFFLINE_SESSION = (" Chưa mở được phiên làm việc ngoại tuyến: cần đăng nhập lại khi có "
                      "kết nối (phiên đã lưu hết hạn hoặc chưa từng đăng nhập trên máy này).")


def offline_session(tokens: TokenStore, username: str) -> tuple[Session, Health] | None:
    """The saved session and office of `username`, when both allow working offline."""
    from counter_app.client.offline_session import load_health, resume_offline

    if not username:
        return None
    session = resume_offline(tokens.get(username), username)
    health = load_health()
    if session is None or health is None or health.office is None:
        return None
    log.info("backend unreachable: counter opened offline for %s (session until %s)",
             username, session.session_expires_at)
    return session, health


def keep_refreshed(tokens: TokenStore) -> Callable[[Session], None]:
    """ApiClient's on_refreshed: the new token to the keyring, the new expiry to disk."""
    def keep(session: Session) -> None:
        from counter_app.client.offline_session import save_session

        tokens.set(session.user.username, session.token)
        try:
            save_session(session)
        except OSError as exc:  # a full disk must not fail the refresh
            log.warning("could not save the session expiry: %s", exc)

    return keep
