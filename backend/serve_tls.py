"""Which certificate `serve` uses, and what it tells the admin about it.

Any address but loopback gets HTTPS unless `--tls off` says otherwise: passwords, tokens
and ID data must not cross the office LAN in clear. The CA fingerprint goes to stdout
(for the admin to read out to the clerks) and to the log.
"""

from __future__ import annotations

import logging
from pathlib import Path

from backend.certs import ServerTls, given_tls, local_names, office_tls
from backend.settings import Settings, default_database_path, is_loopback

log = logging.getLogger("backend")


def tls_folder(s: Settings) -> Path:
    if s.tls_dir:
        return Path(s.tls_dir).expanduser()
    if s.database_url.startswith("sqlite:///"):
        return Path(s.database_url.removeprefix("sqlite:///")).parent / "tls"
    return default_database_path().parent / "tls"


def server_tls(s: Settings) -> ServerTls | None:
    if not s.uses_tls:
        if not is_loopback(s.host):
            log.warning("serving plain HTTP on %s (--tls off): passwords, tokens and ID data "
                        "cross the network in clear", s.host)
        return None
    if s.tls_cert:
        if not s.tls_key:
            raise ValueError("--tls-cert needs --tls-key")
        tls = given_tls(Path(s.tls_cert), Path(s.tls_key))
        _announce(f"HTTPS với chứng chỉ của văn phòng {s.tls_cert}; "
                  f"SHA-256: {tls.fingerprint}. Cài CA của văn phòng trên các quầy (ca_bundle).")
        return tls
    folder = tls_folder(s)
    extra = [n.strip() for n in s.tls_names.split(",") if n.strip()]
    tls = office_tls(folder, local_names(s.host, extra))
    _announce(f"HTTPS, CA của văn phòng: {folder / 'office-ca.pem'}\n"
              f"Dấu vân tay SHA-256 của CA (đọc cho cán bộ so khi quầy hỏi):\n"
              f"  {tls.fingerprint}")
    return tls


def _announce(text: str) -> None:
    print(text, flush=True)
    log.info("%s", text.replace("\n", " "))
