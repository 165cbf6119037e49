"""Every error answers {"detail": "<Vietnamese>"}; validation errors keep FastAPI's list."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

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


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    detail = exc.detail
    # Starlette's own errors (unknown route, wrong method) carry English phrases.
    if not isinstance(detail, str) or detail.isascii():
        detail = _DEFAULTS.get(exc.status_code, f"Lỗi {exc.status_code}.")
    return JSONResponse({"detail": detail}, status_code=exc.status_code,
                        headers=getattr(exc, "headers", None))


async def _unhandled(request: Request, exc: Exception) -> JSONResponse:
    # The traceback goes through ScrubbingFormatter; SQL parameters are hidden by the engine.
    log.error("unhandled %s on %s %s", type(exc).__name__, request.method,
              request.url.path if not request.url.path.startswith("/t/") else "/t/<token>",
              exc_info=exc)
    return JSONResponse({"detail": INTERNAL}, status_code=500)


def install(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unhandled)
