"""The receipt's QR is an office's choice (issue 15 item 6): the tracking link by default,
or the Circular 01/2023 art. 26 content at the top, set by the admin over HTTP and read
back from the bytes the printer gets."""

from __future__ import annotations

from counter_app.client.api import ApiClient
from counter_app.client.models import Dossier
from counter_app.desk.printouts import receipt_data
from printing.documents.receipt import receipt_layout
from printing.service import job_for
from printing.settings import PrinterSettings
from tests.backend.conftest import start_backend  # noqa: F401 - fixture
from tests.backend.dossier_helpers import matched_card, new_dossier
from tests.printing.escpos_decode import decode


def _qr_texts(data) -> list[str]:
    job = job_for(PrinterSettings(paper_mm=80, text_route="cp1258"), "receipt",
                  data.job_title, receipt_layout(data))
    return [q.data.decode("utf-8") for q in decode(job.data).qr_codes]


def test_the_admin_chooses_what_the_receipt_qr_carries(start_backend):  # noqa: F811
    api = start_backend()
    with api.as_user("canbo1") as clerk, api.as_user("quantri") as admin:
        card = matched_card(clerk.get("/demo/cards", params={"limit": 10}).json())
        d = Dossier.from_json(new_dossier(clerk, card))
        client = ApiClient(api.base_url)
        try:
            office = client.health().office
            assert office is not None and office.receipt_qr == "tracking"
            data = receipt_data(d, office, "Trần Văn Bình")
            assert _qr_texts(data) == [d.tracking_url]  # no personal data by default
            assert data.applicant_id_number == card["payload"].split("|")[0]

            bad = admin.put("/admin/office", json={"receipt_qr": "everything"})
            assert bad.status_code == 422
            r = admin.put("/admin/office", json={"receipt_qr": "circular01"})
            assert r.status_code == 200 and r.json()["receipt_qr"] == "circular01"
            office = client.health().office
            assert office is not None and office.receipt_qr == "circular01"
        finally:
            client.close()
    data = receipt_data(d, office, "Trần Văn Bình")
    [content] = _qr_texts(data)
    assert f"Mã hồ sơ: {d.code}" in content and f"Mã thủ tục: {d.procedure.code}" in content
    assert f"Số định danh: {d.applicant['id_number']}" in content
    assert "Tên giấy tờ: Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in content
    assert f"Hẹn trả: {d.due_at.astimezone(data.received_at.tzinfo):%Y%m%d%H%M}" in content
    assert d.tracking_url not in content
