"""Sign-in throttling: after a few failures per account and per client address, every
attempt is refused (429 + Retry-After) until a delay has passed, and each further failure
doubles the delay, up to a cap.

Every attempt counts as a failure the moment it is admitted, and a success takes it back:
40 guesses sent in parallel therefore cannot all slip through before the first failure is
recorded. While an account is locked the password is not even checked, so the right
password found at the 300th guess is refused like the others. Names that are no account
are counted exactly like real ones, so the answers never tell which accounts exist.

Time comes from the caller (a monotonic clock reading), so tests move a clock instead of
sleeping. State lives in this process: with several server processes each one throttles
on its own, which multiplies an attacker's rate by the number of processes, no more.
"""

from __future__ import annotations

import ipaddress
import threading
from collections import OrderedDict
from dataclasses import dataclass
from itertools import islice


@dataclass(frozen=True)
class Policy:
    free: int  # failures with no delay (typing mistakes)
    base: float = 2.0  # delay after the first failure past the free ones, in seconds
    cap: float = 15 * 60.0
    forget: float = 60 * 60.0  # a record quiet this long (and unlocked) starts over

    def delay(self, failures: int) -> float:
        if failures <= self.free:
            return 0.0
        return min(self.cap, self.base * 2.0 ** min(failures - self.free - 1, 30))


# An office behind one NAT address shares the address budget, hence the larger allowance.
ACCOUNT = Policy(free=5)
ADDRESS = Policy(free=20)
MAX_RECORDS = 20_000  # names sprayed at random must not grow memory without bound


@dataclass
class _Record:
    failures: int = 0
    last: float = 0.0
    until: float = 0.0


class LoginThrottle:
    def __init__(self, account: Policy = ACCOUNT, address: Policy = ADDRESS,
                 max_records: int = MAX_RECORDS, *, loopback_is_one_pc: bool = True) -> None:
        self.account, self.address = account, address
        self.max_records = max_records
        # On a one-PC office every window (counter, kiosk, display) is 127.0.0.1: an
        # address budget there would let one clerk's typing lock out the whole PC, so
        # loopback clients are throttled per account only.
        self.loopback_is_one_pc = loopback_is_one_pc
        self._records: OrderedDict[tuple[str, str], _Record] = OrderedDict()
        self._lock = threading.Lock()

    def admit(self, username: str, address: str, now: float) -> float:
        """Seconds to wait before trying again; 0 when admitted.

        An admitted attempt is already counted as a failure: call succeeded() after a
        correct sign-in."""
        with self._lock:
            records = [(self._get(key, policy, now), policy)
                       for key, policy in self._keys(username, address)]
            wait = max(rec.until - now for rec, _ in records)
            if wait > 0:
                return wait
            for rec, policy in records:
                rec.failures += 1
                rec.last = now
                rec.until = now + policy.delay(rec.failures)
            self._trim(now)
            return 0.0

    def succeeded(self, username: str, address: str, now: float) -> None:
        """The account starts over; the address only gets this attempt back, so one valid
        account does not reset the budget for guessing the others."""
        with self._lock:
            for key, policy in self._keys(username, address):
                if key[0] == "user":
                    self._records.pop(key, None)
                elif (rec := self._records.get(key)) is not None:
                    rec.failures = max(0, rec.failures - 1)
                    rec.until = min(rec.until, now + policy.delay(rec.failures))

    def failures(self, username: str) -> int:
        with self._lock:
            rec = self._records.get(("user", username.casefold()))
            return rec.failures if rec else 0

    def _keys(self, username: str, address: str) -> list[tuple[tuple[str, str], Policy]]:
        keys = [(("user", username.casefold()), self.account)]
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return [*keys, (("addr", address), self.address)]
        if ip.is_loopback and self.loopback_is_one_pc:
            return keys
        # An IPv6 client controls its whole /64: counting single addresses would give it
        # 2**64 budgets.
        net = ipaddress.ip_network(f"{ip}/64", strict=False) if ip.version == 6 else ip
        return [*keys, (("addr", str(net)), self.address)]

    def _get(self, key: tuple[str, str], policy: Policy, now: float) -> _Record:
        rec = self._records.get(key)
        if rec is None or (now >= rec.until and now - rec.last >= policy.forget):
            rec = self._records[key] = _Record()
        self._records.move_to_end(key)
        return rec

    def _trim(self, now: float) -> None:
        """Forget the longest untouched records, unlocked ones first: names sprayed at
        random must neither grow memory without bound nor push a locked account out."""
        excess = len(self._records) - self.max_records
        if excess <= 0:
            return
        unlocked = (k for k, r in self._records.items() if r.until <= now)
        for key in list(islice(unlocked, excess)):
            del self._records[key]
        while len(self._records) > self.max_records:
            self._records.popitem(last=False)
