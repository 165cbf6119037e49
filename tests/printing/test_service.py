import threading

from printing.jobs import JobState, PrintQueue
from printing.service import print_receipt
from printing.transports import PreviewTransport
from tests.printing.escpos_decode import decode


def test_print_receipt_end_to_end_on_the_preview_printer(demo):
    preview = PreviewTransport()
    queue = PrintQueue(preview, "preview")
    states: list[JobState] = []
    queue.add_listener(lambda j: states.append(j.state))
    try:
        job = print_receipt(demo, queue, width_dots=384, profile="POS-5890").result(10)
    finally:
        queue.close()
    assert job.state == JobState.DONE and job.kind == "receipt"
    assert states == [JobState.QUEUED, JobState.PRINTING, JobState.DONE]
    assert demo.applicant_name not in job.title and demo.dossier_code in job.title
    (data,) = preview.jobs
    assert data == job.data
    decoded = decode(data)
    assert decoded.width_dots == 384 and not decoded.has_cut
    assert preview.last_image is job.image
    assert decoded.image().tobytes() == job.image.tobytes()


def test_rendering_happens_on_the_caller_thread(demo, monkeypatch):
    import printing.service as service

    seen: list[str] = []
    real = service.render_raster

    def spy(blocks, width):
        seen.append(threading.current_thread().name)
        return real(blocks, width)

    monkeypatch.setattr(service, "render_raster", spy)
    queue = PrintQueue(PreviewTransport(), "preview")
    try:
        print_receipt(demo, queue).result(10)
    finally:
        queue.close()
    assert seen == [threading.current_thread().name]
