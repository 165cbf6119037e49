"""The office's identity, public address and queue strategy."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend import audit, models
from backend import schemas_queue as sq
from backend.errors import DomainError
from backend.queue import events, ordering
from backend.queue.writes import QueueWriter
from counter_app.domain.dossier_code import DossierCodeError, validate_agency_code
from counter_app.domain.queue import QueueRuleError, Strategy

NO_OFFICE = ("Cơ sở dữ liệu chưa có cơ quan. Tạo bằng lệnh "
             "`admin office init --code ... --name ... --agency-code ...`.")
FIELDS = ("name", "agency_code", "parent_name", "address", "hotline", "public_base_url")


def the_office(s: Session, office_id: int | None = None) -> models.Office:
    """The signed-in admin's office (office_id); the command line, which works on a
    one-office database, passes none and gets the first one."""
    if office_id is not None:
        office = s.get(models.Office, office_id)
    else:
        office = s.scalar(select(models.Office).order_by(models.Office.id).limit(1))
    if office is None:
        raise DomainError(404, "office_missing", NO_OFFICE)
    return office


def view(o: models.Office) -> sq.AdminOffice:
    st = ordering.strategy_of(o)
    return sq.AdminOffice(code=o.code, name=o.name, agency_code=o.agency_code,
                          parent_name=o.parent_name, address=o.address, hotline=o.hotline,
                          public_base_url=o.public_base_url,
                          queue_strategy=sq.Strategy(mode=st.mode, ratio=st.ratio),
                          receipt_qr=o.receipt_qr or "tracking",  # type: ignore[arg-type]
                          waiting_target_min=o.waiting_target_min or 20,
                          personal_data_years=o.personal_data_years or 0)


def _clean(key: str, value: Any) -> Any:
    if key == "agency_code":
        try:
            return validate_agency_code(str(value))
        except DossierCodeError as exc:
            raise DomainError(422, "office_value_invalid", str(exc)) from None
    if key == "public_base_url":
        url = str(value).strip().rstrip("/")
        if url and not url.startswith(("http://", "https://")):
            raise DomainError(422, "public_url_invalid",
                              "Địa chỉ công khai phải bắt đầu bằng http:// hoặc https://.")
        return url
    if key == "name" and not str(value).strip():
        raise DomainError(422, "office_name_empty", "Tên cơ quan không được để trống.")
    return str(value).strip()


def strategy(mode: str, ratio: int | None) -> Strategy:
    try:
        return Strategy(mode, 2 if ratio is None else ratio)  # type: ignore[arg-type]
    except QueueRuleError as exc:
        raise DomainError(422, "office_value_invalid", str(exc)) from None


def update(qw: QueueWriter, changes: dict[str, Any],
           user: models.User | None = None) -> sq.AdminOffice:
    """changes: any of FIELDS plus queue_strategy={"mode", "ratio"}."""
    with qw.db.read() as s:
        office_id = the_office(s, user and user.office_id).id
    with qw.write(office_id) as s:
        o = s.get_one(models.Office, office_id)
        before = view(o).model_dump(mode="json")
        for key, value in changes.items():
            if key == "queue_strategy":
                st = strategy(value["mode"], value.get("ratio"))
                o.queue_mode, o.queue_ratio = st.mode, st.ratio
            elif key == "receipt_qr":
                if value not in ("tracking", "circular01"):
                    raise DomainError(422, "office_value_invalid",
                                      "Bố cục mã QR phải là tracking hoặc circular01.")
                o.receipt_qr = value
            elif key == "waiting_target_min":
                o.waiting_target_min = int(value)
            elif key == "personal_data_years":
                years = int(value) if str(value).strip().isdigit() else -1
                if not 0 <= years <= 100:
                    raise DomainError(422, "retention_invalid",
                                      "Thời hạn lưu dữ liệu cá nhân phải từ 0 (giữ lâu "
                                      "dài) đến 100 năm.")
                o.personal_data_years = years or None
            elif key in FIELDS:
                value = _clean(key, value)
                if key == "agency_code":
                    _agency_code_free(s, value, o.id)
                setattr(o, key, value)
            else:
                raise DomainError(422, "office_setting_unknown",
                                  f"Không có thiết lập cơ quan tên {key!r}. "
                                  f"Các thiết lập: {', '.join(FIELDS)}.")
        after = view(o).model_dump(mode="json")
        diff = {k: [before[k], after[k]] for k in after if before.get(k) != after[k]}
        if diff:  # office settings, not personal data: old and new values are kept
            audit.record(s, o.id, user, audit.OFFICE_CHANGED, o.code, **diff)
        changed(s, o.id, user)
        return view(o)


def _agency_code_free(s: Session, agency_code: str, office_id: int | None) -> None:
    """Dossier numbers run per agency code: two offices on one code would share (and use
    up) one sequence, so a code belongs to one office."""
    other = s.scalar(select(models.Office.code).where(models.Office.agency_code == agency_code,
                                                      models.Office.id != (office_id or -1)))
    if other is not None:
        raise DomainError(409, "agency_code_taken",
                          f"Mã cơ quan {agency_code} đã thuộc về một cơ quan khác trên máy "
                          "chủ này; mỗi cơ quan cần một mã riêng.")


def init(s: Session, code: str, name: str, agency_code: str) -> models.Office:
    if s.scalar(select(models.Office.id).limit(1)) is not None:
        raise DomainError(409, "office_exists",
                          "Cơ sở dữ liệu đã có cơ quan; dùng `office set` để sửa.")
    if not code.strip() or not name.strip():
        raise DomainError(422, "office_code_name_empty", "Mã và tên cơ quan không được để trống.")
    office = models.Office(code=code.strip(), name=name.strip(),
                           agency_code=_clean("agency_code", agency_code), parent_name="",
                           address="", hotline="", public_base_url="", queue_mode="strict",
                           queue_ratio=2, waiting_target_min=20)
    _agency_code_free(s, office.agency_code, None)
    s.add(office)
    s.flush()
    audit.record(s, office.id, None, audit.OFFICE_CREATED, office.code,
                 agency_code=office.agency_code)
    return office


def changed(s: Session, office_id: int, user: models.User | None) -> None:
    """Clients re-read services, counters and the office on this event."""
    events.record(s, office_id, "office_changed", ordering.now_utc(), user=user)
