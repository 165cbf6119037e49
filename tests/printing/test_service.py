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


def test_text_route_job_keeps_an_approximate_preview(demo):
    from printing.service import print_receipt
    from printing.settings import PrinterSettings

    settings = PrinterSettings(text_route="cp1258", profile="TM-T20II")
    preview = PreviewTransport()
    queue = PrintQueue(preview, "preview")
    try:
        job = print_receipt(demo, queue, settings=settings).result(10)
    finally:
        queue.close()
    assert job.route == "cp1258" and job.approximate_preview
    [page] = preview.pages
    assert page.approximate and page.image is job.image and page.image.width == 576
    assert decode(page.data).code_pages == [52]


def test_raster_preview_is_the_exact_picture(demo):
    preview = PreviewTransport()
    queue = PrintQueue(preview, "preview")
    try:
        print_receipt(demo, queue).result(10)
    finally:
        queue.close()
    [page] = preview.pages
    assert not page.approximate
    assert decode(page.data).image().tobytes() == page.image.tobytes()


def test_print_document_in_two_copies(demo):
    from printing.documents.refusal import demo_refusal, refusal_layout
    from printing.service import print_document
    from printing.settings import PrinterSettings

    preview = PreviewTransport()
    queue = PrintQueue(preview, "preview")
    try:
        futures = print_document(demo_refusal(), refusal_layout, "refusal", queue,
                                 PrinterSettings(copies=2, paper_mm=58))
        jobs = [f.result(10) for f in futures]
    finally:
        queue.close()
    assert [j.kind for j in jobs] == ["refusal", "refusal"] and len(preview.pages) == 2
    assert all(decode(p.data).width_dots == 384 for p in preview.pages)


def test_printer_test_job_names_the_route_and_code_page():
    from printing.service import printer_test_job
    from printing.settings import PrinterSettings
    from tests.printing.text_paper import printed_lines

    job = printer_test_job(PrinterSettings(name="Quầy 3", text_route="cp1258", paper_mm=58))
    _, lines = printed_lines(job.data)
    assert "Máy in: Quầy 3" in lines and "Bảng mã: ESC t 52" in lines
    assert "Khổ in: 384 điểm, 32 cột" in lines
