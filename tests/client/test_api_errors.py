"""Every way the backend can fail reaches the clerk as a clear case, over real sockets."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from counter_app.client import errors
from counter_app.client.api import ApiClient
from counter_app.embedded import free_port


class Canned(BaseHTTPRequestHandler):
    status = 200
    body: object = {}

    def _answer(self) -> None:
        raw = self.body if isinstance(self.body, bytes) else json.dumps(self.body).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    do_GET = do_POST = _answer

    def log_message(self, *args):  # keep test output quiet
        pass


@pytest.fixture
def server():
    handler = type("H", (Canned,), {})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield handler, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(
    ("status", "body", "kind", "text"),
    [
        (401, {"detail": "Phiên đăng nhập đã hết hạn."}, errors.Unauthorized, "hết hạn"),
        (403, {"detail": "Không có quyền."}, errors.Forbidden, "quyền"),
        (404, {"detail": "Không tìm thấy hồ sơ."}, errors.NotFound, "hồ sơ"),
        (409, {"detail": "Khóa đã dùng cho yêu cầu khác."}, errors.Conflict, "Khóa"),
        (422, {"detail": [{"loc": ["body", "id_number"], "msg": "bad"}]}, errors.Rejected,
         "id_number"),
        (500, {"detail": "Lỗi máy chủ."}, errors.ServerError, "Lỗi máy chủ"),
        (502, b"<html>bad gateway</html>", errors.ServerError, "502"),
    ],
)
def test_http_errors_map_to_cases(server, status, body, kind, text):
    handler, url = server
    handler.status, handler.body = status, body
    api = ApiClient(url)
    api.token = "t"
    with pytest.raises(kind) as info:
        api.procedures()
    assert text in info.value.message
    assert info.value.status == status


def test_garbage_success_body_is_a_server_error(server):
    handler, url = server
    handler.status, handler.body = 200, b"not json"
    with pytest.raises(errors.ServerError):
        ApiClient(url).health()


def test_dead_backend_is_unreachable_quickly():
    api = ApiClient(f"http://127.0.0.1:{free_port()}", connect_timeout=1.0)
    with pytest.raises(errors.Unreachable) as info:
        api.health()
    assert "Không kết nối được máy chủ" in info.value.message


def test_silent_backend_times_out_within_the_timeout():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)  # accepts the connection, never answers
    try:
        api = ApiClient(f"http://127.0.0.1:{listener.getsockname()[1]}", timeout=0.5)
        with pytest.raises(errors.Timeout) as info:
            api.health()
        assert "không trả lời kịp" in info.value.message
    finally:
        listener.close()


def test_calls_needing_login_refuse_without_token(server):
    _handler, url = server
    with pytest.raises(errors.Unauthorized):
        ApiClient(url).procedures()
