import threading

import pytest

from printing.errors import PrinterError
from printing.jobs import JobState, PrintJob, PrintQueue
from printing.transports import PreviewTransport


class FakePrinter:
    """Records what reached the paper, fails on demand, and can hold a job mid-print."""

    def __init__(self, failures: list[PrinterError] | None = None) -> None:
        self.printed: list[bytes] = []
        self.threads: set[str] = set()
        self.failures = list(failures or [])
        self.gate = threading.Event()
        self.gate.set()
        self.entered = threading.Event()
        self.closed = False

    def send(self, data: bytes) -> None:
        self.threads.add(threading.current_thread().name)
        self.entered.set()
        assert self.gate.wait(5)
        if self.failures:
            raise self.failures.pop(0)
        self.printed.append(data)

    def close(self) -> None:
        self.closed = True


def _job(n: int = 0) -> PrintJob:
    return PrintJob(kind="receipt", title=f"Giấy tiếp nhận {n}", data=f"job-{n}".encode())


@pytest.fixture
def printer():
    return FakePrinter()


@pytest.fixture
def queue(printer):
    q = PrintQueue(printer, "test")
    yield q
    printer.gate.set()
    q.close()


def test_states_go_queued_printing_done(queue, printer):
    seen: list[tuple[str, JobState]] = []
    queue.add_listener(lambda j: seen.append((j.id, j.state)))
    job = _job()
    result = queue.submit(job).result(5)
    assert result.state == JobState.DONE and result.finished_at is not None
    assert result.attempts == 1
    assert [s for i, s in seen if i == job.id] == [
        JobState.QUEUED,
        JobState.PRINTING,
        JobState.DONE,
    ]
    assert printer.printed == [b"job-0"]
    assert queue.get(job.id) == result


def test_listeners_run_on_the_printer_thread(queue):
    names: list[str] = []
    queue.add_listener(lambda j: names.append(threading.current_thread().name))
    queue.submit(_job()).result(5)
    assert names[0] == threading.current_thread().name  # "queued" comes from submit()
    assert all(n.startswith("printer-test") for n in names[1:])


def test_failure_keeps_reason_and_message():
    printer = FakePrinter([PrinterError("paper_out", "Máy in hết giấy.")])
    q = PrintQueue(printer, "p")
    try:
        failed = q.submit(_job()).result(5)
    finally:
        q.close()
    assert failed.state == JobState.FAILED
    assert (failed.reason_code, failed.message) == ("paper_out", "Máy in hết giấy.")
    assert printer.printed == []


def test_unexpected_exception_is_a_failed_job_not_a_dead_thread():
    printer = FakePrinter([RuntimeError("bug")])  # type: ignore[list-item]
    q = PrintQueue(printer, "p")
    try:
        failed = q.submit(_job(1)).result(5)
        ok = q.submit(_job(2)).result(5)
    finally:
        q.close()
    assert failed.state == JobState.FAILED and failed.reason_code == "internal"
    assert ok.state == JobState.DONE


def test_retry_after_failure_prints_exactly_once():
    printer = FakePrinter([PrinterError("offline", "Máy in tắt.")])
    q = PrintQueue(printer, "p")
    try:
        job = q.submit(_job()).result(5)
        retried = q.retry(job.id)
        assert retried is not None
        done = retried.result(5)
        assert done.state == JobState.DONE and done.reason_code is None and done.attempts == 2
        assert q.retry(job.id) is None  # second retry of a printed job: nothing
    finally:
        q.close()
    assert printer.printed == [b"job-0"]


def test_retry_after_done_does_nothing(queue, printer):
    job = queue.submit(_job()).result(5)
    assert queue.retry(job.id) is None
    assert queue.retry("no-such-job") is None
    queue.submit(_job(1)).result(5)  # drain: a stray reprint would land before this
    assert printer.printed == [b"job-0", b"job-1"]


