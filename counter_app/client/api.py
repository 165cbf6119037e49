"""The backend as the counter sees it: one shared httpx.Client, explicit timeouts, typed
answers, and every failure turned into an ApiError subclass with a Vietnamese message.

Thread-safe: the UI calls it from pool threads only (never on the UI thread).
"""

from __future__ import annotations

import logging
import ssl
import time
import uuid
from datetime import date, datetime
from typing import Any

import httpx

from counter_app.client import errors
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

log = logging.getLogger(__name__)
API = "/api/v1"


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
    ) -> None:
        self.base_url = base_url.rstrip("/")
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

    def close(self) -> None:
        self._http.close()

    # -- plumbing -------------------------------------------------------------------

    def _request(self, method: str, path: str, *, auth: bool = True, raw: bool = False,
                 **kw: Any) -> Any:
        headers = dict(kw.pop("headers", None) or {})
        if auth:
            if not self.token:
                raise errors.Unauthorized("Chưa đăng nhập.", status=401)
            headers["Authorization"] = f"Bearer {self.token}"
        started = time.perf_counter()
        try:
            response = self._http.request(method, API + path, headers=headers, **kw)
        except httpx.TimeoutException as exc:
            log.warning("%s %s timed out: %s", method, path, type(exc).__name__)
            raise errors.Timeout(
                "Máy chủ không trả lời kịp. Vui lòng thử lại; dữ liệu chưa bị mất."
            ) from exc
        except httpx.ConnectError as exc:
            if _is_tls_error(exc):
                log.error("%s %s TLS failure: %s", method, path, exc)
                raise errors.TlsError(
                    "Chứng chỉ bảo mật của máy chủ không hợp lệ; đã từ chối kết nối. "
                    "Báo quản trị viên kiểm tra chứng chỉ."
                ) from exc
            log.warning("%s %s unreachable: %s", method, path, exc)
            raise errors.Unreachable(
                "Không kết nối được máy chủ. Kiểm tra mạng hoặc báo quản trị viên."
            ) from exc
        except httpx.TransportError as exc:
            log.warning("%s %s transport error: %s", method, path, exc)
            raise errors.Unreachable("Mất kết nối với máy chủ giữa chừng.") from exc
        elapsed = (time.perf_counter() - started) * 1000
        log.info("%s %s -> %s in %.0f ms", method, path, response.status_code, elapsed)
        if raw and response.status_code < 300:
            return response.content
        return _decode(response)

    # -- endpoints ------------------------------------------------------------------

    def health(self) -> Health:
        return Health.from_json(self._request("GET", "/health", auth=False))

    def login(self, username: str, password: str) -> Session:
        d = self._request("POST", "/auth/login", auth=False,
                          json={"username": username, "password": password})
        session = Session(d["access_token"], datetime.fromisoformat(d["expires_at"]),
                          User.from_json(d["user"]))
        self.token = session.token
        return session

    def me(self) -> User:
        return User.from_json(self._request("GET", "/auth/me"))

    def logout(self) -> None:
        try:
            self._request("POST", "/auth/logout")
        finally:
            self.token = None

    def demo_accounts(self) -> list[DemoAccount]:
        return [DemoAccount(a["username"], a["password"], a["role"], a.get("full_name", ""))
                for a in self._request("GET", "/demo/accounts", auth=False)]

    def demo_cards(self, limit: int = 10) -> list[DemoCard]:
        return [DemoCard(c["label"], c["payload"], c["expect"])
                for c in self._request("GET", "/demo/cards", params={"limit": limit})]

    def verify_identity(self, id_number: str, full_name: str, date_of_birth: date,
                        sex: str) -> VerifyResult:
        d = self._request("POST", "/identity/verify", json={
            "id_number": id_number, "full_name": full_name,
            "date_of_birth": date_of_birth.isoformat(), "sex": sex,
        })
        return VerifyResult.from_json(d)

    def procedures(self) -> list[Procedure]:
        return [Procedure.from_json(p) for p in self._request("GET", "/procedures")]

    def create_dossier(self, draft: DossierDraft, idempotency_key: str) -> Dossier:
        d = self._request("POST", "/dossiers", json=draft.to_json(),
                          headers={"Idempotency-Key": idempotency_key})
        return Dossier.from_json(d)

    def ledger(self, day: date, fmt: str = "xlsx") -> bytes:
        """The day's tracking book (sổ theo dõi hồ sơ) as the file the backend makes."""
        return self._request("GET", "/ledger", params={"date": day.isoformat(), "format": fmt},
                             raw=True)

    def get_dossier(self, code: str) -> Dossier:
        return Dossier.from_json(self._request("GET", f"/dossiers/{code}"))


def _is_tls_error(exc: Exception) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return "CERTIFICATE_VERIFY_FAILED" in str(exc) or "SSL" in str(exc)


def _detail(response: httpx.Response) -> tuple[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return "", None
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, str):
        return detail, detail
    if isinstance(detail, list):  # FastAPI validation errors
        parts = []
        for item in detail:
            loc = ".".join(str(x) for x in item.get("loc", ())[1:])
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
