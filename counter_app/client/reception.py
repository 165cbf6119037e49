"""Receiving a dossier whether or not the backend answers (issue 7; docs/api-offline.md).

    service = open_service("https://motcua.example.vn", data_dir, username=..., password=...)
    dossier = service.receive(draft, new_idempotency_key())   # then print the receipt
    service.maintain()                                         # leases + replay, when online

The hard rule: every printed receipt's code reaches the backend exactly once. A timeout
is the trap: the backend may have created the dossier, or not. If the counter then
printed an offline receipt under another key, a dossier created online would exist twice
(and under two codes); if it reused the key with an offline-shaped body, the backend
would refuse the different body with 409.

So there is only one shape, and the outbox comes first:
1. Every dossier is written to the outbox **before** the first try, on a leased number,
   with its own receipt time (clock corrected to the backend's, server_clock.py) and
   tracking token: the body carries `offline` even when the backend is up. The number
   is marked used in the same fsync'd transaction.
2. Then one try online with that exact body and key. Confirmed → the row is purged and
   the backend's Dossier is returned. Unreachable / timeout / 5xx → the row stays and a
   Dossier built locally (`waiting=True`) is returned: same code, token and receipt time.
   Either way the receipt is printed only after `receive` returns, i.e. after the row is
   durable; a replay later sends the same bytes under the same key, so the backend either
   creates the dossier or answers the one the timed-out try created. Exactly once.
3. A definite refusal at that first try (401, 403, 409, 422) is the clerk's to see now:
   nothing was created, the row is removed (its number stays an unused gap), no receipt.

Costs of this choice: every dossier, online ones too, carries `offline` and uses a leased
number, so the backend's `offline: true` means "numbered by the counter", not "received
while disconnected" (the audit event and received_at still tell when it was received).
Online numbers therefore come in the counter's lease blocks rather than strictly one
after another across counters; unused numbers at the end of a day are listed as gaps.
When no leased number is free (first start, or a block just ran out) the dossier is sent
the old way, online only, under its key; a timeout then is reported to the clerk, no
receipt is printed, and the retry keeps that key and that shape.

Kill -9 at any point: before the commit nothing exists and nothing was printed; after
it, the row is replayed (a dossier whose receipt did not print yet still reaches the
backend, and the clerk can reprint it from the waiting list). No Qt, no UI thread: the
counter window runs `receive` on its single outbox worker, scripts call it directly.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from counter_app.client import errors
from counter_app.client.json_values import obj
from counter_app.client.leases import LeaseApi, LeaseBook, LeaseKeeper
from counter_app.client.models import Dossier, DossierDraft, Office, Procedure, User
from counter_app.client.offline_dossier import (
    code_for,
    decode,
    encode,
    local_dossier,
    new_tracking_token,
    offline_body,
)
from counter_app.client.outbox import Counts, Outbox, Row
from counter_app.client.outbox_key import OutboxKey, UnreadableBody
from counter_app.client.reachability import Reachability
from counter_app.client.server_clock import META_KEY, ServerClock
from counter_app.client.sync import Syncer, SyncResult, send_row
from counter_app.domain import online_only
from counter_app.domain.privacy import mask_id_number, mask_name

if TYPE_CHECKING:  # imported where first used: the window imports this module early
    from counter_app.client.api import ApiClient
    from counter_app.domain.calendar import WorkingCalendar

log = logging.getLogger(__name__)

DOSSIER_PATH = "/dossiers"
CLOCK_EVERY = 300.0  # seconds between two measurements of the backend's clock
NO_NUMBER = ("Mất kết nối máy chủ và máy này không còn số hồ sơ cấp trước để tiếp nhận "
             "ngoại tuyến. Hồ sơ CHƯA được tiếp nhận, KHÔNG in biên nhận. Chờ kết nối lại "
             "rồi bấm Tiếp nhận lại (hồ sơ sẽ không bị tạo trùng).")
NO_PROCEDURE = ("Máy chưa có danh mục thủ tục để tiếp nhận khi mất kết nối. Hồ sơ CHƯA "
                "được tiếp nhận, KHÔNG in biên nhận.")
NOT_SIGNED_IN = "Chưa đăng nhập: không tiếp nhận được hồ sơ."
UNREADABLE_APPLICANT = "(không giải mã được)"


class NoLeasedNumber(errors.ApiError):
    """Offline with no leased number left: nothing was recorded, nothing may be printed."""

    kind = "no_number"


@dataclass(frozen=True)
class WaitingItem:
    """A row of the outbox as the clerk sees it: no full name, no full ID number."""

    seq: int
    code: str
    applicant: str  # "Nguyễn T. H. · *********345"
    procedure: str  # its name when the catalogue knows it, else its code
    state: str  # pending | conflict | unreadable (this PC cannot decrypt it)
    detail: str
    created_at: str
    username: str
    attempts: int


LOST = "Mất kết nối máy chủ"  # the status bar's reason, after which what was seen


def _seen(exc: errors.ApiError) -> tuple[bool, str | None]:
    """What a failed request says about the backend: down (with why), or up but failing."""
    if isinstance(exc, errors.Unreachable | errors.Timeout):
        return False, f"{LOST}: {exc.message}"
    return True, None


def _guess(on_local: Callable[[Dossier], object], dossier: Dossier) -> None:
    try:
        on_local(dossier)
    except Exception:  # a head start, never a reason not to record the dossier
        log.exception("early use of dossier %s failed", dossier.code)


class ReceptionService:
    @property
    def online(self) -> bool | None:
        return self.reach.online

    @online.setter
    def online(self, value: bool | None) -> None:
        self.reach.report(value)

    def __init__(self, api: ApiClient, folder: Path | None = None, *,
                 key: OutboxKey | None = None) -> None:
        self.api = api
        # None: the user data folder, resolved (and created) on first use, off the UI thread.
        self.folder = Path(folder) if folder is not None else None
        self.key = key or OutboxKey()
        self.user: User | None = None
        self.public_base_url = api.base_url
        self.calendar: WorkingCalendar | None = None
        self.clock = ServerClock()
        self.reach = Reachability()  # the one owner of "online" (reachability.py)
        self._procedures: dict[str, Procedure] = {}
        self._outbox: Outbox | None = None
        self._open_lock = threading.Lock()
        self._receive_lock = threading.Lock()
        self._in_flight: set[str] = set()
        self._plain: set[str] = set()  # keys already sent without a leased number
        self._clock_at = 0.0
        self._syncer: Syncer | None = None
        self._keeper: LeaseKeeper | None = None

    # -- what the counter knows ------------------------------------------------------

    def set_user(self, user: User | None) -> None:
        self.user = user

    def set_office(self, office: Office | None) -> None:
        if office is not None and office.public_base_url:
            self.public_base_url = office.public_base_url

    def set_procedures(self, procedures: list[Procedure]) -> None:
        self._procedures = {p.code: p for p in procedures}

    def set_calendar(self, calendar: WorkingCalendar | None) -> None:
        self.calendar = calendar

    @property
    def warning(self) -> str | None:
        """Set when the outbox key is kept in a file, not a keyring (outbox_key.py)."""
        return self.key.warning

    @property
    def alarm(self) -> str | None:
        """Set while the outbox key exists but cannot be read: nothing can be received."""
        return self.key.alarm

    # -- storage ------------------------------------------------------------------------

    @property
    def outbox(self) -> Outbox:
        """Opened on first use (a worker thread); OutboxError when the folder is unusable."""
        with self._open_lock:
            if self._outbox is None:
                if self.folder is None:
                    from counter_app import paths

                    self.folder = paths.data_dir()
                outbox = Outbox(self.folder, self.key)
                try:
                    outbox.cipher()  # the keyring is asked now, not in the middle of a save
                except UnreadableBody as exc:  # an alarm: the rows stay, counted unreadable
                    log.error("outbox key unreadable at start: %s", exc)
                saved = outbox.meta(META_KEY)
                if saved:
                    self.clock.offset = float(saved)
                self._outbox = outbox
                book = LeaseBook(outbox)  # an offline start: the database last seen
                self._syncer = Syncer(outbox, self.api, in_flight=self._is_in_flight,
                                      backend_id=lambda: book.backend_id)
                self._keeper = LeaseKeeper(book, LeaseApi(self.api))
            return self._outbox

    @property
    def syncer(self) -> Syncer:
        _ = self.outbox
        assert self._syncer is not None
        return self._syncer

    @property
    def keeper(self) -> LeaseKeeper:
        _ = self.outbox
        assert self._keeper is not None
        return self._keeper

    def close(self) -> None:
        with self._open_lock:
            if self._outbox is not None:
                self._outbox.close()
                self._outbox = None

    def _is_in_flight(self, key: str) -> bool:
        return key in self._in_flight

    @contextlib.contextmanager
    def _claim(self, key: str) -> Generator[None]:
        self._in_flight.add(key)
        try:
            yield
        finally:
            self._in_flight.discard(key)

    # -- receiving ----------------------------------------------------------------------

    def receive(self, draft: DossierDraft, key: str,
                on_local: Callable[[Dossier], object] | None = None) -> Dossier:
        """The dossier to print, or an exception meaning "nothing recorded, print nothing".

        ApiError subclasses carry a Vietnamese message; OutboxError when this PC cannot
        write (disk full, read-only folder). on_local, when given, is handed the dossier
        as this counter recorded it, just before the backend is asked to confirm it: the
        receipt can be rendered meanwhile (counter_app/desk/reception.py). It is a guess:
        only the returned dossier may be printed."""
        if self.user is None:
            raise errors.Unauthorized(NOT_SIGNED_IN, status=401)
        with self._receive_lock, self._claim(key):
            if key in self._plain:
                return self._send_plain(draft, key)
            outbox = self.outbox
            row = outbox.find(key)
            created = row is None
            if row is None:
                row = self._write(draft, key)
                if row is None and self._top_up():  # the block ran out: the backend may be back
                    row = self._write(draft, key)
                if row is None:  # no leased number free
                    if self.reach.online is False:
                        raise NoLeasedNumber(NO_NUMBER)
                    self._plain.add(key)
                    return self._send_plain(draft, key)
            raw = outbox.body(row)
            waiting = self._local(decode(raw), row.code or "")
            if self.reach.online is False:
                return waiting  # known offline: no 2-5 s wait per receipt; sync sends it
            if on_local is not None:
                _guess(on_local, waiting)
            try:
                answer = send_row(self.api, row, raw)
            except (errors.Unreachable, errors.Timeout, errors.ServerError) as exc:
                outbox.record_attempt(row.seq, exc.message)
                self.reach.report(*_seen(exc))
                log.info("dossier %s kept in the outbox (%s)", row.code, exc.kind)
                return waiting
            except errors.ApiError as exc:
                if created:
                    # Refused outright: nothing exists on the backend and nothing will be
                    # printed; the number stays an unused gap.
                    outbox.purge(row.seq)
                    log.warning("dossier %s refused at once (%s); not kept", row.code,
                                exc.status)
                raise
            outbox.purge(row.seq)
            self.reach.report(True)
            dossier = Dossier.from_json(answer)
            if dossier.code != row.code:
                log.error("backend answered %s for leased code %s", dossier.code, row.code)
            return dossier

    def _write(self, draft: DossierDraft, key: str) -> Row | None:
        """Take a leased number and write the row in one transaction; None when none is free."""
        assert self.user is not None
        if draft.procedure_code not in self._procedures:
            raise errors.Rejected(NO_PROCEDURE)
        if self._procedures[draft.procedure_code].online_only:  # no number, no paper
            raise errors.Conflict(online_only.PAPER_REFUSED, status=409)
        outbox = self.outbox
        received_at = self.clock.now()
        with outbox.transaction() as db:
            taken = LeaseBook.take(db, self.user.username, received_at.date(),
                                   self.keeper.book.backend_id)
            if taken is None:
                return None
            lease, number = taken
            body = offline_body(draft, lease, number, received_at, new_tracking_token())
            seq = outbox.insert(db, kind="dossier", method="POST", path=DOSSIER_PATH, key=key,
                                username=self.user.username, body=encode(body),
                                code=code_for(lease, number), backend_id=lease.backend_id)
        log.info("dossier %s written to the outbox (seq %d)", code_for(lease, number), seq)
        return outbox.get(seq)

    def _top_up(self) -> bool:
        """One lease request before refusing a clerk for want of a number; True if it got one."""
        assert self.user is not None
        try:
            return self.keeper.ensure(self.user.username, self.clock.now().date()) > 0
        except (errors.Unreachable, errors.Timeout) as exc:
            self.reach.report(*_seen(exc))
        except errors.ApiError as exc:
            log.warning("could not lease dossier numbers: %s", exc.message)
        return False

    def _local(self, body: dict[str, Any], code: str) -> Dossier:
        procedure = self._procedures.get(body["procedure_code"])
        if procedure is None:
            raise errors.Rejected(NO_PROCEDURE)
        calendar = self.calendar
        if calendar is None:
            from counter_app.domain.calendar import WorkingCalendar

            calendar = self.calendar = WorkingCalendar()
        clerk = self.user.full_name if self.user else ""
        return local_dossier(body, code, procedure, calendar, self.public_base_url, clerk)

    def _send_plain(self, draft: DossierDraft, key: str) -> Dossier:
        """No leased number: online only, as before issue 7 (the key keeps this shape)."""
        try:
            dossier = self.api.create_dossier(draft, key)
        except (errors.Unreachable, errors.Timeout) as exc:
            self.reach.report(*_seen(exc))
            raise NoLeasedNumber(NO_NUMBER, status=exc.status) from exc
        self._plain.discard(key)
        self.reach.report(True)
        return dossier

    # -- while online -------------------------------------------------------------------

    def maintain(self) -> SyncResult:
        """Backend clock, lease top-up, then one replay pass. Never raises an ApiError."""
        if self.user is None:
            return SyncResult(stopped="unauthorized")
        import httpx

        try:
            self.keeper.book.learn(self.api.health().database_id)
            if time.monotonic() - self._clock_at > CLOCK_EVERY or not self._clock_at:
                self.clock.measure(self.api)
                self._clock_at = time.monotonic()
                self.outbox.set_meta(META_KEY, repr(self.clock.offset))
            today = self.clock.now().date()
            self.keeper.ensure(self.user.username, today)
            if self.calendar is not None:
                # A counter that opens tomorrow with the backend down still has numbers;
                # online they are simply tomorrow's first (every receipt uses a lease).
                self.keeper.ensure(self.user.username, self.calendar.next_working_day(today))
        except httpx.HTTPError as exc:
            self.reach.report(False, f"{LOST}: {exc}")
            return SyncResult(stopped="offline", message=str(exc))
        except (errors.Unreachable, errors.Timeout) as exc:
            self.reach.report(*_seen(exc))
            return SyncResult(stopped="offline", message=exc.message)
        except errors.Unauthorized as exc:
            return SyncResult(stopped="unauthorized", message=exc.message)
        except errors.ApiError as exc:  # lease refused: replay still worth doing
            log.warning("could not lease dossier numbers: %s", exc.message)
        self.reach.report(True)
        return self.sync()

    def sync(self) -> SyncResult:
        if self.user is None:
            return SyncResult(stopped="unauthorized")
        result = self.syncer.run_once(self.user.username)
        if result.stopped == "offline":
            self.reach.report(False, f"{LOST}: {result.message}")
        elif result.reached_backend:
            self.reach.report(True)
        return result

    def sync_due(self) -> bool:
        return self.syncer.backoff.ready()

    def drain(self, timeout: float = 60.0) -> Counts:
        """For scripts: maintain until nothing of this user waits or `timeout` passes."""
        deadline = time.monotonic() + timeout
        while True:
            result = self.maintain()
            counts = self.outbox.counts()
            mine = len(self.outbox.pending(self.user.username)) if self.user else 0
            if not mine or result.stopped == "unauthorized" or time.monotonic() > deadline:
                return counts
            time.sleep(min(self.syncer.backoff.delay(), max(0.0, deadline - time.monotonic())))

    # -- the clerk's view of the outbox -------------------------------------------------

    def counts(self) -> Counts:
        return self.outbox.counts()

    def waiting(self, state: str | None = None) -> list[WaitingItem]:
        rows = self.outbox.conflicts() if state == "conflict" else (
            self.outbox.pending() if state == "pending" else
            self.outbox.pending() + self.outbox.conflicts())
        return [self._item(r) for r in sorted(rows, key=lambda r: r.seq)]

    def _item(self, row: Row) -> WaitingItem:
        applicant, procedure, state = UNREADABLE_APPLICANT, "", "unreadable"
        try:
            body = decode(self.outbox.body(row))
            a = obj(body.get("applicant"))
            applicant = f"{mask_name(a.get('full_name'))} · {mask_id_number(a.get('id_number'))}"
            code = body.get("procedure_code") or ""
            known = self._procedures.get(code)
            procedure = known.name if known else code
            state = row.state
        except UnreadableBody:
            pass
        except ValueError:
            state = row.state
        return WaitingItem(row.seq, row.code or row.kind, applicant, procedure, state,
                           row.last_error or "", row.created_at, row.username, row.attempts)

    def retry(self, seq: int) -> bool:
        return self.outbox.retry(seq)

    def mark_handled(self, seq: int) -> bool:
        by = self.user.username if self.user else "?"
        done = self.outbox.mark_handled(seq, by)
        if done:
            log.info("outbox conflict %d marked handled by %s", seq, by)
        return done

    def waiting_dossier(self, seq: int) -> Dossier | None:
        """A waiting dossier rebuilt from its row, e.g. to print its receipt again."""
        row = self.outbox.get(seq)
        if row is None or row.kind != "dossier":
            return None
        return self._local(decode(self.outbox.body(row)), row.code or "")


def open_service(base_url: str, data_dir: Path, *, username: str | None = None,
                 password: str | None = None, token: str | None = None,
                 outbox_key: bytes | None = None, timeout: float = 5.0) -> ReceptionService:
    """A ReceptionService for a script: signs in (or takes `token`; with the backend
    unreachable, the user saved in `data_dir` by an earlier run, refused only past that
    session's saved end), loads the office, catalogue and calendar live or from the
    copies saved in `data_dir`, and keeps its outbox in `data_dir`.

    `outbox_key` (32 bytes) replaces the keyring, for test machines that have none and
    must read the outbox again after a restart."""
    from counter_app.client.api import ApiClient
    from counter_app.client.reference import load_reference  # lazily: its imports are heavy

    folder = Path(data_dir)
    cache = folder / "cache"
    api = ApiClient(base_url, timeout=timeout, connect_timeout=min(2.0, timeout))
    key = OutboxKey(key=outbox_key) if outbox_key is not None else OutboxKey()
    service = ReceptionService(api, folder, key=key)
    service.set_user(_sign_in(api, cache, username, password, token))
    load_reference(service, cache)
    return service


def _sign_in(api: ApiClient, cache: Path, username: str | None, password: str | None,
             token: str | None) -> User:
    from counter_app.client.offline_session import save_profile, save_session, script_user

    if username and password:
        try:
            session = api.login(username, password)
            save_session(session, cache)
            return session.user
        except (errors.Unreachable, errors.Timeout):
            if not token:
                raise
    if not token:
        raise errors.Unauthorized(NOT_SIGNED_IN, status=401)
    api.token = token
    try:
        user = api.me()
    except (errors.Unreachable, errors.Timeout):
        name = username or _cached_username(cache)
        user, ended = script_user(name, cache)
        if ended:
            raise errors.Unauthorized("Phiên đăng nhập đã hết hạn; cần đăng nhập lại khi có "
                                      "kết nối.", status=401) from None
        if user is None:
            if not name:
                raise
            # Never online in this folder: only the username matters to the outbox.
            log.warning("backend unreachable and no saved profile; working as %s", name)
            user = User(name, name, "clerk")
        return user
    save_profile(user, cache)
    return user


def _cached_username(cache: Path) -> str:
    from counter_app.client.offline_session import session_cache

    saved = session_cache(cache).load()
    return str(obj(obj(saved.data).get("user")).get("username") or "") if saved else ""