def test_jobs_print_in_submission_order_on_one_thread(queue, printer):
    futures = [queue.submit(_job(n)) for n in range(30)]
    for f in futures:
        f.result(5)
    assert printer.printed == [f"job-{n}".encode() for n in range(30)]
    assert len(printer.threads) == 1
    (name,) = printer.threads
    assert name.startswith("printer-test") and name != threading.current_thread().name


def test_void_a_waiting_job_never_prints_it(queue, printer):
    printer.gate.clear()
    first_job, second_job = _job(1), _job(2)
    first = queue.submit(first_job)
    assert printer.entered.wait(5)
    second = queue.submit(second_job)
    assert queue.get(first_job.id).state == JobState.PRINTING
    assert queue.get(second_job.id).state == JobState.QUEUED
    assert not queue.void(first_job.id)  # already on its way to the paper
    assert queue.void(second_job.id)
    printer.gate.set()
    assert first.result(5).state == JobState.DONE
    assert second.result(5).state == JobState.VOIDED
    assert printer.printed == [b"job-1"]


def test_cannot_void_a_printed_job(queue):
    job = queue.submit(_job()).result(5)
    assert not queue.void(job.id)
    assert queue.get(job.id).state == JobState.DONE


def test_void_a_failed_job():
    printer = FakePrinter([PrinterError("offline", "x")])
    q = PrintQueue(printer, "p")
    try:
        job = q.submit(_job()).result(5)
        assert q.void(job.id)
        assert q.retry(job.id) is None
    finally:
        q.close()
    assert printer.printed == []


def test_same_job_cannot_be_submitted_twice(queue):
    job = _job()
    queue.submit(job).result(5)
    with pytest.raises(ValueError):
        queue.submit(job)


def test_history_is_bounded():
    q = PrintQueue(FakePrinter(), "p", history=5)
    try:
        for n in range(12):
            q.submit(_job(n)).result(5)
        titles = [j.title for j in q.jobs()]
    finally:
        q.close()
    assert titles == [f"Giấy tiếp nhận {n}" for n in range(7, 12)]


def test_broken_listener_does_not_stop_printing(queue, printer):
    queue.add_listener(lambda j: 1 / 0)
    assert queue.submit(_job()).result(5).state == JobState.DONE


def test_preview_printer_receives_the_picture():
    from PIL import Image

    preview = PreviewTransport()
    q = PrintQueue(preview, "preview")
    picture = Image.new("1", (576, 20), 1)
    try:
        q.submit(PrintJob("receipt", "Giấy tiếp nhận X", b"\x1b@", image=picture)).result(5)
    finally:
        q.close()
    assert preview.last_image is picture
    assert preview.jobs == [b"\x1b@"]


def test_close_closes_the_transport(printer):
    q = PrintQueue(printer, "p")
    q.close()
    assert printer.closed


def test_closed_queue_takes_no_new_jobs(printer):
    q = PrintQueue(printer, "p")
    q.close()
    with pytest.raises(RuntimeError):
        q.submit(_job())
    assert q.jobs() == []


def test_job_times_are_the_office_clocks_after_17_utc(printer):
    """At 18:00 UTC (the PC's date) it is already 01:00 tomorrow at the office (UTC+7)."""
    from datetime import UTC, date, datetime

    from counter_app.domain.clock import ManualClock, office_today

    clock = ManualClock(datetime(2026, 2, 28, 18, 0, tzinfo=UTC))
    q = PrintQueue(printer, "test", clock=clock)
    try:
        done = q.submit(_job()).result(timeout=15)
        assert done.finished_at is not None
        assert done.finished_at.date() == office_today(clock) == date(2026, 3, 1)
        assert f"{done.finished_at:%H:%M}" == "01:00"
        clock.advance(minutes=5)
        again = q.reprint(done.id)
        assert again is not None
        copy = again.result(timeout=15)
        assert f"{copy.created_at:%H:%M %d/%m/%Y}" == "01:05 01/03/2026"
    finally:
        q.close()
