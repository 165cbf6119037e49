"""Backend settings, declared once: defaults < environment variables < command line.

Kept free of heavy imports because `python -m backend serve` reads them before anything
else and the clerk waits for /health.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

APP_NAME = "counter-app"
ENV_PREFIX = "COUNTER_BACKEND_"


def default_database_path() -> Path:
    # Never the current directory: the app may be started from anywhere (a shortcut, a
    # service), and a stray backend.sqlite3 there would silently split the data.
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "backend.sqlite3"


def database_url(value: str | os.PathLike[str] | None) -> str:
    """A path or an SQLAlchemy URL -> an SQLAlchemy URL."""
    if value is None or str(value) == "":
        path = default_database_path()
    elif "://" in str(value):
        return str(value)
    else:
        path = Path(value).expanduser()
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


@dataclass(frozen=True)
class Settings:
    database_url: str = ""
    host: str = "127.0.0.1"
    port: int = 8765
    demo: bool = False
    public_base_url: str = ""
    # A token lives this long unless refreshed (the counter refreshes it past half its
    # life); refreshing never goes past session_max_hours after the password login, so a
    # clerk types the password once per working day and a forgotten session dies.
    token_ttl_minutes: float = 2 * 60
    session_max_hours: float = 12.0
    log_level: str = "info"
    max_body_bytes: int = 64 * 1024
    # Digitised files (encrypted, by hash): beside an SQLite database by default.
    files_dir: str = ""
    # Public lookups (/tra-cuu, unknown /t/ tokens) per client address: "N/SECONDS".
    lookup_limit: str = "10/600"
    # Addresses (or networks) of reverse proxies whose X-Forwarded-For is believed; from
    # anyone else the header is ignored (it would forge the rate-limit key and audit IP).
    trusted_proxies: str = ""
    # TLS: "auto" = on for any address but loopback, "on", "off". Without --tls-cert the
    # office's own CA and server certificate are made in tls_dir on first start.
    tls: str = "auto"
    tls_dir: str = ""
    tls_cert: str = ""
    tls_key: str = ""
    tls_names: str = ""  # extra host names / IPs the counters use, comma separated
    # Connections: a peer that has not sent its request headers within header_timeout
    # (or its body within body_timeout) is closed; idle keep-alive ends after keep_alive.
    # Past max_connections the oldest connection still waiting for headers is dropped.
    header_timeout: float = 10.0
    body_timeout: float = 30.0
    keep_alive: float = 5.0
    max_connections: int = 2000
    # Unused leased dossier numbers one account may hold for a day (backend/dossiers/leases.py).
    lease_cap: int = 150
    identity_provider: str = "local"  # local | gateway
    identity_gateway_url: str = ""
    identity_gateway_timeout: float = 5.0
    identity_gateway_ca_bundle: str | None = None
    identity_gateway_api_key: str | None = field(default=None, repr=False)

    @property
    def base_url(self) -> str:
        scheme = "https" if self.uses_tls else "http"
        return (self.public_base_url or f"{scheme}://{self.host}:{self.port}").rstrip("/")

    @property
    def uses_tls(self) -> bool:
        if self.tls == "auto":
            return not is_loopback(self.host)
        return self.tls == "on"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def with_overrides(self, **values: object) -> Settings:
        return replace(self, **{k: v for k, v in values.items() if v is not None})


def files_root(settings: Settings) -> Path:
    """Where digitised files live: `files_dir`, else `files/` beside the SQLite database,
    else the user data folder's `files/` (a PostgreSQL office sets files_dir)."""
    if settings.files_dir:
        return Path(settings.files_dir).expanduser()
    if settings.database_url.startswith("sqlite:///"):
        return Path(settings.database_url.removeprefix("sqlite:///")).parent / "files"
    return default_database_path().parent / "files"


def files_key_path(settings: Settings) -> Path:
    """The digitised files' key: beside the SQLite database, else in the user data folder."""
    if settings.database_url.startswith("sqlite:///"):
        return Path(settings.database_url.removeprefix("sqlite:///")).parent / "files.key"
    return default_database_path().parent / "files.key"


def is_loopback(host: str) -> bool:
    import ipaddress

    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _env(name: str) -> str | None:
    value = os.environ.get(ENV_PREFIX + name)
    return value if value not in (None, "") else None


def from_env() -> Settings:
    """Settings from COUNTER_BACKEND_* variables (the command line overrides them)."""
    s = Settings()
    ttl = _env("TOKEN_TTL_MINUTES")
    session_max = _env("SESSION_MAX_HOURS")
    timeout = _env("IDENTITY_GATEWAY_TIMEOUT")
    return s.with_overrides(
        database_url=_env("DATABASE"),
        public_base_url=_env("PUBLIC_BASE_URL"),
        log_level=(_env("LOG_LEVEL") or "").lower() or None,  # uvicorn knows "debug" only
        token_ttl_minutes=float(ttl) if ttl else None,
        session_max_hours=float(session_max) if session_max else None,
        lookup_limit=_env("LOOKUP_LIMIT"),
        trusted_proxies=_env("TRUSTED_PROXIES"),
        tls=_env("TLS"),
        tls_dir=_env("TLS_DIR"),
        files_dir=_env("FILES_DIR"),
        tls_cert=_env("TLS_CERT"),
        tls_key=_env("TLS_KEY"),
        tls_names=_env("TLS_NAMES"),
        identity_provider=_env("IDENTITY_PROVIDER"),
        identity_gateway_url=_env("IDENTITY_GATEWAY_URL"),
        identity_gateway_timeout=float(timeout) if timeout else None,
        identity_gateway_ca_bundle=_env("IDENTITY_GATEWAY_CA_BUNDLE"),
        identity_gateway_api_key=_env("IDENTITY_GATEWAY_API_KEY"),
    )
