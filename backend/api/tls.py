"""The office CA certificate, for a counter's first contact over HTTPS.

Public and harmless (a CA certificate carries no secret): the counter fetches it without
trusting anything yet, shows its SHA-256 fingerprint, and keeps it only after the clerk
confirmed that fingerprint against the one `serve` printed.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

router = APIRouter(tags=["health"])


@router.get("/tls/ca.pem", response_class=Response,
            responses={200: {"content": {"application/x-pem-file": {}}},
                       404: {"description": "Plain HTTP server, or the office's own "
                                            "certificate is used: no CA to hand out"}})
async def office_ca(request: Request) -> Response:
    pem = getattr(request.app.state, "office_ca_pem", None)
    if not pem:
        raise HTTPException(404, "Máy chủ không dùng CA riêng của văn phòng.")
    return Response(pem, media_type="application/x-pem-file",
                    headers={"Cache-Control": "no-store"})
