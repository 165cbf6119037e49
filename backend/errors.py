"""Every error answers {"detail": "<Vietnamese>"}; validation errors keep FastAPI's list.

A rule of the office that refuses a request raises DomainError wherever it is checked (queue,
dossiers, office configuration); the API and the command line answer its Vietnamese sentence,
and the log gets its stable code."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from backend.openapi_errors import operations_at
from counter_app.domain.privacy import loggable_path

log = logging.getLogger("backend.errors")
INTERNAL = "Máy chủ gặp lỗi nội bộ. Vui lòng thử lại sau hoặc báo quản trị viên."
_DEFAULTS = {
    400: "Yêu cầu không hợp lệ.",
    401: "Phiên đăng nhập không hợp lệ hoặc đã hết hạn. Vui lòng đăng nhập lại.",
    403: "Tài khoản không có quyền thực hiện thao tác này.",
    404: "Không tìm thấy.",
    405: "Phương thức không được hỗ trợ.",
    413: "Dữ liệu gửi lên quá lớn.",
    415: "Định dạng dữ liệu không được hỗ trợ.",
}
_UNPARSABLE = "There was an error parsing the body"
BAD_BODY = "Nội dung gửi lên không đọc được: cần JSON hợp lệ, mã hóa UTF-8, không lồng quá sâu."


class DomainError(Exception):
    """status: the HTTP status it answers; code: stable and machine-readable (for the log and
    for grepping), never shown; message_vi: the sentence for the clerk or the admin."""

    def __init__(self, status: int, code: str, message_vi: str) -> None:
        super().__init__(message_vi)
        self.status = status
        self.code = code
        self.message_vi = message_vi


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)  # registered for DomainError only
    # A tracking token in the path opens the applicant's page: loggable_path masks it.
    log.info("refused %s %s: %s (%d)", request.method, loggable_path(request.url.path),
             exc.code, exc.status)
    return JSONResponse({"detail": exc.message_vi}, status_code=exc.status)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)  # registered for it only
    detail = exc.detail
    headers = getattr(exc, "headers", None)
    if detail == _UNPARSABLE:  # FastAPI could not read the body: not UTF-8, nested too deep
        detail = BAD_BODY
    # Starlette's own errors (unknown route, wrong method) carry English phrases.
    if not isinstance(detail, str) or detail.isascii():
        detail = _DEFAULTS.get(exc.status_code, f"Lỗi {exc.status_code}.")
    if exc.status_code == 405:
        # Starlette names only the methods of the first route whose path matched, and
        # GET and POST /queue/tickets are two routes.
        allowed = operations_at(request.app.openapi(), request.url.path)
        if allowed:
            headers = {**(headers or {}), "Allow": ", ".join(sorted(allowed))}
    return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=headers)


async def _unhandled(request: Request, exc: Exception) -> JSONResponse:
    # The traceback goes through ScrubbingFormatter; SQL parameters are hidden by the engine.
    log.error("unhandled %s on %s %s", type(exc).__name__, request.method,
              loggable_path(request.url.path),
              exc_info=exc)
    return JSONResponse({"detail": INTERNAL}, status_code=500)


def install(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unhandled)
