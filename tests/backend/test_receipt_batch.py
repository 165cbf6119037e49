"""Group commit of dossier receipts (issue 16): receipts written together in one
transaction get exactly what each would get alone: ledger numbers in arrival order with
no gap, a key used twice answered with its first dossier, a refusal that is only the
refused receipt's, and audit rows linked in ledger order, each naming its own request.
On SQLite and on PostgreSQL."""

from __future__ import annotations

import contextvars
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from sqlalchemy import select

from backend import audit, audit_chain, clock, models, schemas
from backend.dossiers import receipt_writer, receive
from backend.dossiers.receipt_batch import Receipt
from backend.errors import DomainError
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.dossier_code import MAX_SEQ
from tests.backend.dossier_helpers import applicant, matched_card, new_dossier
from tests.backend.inprocess import serve


@pytest.fixture(params=["sqlite", "postgresql"])
def office(request, tmp_path):
    url = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    with serve(tmp_path, database_url=url) as (api, app, _):
        with api.as_user("canbo1") as clerk:
            card = matched_card(clerk.get("/demo/cards").json())
        with app.state.db.read() as s:
            user = s.scalar(select(models.User).where(models.User.username == "canbo1"))
            assert user is not None
            _ = user.office
        yield api, app, user, card


def _body(card: dict, note: str | None = None) -> schemas.DossierCreate:
    return schemas.DossierCreate.model_validate({
        "procedure_code": "1.009994", "applicant": applicant(card),
        "identity_outcome": "matched",
        "documents": [{"name": "Tờ khai CT01", "originals": 1, "copies": 1}],
        "sets": 1, "result_delivery": "counter", "note": note})


def _receipt(app, user, card, key: str, request_id: str, note: str | None = None) -> Receipt:
    """A checked receipt, made in a request context of its own (address and id)."""
    def check() -> Receipt:
        audit._REQUEST.set(("10.0.0.9", request_id))
        with clock.using(app.state.clock):
            checked = receive.check(app.state.db, app.state.calendars, user,
                                    _body(card, note), key)
        assert isinstance(checked, Receipt)
        return checked
    return contextvars.copy_context().run(check)


def _write_all(app, receipts: list[Receipt]) -> list:
    with clock.using(app.state.clock):
        return receipt_writer.for_database(app.state.db).write_all(receipts)


def _audit_rows(app, codes: list[str]) -> dict[str, models.AuditEntry]:
    with app.state.db.read() as s:
        rows = s.scalars(select(models.AuditEntry).where(
            models.AuditEntry.code.in_(codes),
            models.AuditEntry.action == audit.DOSSIER_RECEIVED)).all()
        return {r.code: r for r in rows if r.code is not None}


def _chain_intact(app, office_id: int) -> bool:
    with app.state.db.read() as s:
        return audit_chain.verify(s, office_id).intact


def test_a_batch_numbers_in_arrival_order_and_each_audit_row_names_its_request(office):
    _, app, user, card = office
    writer = receipt_writer.for_database(app.state.db)
    receipts = [_receipt(app, user, card, uuid.uuid4().hex, f"req-{n}") for n in range(3)]
    before = writer.batches
    answers = _write_all(app, receipts)
    assert writer.batches == before + 1  # one transaction for the three
    dossiers = [d for d, created in answers if created]
    assert len(dossiers) == 3
    first = dossiers[0].ledger_no
    assert [d.ledger_no for d in dossiers] == [first, first + 1, first + 2]
    rows = _audit_rows(app, [d.code for d in dossiers])
    assert [rows[d.code].request_id for d in dossiers] == ["req-0", "req-1", "req-2"]
    seqs = [rows[d.code].seq or 0 for d in dossiers]
    assert seqs == [seqs[0], seqs[0] + 1, seqs[0] + 2]  # linked in ledger order
    assert _chain_intact(app, user.office_id)


def test_a_key_twice_in_one_batch_makes_one_dossier_and_leaves_no_gap(office):
    _, app, user, card = office
    key = uuid.uuid4().hex
    same = [_receipt(app, user, card, key, "a"), _receipt(app, user, card, key, "b")]
    other = _receipt(app, user, card, uuid.uuid4().hex, "c")
    reused = _receipt(app, user, card, key, "d", note="nội dung khác")
    (first, made), (again, made_again), (third, made_third), refused = _write_all(
        app, [*same, other, reused])
    assert made and not made_again and again.code == first.code
    assert made_third and third.ledger_no == first.ledger_no + 1
    assert isinstance(refused, DomainError) and refused.code == "idempotency_key_reused"
    assert _chain_intact(app, user.office_id)


def test_a_full_ledger_refuses_only_the_receipts_past_its_end(office):
    _, app, user, card = office
    receipts = [_receipt(app, user, card, uuid.uuid4().hex, f"r{n}") for n in range(3)]
    agency = receipts[0].ready.named_agency
    day = app.state.clock.now().astimezone(OFFICE_TZ).date()
    _set_last_number(app, agency, day, MAX_SEQ - 1)
    answers = _write_all(app, receipts)
    assert answers[0][1] is True and answers[0][0].ledger_no == MAX_SEQ
    assert [a.code for a in answers[1:]] == ["ledger_exhausted", "ledger_exhausted"]
    assert _last_number(app, agency, day) == MAX_SEQ  # the refused took no number
    assert _chain_intact(app, user.office_id)


def test_clerks_saving_at_once_get_consecutive_numbers_and_their_own_audit_rows(office):
    api, app, user, card = office
    token = api.login("canbo1")

    def save(_: int) -> tuple[dict, str]:
        with api.client(token) as c:
            body = _body(card).model_dump(mode="json")
            r = c.post("/dossiers", json=body, headers={"Idempotency-Key": uuid.uuid4().hex})
            assert r.status_code == 201, r.text
            return r.json(), r.headers["x-request-id"]

    with ThreadPoolExecutor(20) as pool:
        saved = list(pool.map(save, range(40)))
    numbers = sorted(d["ledger_no"] for d, _ in saved)
    assert numbers == list(range(numbers[0], numbers[0] + 40))
    rows = _audit_rows(app, [d["code"] for d, _ in saved])
    assert {d["code"]: rid for d, rid in saved} == {c: r.request_id for c, r in rows.items()}
    assert _chain_intact(app, user.office_id)
    with api.client(token) as c:  # the answer given is the dossier stored
        for d, _ in saved[:5]:
            assert c.get(f"/dossiers/{d['code']}").json() == d
        new_dossier(c, card)  # and the office goes on receiving


def _set_last_number(app, agency: str, day: date, value: int) -> None:
    with app.state.db.write() as s:
        s.merge(models.DossierSequence(agency_code=agency, day=day, last_value=value))


def _last_number(app, agency: str, day: date) -> int:
    with app.state.db.read() as s:
        row = s.get(models.DossierSequence, (agency, day))
        assert row is not None
        return row.last_value
