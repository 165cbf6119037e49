"""Group commit for dossier receipts (issue 16): the request that finds no batch being
written writes every receipt waiting at that moment in one transaction, commits once,
then answers them all; receipts arriving meanwhile wait for the next batch, which the
first of them writes.

Why: 20 clerks saving at once queued for the write lock behind one transaction each; a
transaction of ~3 ms of work held the lock 11-13 ms, as the requests still being read
and checked took the interpreter lock between its statements, so they waited 200 ms and
more for it (issue 16). A batch pays the statements, the commit and those waits once.
Nothing is answered before its commit, so an answered dossier is on disk as before;
a lone receipt is written at once, no timer.

A batch that fails (a key used meanwhile, a full ledger, a database error) is rolled
back and its receipts written one at a time, so one receipt's failure is only its own.
"""

from __future__ import annotations

import logging
import threading
import weakref
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError

from backend import models
from backend.db import Database
from backend.dossiers import intake, receipt_batch
from backend.dossiers.receipt_batch import Receipt
from backend.errors import DomainError

log = logging.getLogger(__name__)
MAX_BATCH = 64
Answer = tuple[models.Dossier, bool] | Exception


@dataclass(eq=False)
class _Waiting:
    receipt: Receipt
    woken: threading.Event = field(default_factory=threading.Event)
    answer: Answer | None = None


class ReceiptWriter:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._guard = threading.Lock()
        self._pending: list[_Waiting] = []
        self._writing = False
        self.batches = 0  # transactions written, read by tests
        self.largest = 0

    def write(self, receipt: Receipt) -> tuple[models.Dossier, bool]:
        """(dossier, created) once committed (created False: the key's first dossier);
        raises the receipt's refusal."""
        me = _Waiting(receipt)
        with self._guard:
            self._pending.append(me)
            leads, self._writing = not self._writing, True
        if not leads:
            me.woken.wait()  # answered, or handed the next batch (its first receipt)
        if me.answer is None:
            self._lead()
        assert me.answer is not None
        if isinstance(me.answer, Exception):
            raise me.answer
        return me.answer

    def _lead(self) -> None:
        """Writes the waiting receipts (this thread's first), answers them, and hands the
        next batch to the first receipt still waiting: each thread is woken once."""
        with self._guard:
            batch = self._pending[:MAX_BATCH]
            del self._pending[:MAX_BATCH]
        answers: list[Answer] = []
        try:
            answers = self.write_all([w.receipt for w in batch])
        finally:
            for i, w in enumerate(batch):  # short only if this thread was interrupted
                w.answer = answers[i] if i < len(answers) else RuntimeError(
                    "receipt batch interrupted")
            with self._guard:
                following = self._pending[0] if self._pending else None
                self._writing = following is not None
            for w in batch:
                w.woken.set()
            if following is not None:
                following.woken.set()

    def write_all(self, receipts: list[Receipt]) -> list[Answer]:
        """Each receipt's answer, in one transaction if they all pass (else one at a
        time). The batch `write` forms; called directly by tests."""
        try:
            with self.db.write() as s:
                dossiers = receipt_batch.write(s, receipts)
        except Exception as exc:
            if len(receipts) > 1:
                log.info("a batch of %d receipts was refused (%s); writing them one at a "
                         "time", len(receipts), type(exc).__name__)
                return [a for r in receipts for a in self.write_all([r])]
            return [self._alone_refused(receipts[0], exc)]
        self.batches += 1
        self.largest = max(self.largest, len(receipts))
        return [(d, True) for d in dossiers]

    def _alone_refused(self, r: Receipt, exc: Exception) -> Answer:
        if not isinstance(exc, IntegrityError):
            return exc
        # Two requests with one key both passed their read: the loser's insert and its
        # sequence step rolled back; answer with the winner.
        try:
            with self.db.read() as s:
                found = intake.existing(s, r.user.office_id, r.key)
        except Exception:  # the database is failing: its own error is the answer
            log.exception("looking up the dossier of a reused key failed")
            return exc
        if found is None:
            return exc
        try:
            return intake.replay(found, r.digest)
        except DomainError as refused:
            return refused


_WRITERS: weakref.WeakKeyDictionary[Database, ReceiptWriter] = weakref.WeakKeyDictionary()
_MAKING = threading.Lock()


def for_database(db: Database) -> ReceiptWriter:
    """The one writer of `db`'s receipts in this process."""
    with _MAKING:
        writer = _WRITERS.get(db)
        if writer is None:
            writer = _WRITERS[db] = ReceiptWriter(db)
        return writer
