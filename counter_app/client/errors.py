"""What can go wrong talking to the backend, as cases the UI can explain to a clerk."""

from __future__ import annotations


class ApiError(Exception):
    """Base class; `message` is Vietnamese and safe to show, str(self) likewise."""

    kind = "error"

    def __init__(self, message: str, *, status: int | None = None, detail: object = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.detail = detail


class Unreachable(ApiError):
    kind = "unreachable"


class Timeout(ApiError):
    kind = "timeout"


class Unauthorized(ApiError):
    """Token missing, expired or revoked (401): the clerk must log in again."""

    kind = "unauthorized"


class SecondFactorNeeded(Unauthorized):
    """The password was right; the account also needs its 6-digit TOTP code (or the code
    sent was wrong or already used)."""

    kind = "second_factor"


class Forbidden(ApiError):
    kind = "forbidden"


class Rejected(ApiError):
    """The server understood the request and refused it (4xx) with a reason."""

    kind = "rejected"


class NotFound(Rejected):
    kind = "not_found"


class Conflict(Rejected):
    kind = "conflict"


class ServerError(ApiError):
    kind = "server_error"


class TlsError(Unreachable):
    """Certificate problems are refused outright, never downgraded to plain HTTP."""

    kind = "tls"


class UnknownCa(TlsError):
    """The server's certificate comes from a CA this counter does not trust (yet): the
    office's own CA can be trusted after the clerk confirmed its fingerprint."""

    kind = "tls_unknown_ca"


class InsecureConnection(Unreachable):
    """Plain http:// to another machine: refused unless the allow_plain_http setting says so.
    Nothing was sent: like an unreachable server, the outbox keeps what waits."""

    kind = "insecure"
