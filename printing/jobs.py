"""One queue per printer: jobs print one at a time, in order, on the printer's own thread.

Jobs are immutable snapshots; each state change stores a new one and hands it to the
listeners (called on the printer thread: the UI marshals them to its own thread). A
job's future resolves to its final snapshot, failed or not, so callers need one path.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from PIL import Image

from counter_app.domain.clock import Clock, office_now

from .errors import PrinterError, ReasonCode
from .status import PrinterStatus
from .transports import ReadsStatus, ShowsPreview, Transport

log = logging.getLogger(__name__)


class JobState(StrEnum):
    QUEUED = "queued"
    PRINTING = "printing"
    DONE = "done"
    FAILED = "failed"
    VOIDED = "voided"


@dataclass(frozen=True)
class PrintJob:
    kind: str  # "receipt", "ticket", "supplement", "refusal", "return", "test"
    title: str  # shown in the job list; never personal data (it ends up in logs)
    data: bytes
    image: Image.Image | None = None
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    state: JobState = JobState.QUEUED
    reason_code: ReasonCode | None = None
    message: str | None = None
    attempts: int = 0
    created_at: datetime = field(default_factory=office_now)
    finished_at: datetime | None = None
    warning: str | None = None  # printed, but the clerk should know (paper near end)
    route: str = "raster"  # "raster", "tcvn3", "cp1258"
    # Text-route jobs: `image` is our rendering of the blocks, not the printer's own font.
    approximate_preview: bool = False
    # The dossier a paper belongs to (receipt, return slip, form 02): the job log shows it,
    # so a clerk finds "the receipt of 000.00.17.H01-…" without reading titles.
    dossier_code: str | None = None


Listener = Callable[[PrintJob], None]


class PrintQueue:
    def __init__(
        self, transport: Transport, name: str, *, history: int = 200, clock: Clock | None = None
    ) -> None:
        self.name = name
        self._clock = clock  # None: the app's clock, read at each stamp
        self._transport = transport
        self._history = history
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, PrintJob] = OrderedDict()
        self._listeners: list[Listener] = []
        self._closed = False
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"printer-{name}")

    def _now(self) -> datetime:
        return office_now(self._clock)

    # -- public API ------------------------------------------------------------------

    def add_listener(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.remove(listener)

    def submit(self, job: PrintJob) -> Future[PrintJob]:
        job = replace(job, state=JobState.QUEUED, reason_code=None, message=None, finished_at=None)
        with self._lock:
            if self._closed:
                raise RuntimeError(f"print queue {self.name} is closed")
            if job.id in self._jobs:
                raise ValueError(f"job {job.id} already submitted; use retry()")
            self._store(job)
        self._notify(job)
        return self._executor.submit(self._run, job.id)

    def retry(self, job_id: str) -> Future[PrintJob] | None:
        """Queue a failed job again; None (and nothing printed) for any other state."""
        with self._lock:
            job = self._jobs.get(job_id)
            if self._closed or job is None or job.state != JobState.FAILED:
                return None
            job = self._store(replace(job, state=JobState.QUEUED, finished_at=None))
        self._notify(job)
        return self._executor.submit(self._run, job_id)

    def reprint(self, job_id: str) -> Future[PrintJob] | None:
        """Print a finished job again as a new job (the clerk asked for another copy);
        None unless the job printed. Unlike retry(), this does print a second time."""
        with self._lock:
            job = self._jobs.get(job_id)
            if self._closed or job is None or job.state != JobState.DONE:
                return None
        copy = replace(
            job, id=uuid.uuid4().hex, title=f"{job.title} (in lại)", attempts=0,
            created_at=self._now(), warning=None,
        )
        return self.submit(copy)

    def void(self, job_id: str) -> bool:
        """Cancel a queued or failed job; False if it is printing, printed or unknown."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None or job.state not in (JobState.QUEUED, JobState.FAILED):
                return False
            job = self._store(replace(job, state=JobState.VOIDED, finished_at=self._now()))
        self._notify(job)
        return True

    def get(self, job_id: str) -> PrintJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def jobs(self) -> list[PrintJob]:
        """The most recent jobs, oldest first."""
        with self._lock:
            return list(self._jobs.values())

    def check_status(self) -> Future[PrinterStatus | None]:
        """Ask the printer now, on its own thread (after the jobs already queued); None
        when the link cannot report status (file, CUPS, Windows spooler, preview)."""
        return self._executor.submit(self._status)

    def _status(self) -> PrinterStatus | None:
        if not isinstance(self._transport, ReadsStatus):
            return None
        try:
            return self._transport.status()
        except PrinterError as exc:
            return PrinterStatus(exc.reason_code, exc.message_vi)

    def close(self, wait: bool = True) -> None:
        """Stop taking jobs; wait=True lets the queued ones print first."""
        with self._lock:
            self._closed = True
        self._executor.shutdown(wait=wait, cancel_futures=not wait)
        self._transport.close()

    # -- printer thread ----------------------------------------------------------------

    def _run(self, job_id: str) -> PrintJob:
        with self._lock:
            job = self._jobs[job_id]
            if job.state != JobState.QUEUED:  # voided while waiting
                return job
            job = self._store(replace(job, state=JobState.PRINTING, attempts=job.attempts + 1))
        self._notify(job)
        warning = None
        try:
            transport = self._transport
            if isinstance(transport, ReadsStatus) and transport.status_check:
                # Before any byte: a job refused here has certainly not printed at all.
                status = transport.status()
                status.raise_if_not_ready()
                warning = status.warnings[0] if status.warnings else None
            if isinstance(transport, ShowsPreview):
                if job.approximate_preview:
                    transport.show(job.image, job.title, approximate=True)  # type: ignore[call-arg]
                else:
                    transport.show(job.image, job.title)
            transport.send(job.data)
        except PrinterError as exc:
            final = replace(
                job, state=JobState.FAILED, reason_code=exc.reason_code, message=exc.message_vi
            )
        except Exception:
            log.exception("printer %s: job %s (%s) crashed", self.name, job.id, job.kind)
            final = replace(
                job,
                state=JobState.FAILED,
                reason_code="internal",
                message="Lỗi không mong đợi khi in; hãy thử lại hoặc báo quản trị viên.",
            )
        else:
            final = replace(
                job, state=JobState.DONE, reason_code=None, message=None, warning=warning
            )
        final = replace(final, finished_at=self._now())
        with self._lock:
            self._store(final)
        if final.state == JobState.FAILED:
            log.warning("printer %s: job %s failed: %s", self.name, job.id, final.reason_code)
        self._notify(final)
        return final

    # -- helpers -----------------------------------------------------------------------

    def _store(self, job: PrintJob) -> PrintJob:
        """Caller holds the lock. Forgets the oldest finished jobs past the history size
        (queued and printing ones are still owed to someone)."""
        self._jobs[job.id] = job
        overflow = len(self._jobs) - self._history
        if overflow > 0:
            finished = (JobState.DONE, JobState.VOIDED, JobState.FAILED)
            for old_id in [i for i, j in self._jobs.items() if j.state in finished][:overflow]:
                del self._jobs[old_id]
        return job

    def _notify(self, job: PrintJob) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(job)
            except Exception:
                log.exception("print-job listener failed")
