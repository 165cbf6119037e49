"""A counter's day of receipts: every one a different applicant, dossier code and time,
over the sample catalogue's procedures, as the desk fills them in.

Rendering the same receipt again and again measures a reprint, not a clerk's wait: the
printing caches keep what does not change between dossiers (office, labels, headings),
so the render benchmark times receipts it has never seen.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta
from importlib import resources

from backend.seed.citizens import generate
from printing.documents.receipt import DocumentLine, ReceiptData, demo_receipt

_UNITS = {"working_days": "ngày làm việc", "calendar_days": "ngày", "working_hours": "giờ làm việc"}
_DELIVERY = {"counter": "Nhận tại Bộ phận Một cửa", "post": "Qua dịch vụ bưu chính công ích"}


def receipts(count: int, start: datetime = datetime(2026, 11, 24, 7, 30)) -> list[ReceiptData]:
    """`count` distinct receipts (paper procedures only: online-only ones print none)."""
    text = resources.files("resources").joinpath("seed/procedures.json").read_text("utf-8")
    procedures = [p for p in json.loads(text)["procedures"] if not p.get("online_only")]
    office = demo_receipt()
    out = []
    for i, person in enumerate(generate(count)):
        proc = procedures[i % len(procedures)]
        received = start + timedelta(minutes=7 * i)
        code = f"H01.22-{received:%y%m%d}-{i + 1:04d}"
        days = proc["processing_days"]
        out.append(replace(
            office,
            dossier_code=code,
            applicant_name=person.full_name,
            applicant_address=person.address,
            applicant_phone=f"09{i % 10}{(i * 7919) % 10**7:07d}",
            applicant_email=None if i % 3 else f"nguoidan{i}@example.vn",
            applicant_id_number=person.id_number,
            procedure_name=proc["name"],
            documents=tuple(DocumentLine(d["name"], d["originals"], d["copies"])
                            for d in proc["documents"]),
            processing_time_text=(f"{days:02d} {_UNITS[proc['processing_unit']]}" if days
                                  else "Trong ngày"),
            fee=proc["fee"],
            received_at=received,
            due_at=received + timedelta(days=max(1, days)),
            result_delivery_text=_DELIVERY[proc["result_delivery"][-1]],
            ledger_no=1000 + i,
            number=f"{1000 + i}/TNHS",
            tracking_url=f"https://dichvucong.hanoi.gov.vn/tra-cuu?ma={code}",
        ))
    return out
