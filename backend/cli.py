"""`python -m backend serve|admin|dossier ...` (also reached through `counter-app ...`)."""

from __future__ import annotations

import argparse
import logging
import time

from backend import settings as settings_mod

log = logging.getLogger("backend")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="backend", description="Máy chủ Một cửa tham chiếu")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve", help="chạy máy chủ HTTP")
    s.add_argument("--host", default=None)
    s.add_argument("--port", type=int, default=None)
    s.add_argument("--database", default=None,
                   help="đường dẫn tệp SQLite hoặc URL SQLAlchemy (postgresql+psycopg://...)")
    s.add_argument("--demo", action="store_true", default=None,
                   help="nạp dữ liệu mẫu khi cơ sở dữ liệu còn trống; bật các API demo")
    s.add_argument("--public-base-url", default=None)
    s.add_argument("--log-level", default=None,
                   choices=["debug", "info", "warning", "error", "critical"])
    s.add_argument("--token-ttl-minutes", type=float, default=None,
                   help="thời hạn một mã đăng nhập khi không được gia hạn (mặc định 120)")
    s.add_argument("--session-max-hours", type=float, default=None,
                   help="gia hạn tối đa tới bấy nhiêu giờ sau khi nhập mật khẩu (mặc định 12)")
    s.add_argument("--identity-provider", choices=["local", "gateway"], default=None)
    s.add_argument("--identity-gateway-url", default=None)
    s.add_argument("--identity-gateway-timeout", type=float, default=None)
    s.add_argument("--identity-gateway-ca-bundle", default=None)
    s.add_argument("--lease-cap", type=int, default=None,
                   help="số hồ sơ cấp trước chưa dùng mỗi tài khoản được giữ trong ngày "
                        "(mặc định 150)")
    s.add_argument("--lookup-limit", default=None,
                   help="tra cứu công khai mỗi địa chỉ: N/GIÂY (mặc định 10/600)")
    s.add_argument("--trusted-proxy", dest="trusted_proxies", default=None,
                   help="địa chỉ/mạng proxy được tin tiêu đề X-Forwarded-For (cách nhau dấu phẩy)")
    s.add_argument("--tls", choices=["auto", "on", "off"], default=None,
                   help="auto (mặc định): HTTPS trên mọi địa chỉ trừ loopback")
    s.add_argument("--tls-dir", default=None,
                   help="thư mục CA và chứng chỉ tự tạo của văn phòng (mặc định: cạnh CSDL)")
    s.add_argument("--files-dir", default=None,
                   help="thư mục tệp số hóa (mã hóa, theo mã băm; mặc định: cạnh CSDL SQLite)")
    s.add_argument("--tls-cert", default=None, help="chứng chỉ máy chủ có sẵn (PEM, kèm chuỗi)")
    s.add_argument("--tls-key", default=None, help="khóa riêng của --tls-cert (PEM)")
    s.add_argument("--tls-name", dest="tls_names", default=None,
                   help="tên/địa chỉ khác mà quầy dùng để gọi máy chủ (cách nhau dấu phẩy)")
    s.add_argument("--header-timeout", type=float, default=None,
                   help="giây chờ tiêu đề một yêu cầu (mặc định 10)")
    s.add_argument("--body-timeout", type=float, default=None,
                   help="giây chờ thân một yêu cầu (mặc định 30)")
    s.add_argument("--max-connections", type=int, default=None,
                   help="số kết nối tối đa (mặc định 2000)")
    from backend.cli_admin import add_parser
    from backend.cli_backup import add_parser as add_backup_parser
    from backend.cli_dossiers import add_parser as add_dossier_parser

    add_parser(sub)
    add_dossier_parser(sub)
    add_backup_parser(sub)
    return p


def settings_from_args(args: argparse.Namespace) -> settings_mod.Settings:
    s = settings_mod.from_env().with_overrides(
        host=args.host, port=args.port, demo=args.demo, public_base_url=args.public_base_url,
        log_level=args.log_level, token_ttl_minutes=args.token_ttl_minutes,
        session_max_hours=args.session_max_hours,
        identity_provider=args.identity_provider,
        identity_gateway_url=args.identity_gateway_url,
        identity_gateway_timeout=args.identity_gateway_timeout,
        identity_gateway_ca_bundle=args.identity_gateway_ca_bundle,
        lookup_limit=args.lookup_limit, trusted_proxies=args.trusted_proxies, tls=args.tls,
        tls_dir=args.tls_dir, tls_cert=args.tls_cert, tls_key=args.tls_key,
        files_dir=args.files_dir,
        tls_names=args.tls_names, header_timeout=args.header_timeout,
        body_timeout=args.body_timeout, max_connections=args.max_connections,
        lease_cap=args.lease_cap,
    )
    return s.with_overrides(
        database_url=settings_mod.database_url(args.database or s.database_url or None)
    )


def serve(s: settings_mod.Settings) -> int:
    started = time.perf_counter()
    from backend import logs

    logs.configure(s.log_level)
    if s.identity_provider == "gateway" and not s.identity_gateway_url:
        log.error("identity provider 'gateway' needs --identity-gateway-url")
        return 2

    import uvicorn

    from backend.app import create_app
    from backend.db import Database
    from backend.serve_tls import server_tls
    from backend.startup import prepare_database

    try:
        tls = server_tls(s)
    except (OSError, ValueError) as exc:
        log.error("TLS certificate unusable: %s", exc)
        return 2
    db = Database(s.database_url)
    prepare_database(db, s)
    app = create_app(s, db)
    app.state.office_ca_pem = tls.ca_pem if tls else None
    log.info("backend ready to serve in %.0f ms (demo=%s, identity=%s)",
             (time.perf_counter() - started) * 1000, s.demo, s.identity_provider)

    class Server(uvicorn.Server):
        """Ends the event streams as soon as a stop is asked: uvicorn waits for open
        responses before it stops, and a display's stream never ends by itself."""

        def handle_exit(self, sig, frame) -> None:
            app.state.broadcaster.close()
            super().handle_exit(sig, frame)

    Server(uvicorn.Config(app, **_connection_options(s), **_tls_options(tls),
                          log_level=s.log_level, access_log=False, log_config=None,
                          server_header=False, timeout_graceful_shutdown=5)).run()
    db.dispose()
    return 0


def _connection_options(s: settings_mod.Settings) -> dict:
    from backend.connections import guarded_h11, room_for

    return {"host": s.host, "port": s.port,
            "http": guarded_h11(s.header_timeout, s.body_timeout, room_for(s.max_connections)),
            "timeout_keep_alive": s.keep_alive, "h11_max_incomplete_event_size": 16 * 1024,
            # X-Forwarded-For only from the proxies named: uvicorn's default believes
            # any local peer, and one header would then pick the rate-limit key.
            "proxy_headers": bool(s.trusted_proxies),
            "forwarded_allow_ips": s.trusted_proxies or None}


def _tls_options(tls) -> dict:
    if tls is None:
        return {}
    return {"ssl_certfile": str(tls.cert_file), "ssl_keyfile": str(tls.key_file)}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        return serve(settings_from_args(args))
    if args.command == "admin":
        from backend.cli_admin import run

        return run(args)
    if args.command == "dossier":
        from backend.cli_dossiers import run as run_dossier

        return run_dossier(args)
    if args.command in ("backup", "restore"):
        from backend.cli_backup import run as run_backup

        return run_backup(args)
    return 2
