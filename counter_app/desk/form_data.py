"""Printable data for forms 02, 03 and the return slip, from what the backend recorded."""

from __future__ import annotations

from counter_app.client.dossiers import Refusal, Supplement
from counter_app.client.models import Applicant, Dossier, Office
from counter_app.domain.clock import office_now


def print_office(office: Office | None):  # -> printing.documents.common.Office
    from printing.documents.common import Office as PrintOffice

    if office is None:
        return PrintOffice("", "", "", "", "")
    return PrintOffice(office.parent_name, office.name, office.address, office.hotline, "")


def supplement_data(s: Supplement, applicant: Applicant, office: Office | None, clerk: str):
    from printing.documents.supplement import SupplementData, SupplementItem

    counts = {spec.name: spec for spec in s.procedure.documents}
    items: list[SupplementItem] = []
    for m in s.missing:
        spec = counts.get(m.name)
        n = max(1, (spec.originals if m.kind == "original" else spec.copies) if spec else 1)
        items.append(SupplementItem(
            m.name, originals=n if m.kind == "original" else 0,
            certified_copies=n if m.kind == "certified_copy" else 0,
            copies=n if m.kind == "copy" else 0, problem=m.reason))
    return SupplementData(
        office=print_office(office), issued_at=s.created_at, applicant_name=applicant.full_name,
        applicant_address=applicant.address, procedure_name=s.procedure.name,
        items=tuple(items), reason=s.reason, contact_name=s.contact_name,
        contact_phone=s.contact_phone, clerk_name=s.created_by or clerk, number=s.number)


def refusal_data(r: Refusal, applicant: Applicant, office: Office | None, clerk: str):
    from printing.documents.refusal import RefusalData

    return RefusalData(
        office=print_office(office), issued_at=r.created_at, applicant_name=applicant.full_name,
        applicant_address=applicant.address, procedure_name=r.procedure.name,
        reason=r.reason, clerk_name=r.created_by or clerk, number=r.number,
        applicant_id_number=applicant.id_number or "", applicant_phone=applicant.phone or "",
        applicant_email=applicant.email or "")


def return_data(d: Dossier, collector_name: str, collector_id: str, office: Office | None,
                clerk: str):
    from printing.documents.result_return import ResultReturnData

    returned = d.returned
    return ResultReturnData(
        office=print_office(office), dossier_code=d.code, procedure_name=d.procedure.name,
        returned_at=returned.at if returned else office_now(),
        collector_name=collector_name, collector_id_number=collector_id,
        clerk_name=(returned.by if returned and returned.by else clerk))
