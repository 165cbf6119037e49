"""The SHA-256 fingerprint of a certificate as people compare it: the server prints it,
the counter shows it before trusting, `openssl x509 -fingerprint -sha256` prints the same."""

from __future__ import annotations

import hashlib


def sha256_fingerprint(der: bytes) -> str:
    """`AB:12:…` (32 pairs) of the certificate's DER bytes."""
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))
