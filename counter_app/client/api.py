"""The backend as the counter sees it: one shared httpx.Client, explicit timeouts, typed
answers, and every failure turned into an ApiError subclass with a Vietnamese message.

Thread-safe: the UI calls it from pool threads only (never on the UI thread).
"""

from __future__ import annotations

import logging
import ssl
import time
import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import httpx

from counter_app.client import errors, url_policy
from counter_app.client.json_values import obj, objects
from counter_app.client.models import (
    DemoAccount,
    DemoCard,
    Dossier,
    DossierDraft,
    Health,
    Procedure,
    Session,
    User,
    VerifyResult,
)
from counter_app.client.token_gate import TokenGate
from counter_app.domain.clock import Clock
from counter_app.domain.privacy import loggable_path

log = logging.getLogger(__name__)
API = "/api/v1"
REFRESH_RETRY_SECONDS = 60.0  # the backend was unreachable for a refresh: try again later


def new_idempotency_key() -> str:
    """Made before the first try, so every retry of one write carries the same key."""
    return uuid.uuid4().hex


class ApiClient:
    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 5.0,
        connect_timeout: float = 2.0,
        ca_bundle: str | None = None,
        transport: httpx.BaseTransport | None = None,
        on_refreshed: Callable[[Session], None] | None = None,
        allow_plain_http: bool = False,
        clock: Clock | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        # Raised by every request, so the clerk reads why instead of a sign-in that fails.
        self._refused = url_policy.refusal(self.base_url, allow_plain_http)
        verify: Any = True
        if ca_bundle:
            verify = ssl.create_default_context(cafile=ca_bundle)
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            verify=verify,
            transport=transport,
            headers={"User-Agent": "counter-app/0.1", "Accept": "application/json"},
        )
        self.token: str | None = None
        self.session: Session | None = None
        # Called on the pool thread that refreshed the token, with the new session (the
        # app stores the new token in the keyring there). Must not call this client.
        self.on_refreshed = on_refreshed
        self._gate = TokenGate(clock=clock)  # when to refresh, on the app's clock

    def close(self) -> None:
        self._http.close()

    # -- plumbing -------------------------------------------------------------------

    def request(self, method: str, path: str, *, auth: bool = True, raw: bool = False,
                **kw: Any) -> Any:
        """One call under /api/v1 with the session's token; the decoded JSON (Any: each
        endpoint's module turns it into its own types) or, with raw, the bytes."""
        if not auth:
            return self._send(method, path, None, raw=raw, **kw)
        if self._gate.due():
            self._refresh_quietly()
        with self._gate.request():
            if not self.token:
                raise errors.Unauthorized("Chưa đăng nhập.", status=401)
            return self._send(method, path, self.token, raw=raw, **kw)

    def _send(self, method: str, path: str, token: str | None, *, raw: bool = False,
              **kw: Any) -> Any:
        if self._refused is not None:
            log.error("%s %s refused: plain http to %s", method, loggable_path(path),
                      self.base_url)
            raise self._refused
        headers = dict(kw.pop("headers", None) or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        started = time.perf_counter()
        try:
            response = self._http.request(method, API + path, headers=headers, **kw)
        except httpx.TimeoutException as exc:
            log.warning("%s %s timed out: %s", method, loggable_path(path), type(exc).__name__)
            raise errors.Timeout(
                "Máy chủ không trả lời kịp. Vui lòng thử lại; dữ liệu chưa bị mất."
            ) from exc
        except httpx.ConnectError as exc:
            if _is_unknown_ca(exc):
                log.error("%s %s TLS: certificate from an untrusted CA: %s", method,
                          loggable_path(path), exc)
                raise errors.UnknownCa(
                    "Chứng chỉ bảo mật của máy chủ do một CA mà máy này chưa tin cậy cấp; "
                    "đã từ chối kết nối. Nếu đây là máy chủ của văn phòng, hãy so dấu vân "
                    "tay CA với quản trị viên rồi tin cậy nó."
                ) from exc
            if _is_tls_error(exc):
                log.error("%s %s TLS failure: %s", method, loggable_path(path), exc)
                raise errors.TlsError(
                    "Chứng chỉ bảo mật của máy chủ không hợp lệ; đã từ chối kết nối. "
                    "Báo quản trị viên kiểm tra chứng chỉ."
                ) from exc
            log.warning("%s %s unreachable: %s", method, loggable_path(path), exc)
            raise errors.Unreachable(
                "Không kết nối được máy chủ. Kiểm tra mạng hoặc báo quản trị viên."
            ) from exc
        except httpx.TransportError as exc:
            log.warning("%s %s transport error: %s", method, loggable_path(path), exc)
            raise errors.Unreachable("Mất kết nối với máy chủ giữa chừng.") from exc
        elapsed = (time.perf_counter() - started) * 1000
        log.info("%s %s -> %s in %.0f ms", method, loggable_path(path), response.status_code,
                 elapsed)
        if raw and response.status_code < 300:
            return response.content
        return _decode(response)

    # -- endpoints ------------------------------------------------------------------

    def health(self) -> Health:
        # The windows ask for health every few seconds even when the clerk does nothing
        # (a 2-hour lunch): that keeps a signed-in session refreshed, within its maximum.
        if self.token and self._gate.due():
            self._refresh_quietly()
        return Health.from_json(self.request("GET", "/health", auth=False))

    def health_response(self) -> httpx.Response:
        """GET /health as it came, for its `Date` header (the backend's clock); httpx's
        errors as they are."""
        return self._http.get(API + "/health")

    def login(self, username: str, password: str, totp_code: str | None = None) -> Session:
        """SecondFactorNeeded when the account has TOTP on and `totp_code` is missing or
        wrong; Rejected (429) after too many failures, its message says how long to wait."""
        body = {"username": username, "password": password}
        if totp_code:
            body["totp_code"] = totp_code
        d = self.request("POST", "/auth/login", auth=False, json=body)
        return self._adopt(d)

    def me(self) -> User:
        return User.from_json(self.request("GET", "/auth/me"))

    # -- session: refresh, resume, logout ---------------------------------------------

    def _adopt(self, d: dict[str, Any]) -> Session:
        ends = d.get("session_expires_at")
        session = Session(d["access_token"], datetime.fromisoformat(d["expires_at"]),
                          User.from_json(d["user"]),
                          datetime.fromisoformat(ends) if ends else None)
        self.token, self.session = session.token, session
        expires_in = d.get("expires_in")
        self._gate.schedule(float(expires_in) if expires_in is not None else None,
                            extendable=session.session_expires_at is None
                            or session.expires_at < session.session_expires_at)
        return session

    def refresh(self) -> Session:
        """Swap the current token for a new one now (the backend revokes the old one).
        Unauthorized when the token is dead or the session reached its daily maximum."""
        with self._gate.alone():
            return self._refresh_alone()

    def resume(self, token: str) -> Session:
        """Continue the session of a token kept from the last run (keyring): refreshing
        it checks it and tells its expiry and user in one call."""
        self.token = token
        return self.refresh()

    def _refresh_alone(self) -> Session:
        if not self.token:
            raise errors.Unauthorized("Chưa đăng nhập.", status=401)
        session = self._adopt(self._send("POST", "/auth/refresh", self.token))
        log.info("session token refreshed; expires %s", session.expires_at.isoformat())
        if self.on_refreshed is not None:
            try:
                self.on_refreshed(session)
            except Exception:  # storing the token must not fail the clerk's request
                log.exception("could not keep the refreshed token")
        return session

    def _refresh_quietly(self) -> None:
        """The automatic refresh before a request: a failure never fails the request,
        which goes out with the current token (still valid, or answered 401 by itself)."""
        with self._gate.alone() as drained:
            if not self._gate.due():
                return  # another thread refreshed while this one waited
            if not drained:
                self._gate.retry_in(1.0)
                return
            try:
                self._refresh_alone()
            except errors.Unauthorized:
                self._gate.schedule(None, extendable=False)
            except errors.ApiError as exc:
                log.warning("token refresh failed (%s); retrying in %.0f s",
                            type(exc).__name__, REFRESH_RETRY_SECONDS)
                self._gate.retry_in(REFRESH_RETRY_SECONDS)

    def end_session(self) -> str | None:
        """Forget the token here and return it (for revoke). Waits for a refresh under
        way, so the token returned is the newest and nothing stores one after this."""
        with self._gate.alone(drain=False):
            token, self.token, self.session = self.token, None, None
            self._gate.schedule(None, extendable=False)
        return token

    def revoke(self, token: str) -> None:
        self._send("POST", "/auth/logout", token)

    def logout(self) -> None:
        """The token is forgotten here even when the backend cannot be reached to revoke
        it (the error is raised after)."""
        token = self.end_session()
        if token:
            self.revoke(token)

    def demo_accounts(self) -> list[DemoAccount]:
        return [DemoAccount(a["username"], a["password"], a["role"], a.get("full_name", ""))
                for a in self.request("GET", "/demo/accounts", auth=False)]

    def demo_cards(self, limit: int = 10) -> list[DemoCard]:
        return [DemoCard(c["label"], c["payload"], c["expect"])
                for c in self.request("GET", "/demo/cards", params={"limit": limit})]

    def verify_identity(self, id_number: str, full_name: str, date_of_birth: date,
                        sex: str) -> VerifyResult:
        d = self.request("POST", "/identity/verify", json={
            "id_number": id_number, "full_name": full_name,
            "date_of_birth": date_of_birth.isoformat(), "sex": sex,
        })
        return VerifyResult.from_json(d)

    def procedures(self) -> list[Procedure]:
        return [Procedure.from_json(p) for p in self.request("GET", "/procedures")]

    def create_dossier(self, draft: DossierDraft, idempotency_key: str) -> Dossier:
        d = self.request("POST", "/dossiers", json=draft.to_json(),
                          headers={"Idempotency-Key": idempotency_key})
        return Dossier.from_json(d)

    def ledger(self, day: date, fmt: str = "xlsx") -> bytes:
        """The day's tracking book (sổ theo dõi hồ sơ) as the file the backend makes."""
        return self.request("GET", "/ledger", params={"date": day.isoformat(), "format": fmt},
                             raw=True)

    def get_dossier(self, code: str) -> Dossier:
        return Dossier.from_json(self.request("GET", f"/dossiers/{code}"))


def _is_unknown_ca(exc: Exception) -> bool:
    """Self-signed (18, 19) or no trusted issuer (20): a CA that could be trusted. An
    expired certificate or a wrong host name is a different failure, never offered."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return seen.verify_code in (18, 19, 20)
        seen = seen.__cause__ or seen.__context__
    return False


def _is_tls_error(exc: Exception) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return "CERTIFICATE_VERIFY_FAILED" in str(exc) or "SSL" in str(exc)


def _detail(response: httpx.Response) -> tuple[str, Any]:
    try:
        body: Any = response.json()
    except ValueError:
        return "", None
    detail = obj(body).get("detail")
    if isinstance(detail, str):
        return detail, detail
    items = objects(detail)
    if items:  # FastAPI validation errors
        parts: list[str] = []
        for item in items:
            loc = ".".join(str(x) for x in (item.get("loc") or ())[1:])
            parts.append(f"{loc}: {item.get('msg', '')}".strip(": "))
        return "Dữ liệu không hợp lệ: " + "; ".join(parts), detail
    return "", body


def _decode(response: httpx.Response) -> Any:
    status = response.status_code
    if status < 300:
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError as exc:
            raise errors.ServerError("Máy chủ trả lời không đúng định dạng.", status=status) from exc
    message, detail = _detail(response)
    if status == 401 and response.headers.get("X-Second-Factor") == "totp":
        raise errors.SecondFactorNeeded(message, status=status, detail=detail)
    if status == 401:
        raise errors.Unauthorized(message or "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.",
                                  status=status, detail=detail)
    if status == 403:
        raise errors.Forbidden(message or "Tài khoản không có quyền thực hiện thao tác này.",
                               status=status, detail=detail)
    if status == 404:
        raise errors.NotFound(message or "Không tìm thấy.", status=status, detail=detail)
    if status == 409:
        raise errors.Conflict(message or "Xung đột dữ liệu.", status=status, detail=detail)
    if status < 500:
        raise errors.Rejected(message or f"Máy chủ từ chối yêu cầu (mã {status}).",
                              status=status, detail=detail)
    log.error("server error %s: %s", status, message or response.text[:200])
    raise errors.ServerError(
        message or f"Máy chủ gặp lỗi (mã {status}). Vui lòng thử lại sau.",
        status=status, detail=detail,
    )
