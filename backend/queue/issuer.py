"""Group commit for ticket issue: one thread writes every pending request in one
transaction, commits once (one fsync for the batch), then answers them all.

Why: 50 kiosks and counters issuing at once spent their time queueing for the write lock
behind one ORM transaction and one fsync each (issue 16). Now a request waits at most for
the batch being written, then is written with everything that arrived meanwhile. Nothing
is answered before its commit is on disk, so an answered ticket survives kill -9 and power
loss exactly as before. Batches form by themselves under load (what arrived while the last
one was committing); a lone request is written at once, no timer.

A batch that fails as a whole (a database error, a full disk) is retried one request at a
time, so one request's failure is only that request's.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from typing import Any

from backend.queue import issue_batch
from backend.queue.issue_batch import Issued, IssueRequest, Outcome
from backend.queue.writes import QueueWriter

log = logging.getLogger("backend.queue.tickets")
MAX_BATCH = 256
_STOP = object()


def _settle(fut: asyncio.Future[Issued], outcome: Outcome) -> None:
    if fut.done():  # the client went away; its ticket, if any, is stored all the same
        return
    if isinstance(outcome, Exception):
        fut.set_exception(outcome)
    else:
        fut.set_result(outcome)


def _settle_all(settled: list[tuple[asyncio.Future[Issued], Outcome]]) -> None:
    for fut, outcome in settled:
        _settle(fut, outcome)


class TicketIssuer:
    def __init__(self, qw: QueueWriter) -> None:
        self.qw = qw
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._guard = threading.Lock()
        self.batches = 0  # how many transactions; read by tests and benchmarks
        self.largest = 0
        self.answered_fast = 0  # by backend/queue/fast_issue.py
        self.received = 0

    async def issue(self, req: IssueRequest) -> Issued:
        """The ticket, once its transaction is committed; raises the request's refusal."""
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[Issued] = loop.create_future()
        self._ensure_started()
        self.received += 1
        self._queue.put((req, loop, fut))
        return await fut

    def close(self) -> None:
        with self._guard:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(_STOP)
            thread.join(timeout=30)

    def _ensure_started(self) -> None:
        if self._thread is None:
            with self._guard:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="ticket-issuer",
                                                     daemon=True)
                    self._thread.start()

    def _run(self) -> None:
        stopping = False
        while not stopping:
            item = self._queue.get()
            if item is _STOP:
                return
            batch = [item]
            while len(batch) < MAX_BATCH:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    stopping = True
                    break
                batch.append(item)
            outcomes = self._outcomes([req for req, _, _ in batch])
            answers: dict[asyncio.AbstractEventLoop, list[tuple[Any, Outcome]]] = {}
            for (_, loop, fut), outcome in zip(batch, outcomes, strict=True):
                answers.setdefault(loop, []).append((fut, outcome))
            for loop, settled in answers.items():  # one wake-up per loop, not per ticket
                try:
                    loop.call_soon_threadsafe(_settle_all, settled)
                except RuntimeError:  # that request's event loop has closed
                    log.warning("ticket answers dropped: the server loop is closed")

    def _outcomes(self, reqs: list[IssueRequest]) -> list[Outcome]:
        try:
            return self._commit(reqs)
        except Exception as exc:
            if len(reqs) == 1:
                log.exception("ticket issue failed")
                return [exc]
            log.warning("a batch of %d tickets failed (%s); writing them one by one",
                        len(reqs), type(exc).__name__)
            return [o for req in reqs for o in self._outcomes([req])]

    def _commit(self, reqs: list[IssueRequest]) -> list[Outcome]:
        with self.qw.write_many(()) as s:
            outcomes = issue_batch.run(s, reqs)
        self.batches += 1
        self.largest = max(self.largest, len(reqs))
        for o in outcomes:
            if isinstance(o, Issued) and o.log_line:
                log.info("%s", o.log_line)
        return outcomes
