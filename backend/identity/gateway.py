"""Identity checks through a population-data gateway over HTTPS.

Wire format (one POST per check, JSON, UTF-8):

    POST <url>
    Authorization: Bearer <api_key>          (only when an API key is configured)
    {"id_number": "001090012345", "full_name": "Nguyễn Văn A",
     "date_of_birth": "1990-01-01", "sex": "Nam"}

    200 {"found": true,
         "match": {"full_name": true, "date_of_birth": true, "sex": false},
         "assurance_level": 1 | 2 | null}
    200 {"found": false}

Anything else is "unavailable": timeout, connection or TLS failure, a 4xx/5xx status, or
a body that does not follow the format. The gateway decides what matches; a missing
"match" key counts as a mismatch of that field rather than silently as a match.
TLS is verified (system CAs, or `ca_bundle` for a private CA); there is no switch to turn
verification off.
"""

from __future__ import annotations

import logging
import ssl
import time
from typing import Any

import httpx

from backend.identity.base import VerifyRequest, VerifyResult, result
from counter_app.domain.privacy import mask_id_number

log = logging.getLogger(__name__)
_FIELDS = ("full_name", "date_of_birth", "sex")


class HttpGatewayProvider:
    name = "gateway"

    def __init__(self, url: str, *, timeout: float = 5.0, ca_bundle: str | None = None,
                 api_key: str | None = None) -> None:
        verify: Any = ssl.create_default_context(cafile=ca_bundle) if ca_bundle else True
        headers = {"User-Agent": "counter-app-backend/0.1"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        self._url = url
        self._client = httpx.Client(timeout=httpx.Timeout(timeout), verify=verify,
                                    headers=headers, follow_redirects=False)

    def close(self) -> None:
        self._client.close()

    def verify(self, request: VerifyRequest) -> VerifyResult:
        started = time.perf_counter()
        who = mask_id_number(request.id_number)
        try:
            response = self._client.post(self._url, json={
                "id_number": request.id_number, "full_name": request.full_name,
                "date_of_birth": request.date_of_birth.isoformat(), "sex": request.sex,
            })
        except httpx.HTTPError as exc:
            log.warning("gateway check %s failed after %.0f ms: %s", who,
                        (time.perf_counter() - started) * 1000, type(exc).__name__)
            return result("unavailable", self.name)
        ms = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            log.warning("gateway check %s -> HTTP %s in %.0f ms", who, response.status_code, ms)
            return result("unavailable", self.name)
        try:
            return self._parse(response.json())
        except (ValueError, TypeError, AttributeError, KeyError):
            log.warning("gateway check %s: malformed answer in %.0f ms", who, ms)
            return result("unavailable", self.name)

    def _parse(self, body: dict[str, Any]) -> VerifyResult:
        if body["found"] is False:
            return result("not_found", self.name)
        if body["found"] is not True:
            raise ValueError("found must be a boolean")
        level = body.get("assurance_level")
        if level not in (1, 2, None):
            raise ValueError("bad assurance level")
        match = body.get("match") or {}
        fields = tuple(f for f in _FIELDS if match.get(f) is not True)
        if fields:
            return result("mismatched", self.name, fields=fields, assurance_level=level)
        return result("matched", self.name, assurance_level=level)
