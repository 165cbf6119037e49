"""`python -m backend admin --database PATH ...`: office setup straight on the database
(office, services, counters, users, queue strategy, procedure catalogue import).

For the first setup (no admin account yet) and for scripts. The checks are the admin
API's (backend/admin), so both refuse the same things. Exit codes: 0 done, 1 refused
(the reason on stderr, in Vietnamese), 2 wrong command line.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

REFUSED = 1


def add_parser(sub: Any) -> None:
    a = sub.add_parser("admin", help="cấu hình cơ quan, dịch vụ, quầy, tài khoản")
    a.add_argument("--database", default=None,
                   help="đường dẫn tệp SQLite hoặc URL SQLAlchemy (postgresql+psycopg://...)")
    g = a.add_subparsers(dest="group", required=True)

    o = g.add_parser("office", help="thông tin cơ quan").add_subparsers(dest="action",
                                                                       required=True)
    o.add_parser("show")
    st = o.add_parser("set", help="sửa một thiết lập: name, agency_code, parent_name, "
                                  "address, hotline, public_base_url")
    st.add_argument("key")
    st.add_argument("value")
    init = o.add_parser("init", help="tạo cơ quan trên cơ sở dữ liệu mới")
    init.add_argument("--code", required=True)
    init.add_argument("--name", required=True)
    init.add_argument("--agency-code", required=True)

    sv = g.add_parser("service", help="dịch vụ (hàng chờ)").add_subparsers(dest="action",
                                                                          required=True)
    sv.add_parser("list")
    for name in ("add", "set"):
        p = sv.add_parser(name)
        p.add_argument("code")
        p.add_argument("--name", required=name == "add")
        p.add_argument("--prefix", required=name == "add")
        p.add_argument("--start", type=int)
        p.add_argument("--end", type=int)
        p.add_argument("--cap", help="số phiếu tối đa mỗi ngày; 'none' để bỏ giới hạn")
        p.add_argument("--active", choices=["yes", "no"])

    ct = g.add_parser("counter", help="quầy").add_subparsers(dest="action", required=True)
    ct.add_parser("list")
    for name in ("add", "set"):
        p = ct.add_parser(name)
        p.add_argument("no", type=int)
        p.add_argument("--name")
        p.add_argument("--services", help="mã dịch vụ, cách nhau bởi dấu phẩy (HT,DD)")
        p.add_argument("--state", choices=["open", "paused", "closed"])

    us = g.add_parser("user", help="tài khoản").add_subparsers(dest="action", required=True)
    us.add_parser("list")
    p = us.add_parser("add")
    p.add_argument("username")
    p.add_argument("--full-name", required=True)
    p.add_argument("--role", required=True,
                   choices=["clerk", "supervisor", "admin", "kiosk", "display"])
    p.add_argument("--counter", type=int)
    p.add_argument("--password", help="bỏ trống để nhập (không hiện) trên bàn phím")
    p = us.add_parser("set-password")
    p.add_argument("username")
    p.add_argument("--password")
    p = us.add_parser("set-role")
    p.add_argument("username")
    p.add_argument("role", choices=["clerk", "supervisor", "admin", "kiosk", "display"])
    p = us.add_parser("set-active")
    p.add_argument("username")
    p.add_argument("active", choices=["yes", "no"])
    p = us.add_parser("totp-off", help="tắt xác thực 2 bước (quản trị viên mất điện thoại)")
    p.add_argument("username")

    pr = g.add_parser("procedures", help="danh mục thủ tục").add_subparsers(dest="action",
                                                                          required=True)
    imp = pr.add_parser("import", help="nhập danh mục từ tệp .json hoặc .csv (cột: xem "
                                       "backend/catalogue.py); lỗi một dòng thì không nhập gì")
    imp.add_argument("file")
    oo = pr.add_parser("online-only", help="thủ tục chỉ nộp trực tuyến (Chỉ thị 24/CT-TTg): "
                                           "quầy không nhận hồ sơ giấy, chỉ hỗ trợ nộp trên Cổng")
    oo.add_argument("code", help="mã thủ tục, ví dụ 1.004194")
    oo.add_argument("value", choices=["yes", "no"])

    ag = g.add_parser("agency", help="mã định danh cơ quan và ngày hiệu lực (sắp xếp đơn vị "
                                     "hành chính 2025)").add_subparsers(dest="action",
                                                                         required=True)
    ag.add_parser("list")
    p = ag.add_parser("set", help="thêm hoặc sửa một mã; --to và --successor khi mã bị đóng")
    p.add_argument("code", help="ví dụ 000.00.17.H01 hoặc H56")
    p.add_argument("--name", default="")
    p.add_argument("--from", dest="valid_from", type=_day, default=None)
    p.add_argument("--to", dest="valid_to", type=_day, default=None,
                   help="ngày cuối cùng mã còn hiệu lực (YYYY-MM-DD)")
    p.add_argument("--successor", default=None, help="mã thay thế cho hồ sơ mới sau --to")

    au = g.add_parser("audit", help="nhật ký thao tác (ai tiếp nhận, trả, sửa gì, lúc nào)")
    au.add_argument("--code", help="mã hồ sơ, số phiếu hoặc tên tài khoản")
    au.add_argument("--user", help="tên đăng nhập người thực hiện ('cli': dòng lệnh)")
    au.add_argument("--from", dest="date_from", type=_day, help="từ ngày YYYY-MM-DD")
    au.add_argument("--to", dest="date_to", type=_day, help="đến ngày YYYY-MM-DD")
    au.add_argument("--limit", type=int, default=100)
    au.add_argument("--verify", action="store_true",
                    help="kiểm tra chuỗi băm của nhật ký: nói dòng nào đã bị sửa, xóa hay chèn "
                         "(mã thoát 1 khi chuỗi bị phá vỡ)")

    rt = g.add_parser("retention", help="xóa dữ liệu cá nhân của hồ sơ đã đóng quá thời hạn "
                                        "lưu (đặt thời hạn: office set personal_data_years N)")
    rt.add_argument("action", choices=["purge"])

    q = g.add_parser("queue-strategy", help="cách gọi số ưu tiên")
    q.add_argument("mode", choices=["strict", "interleaved"])
    q.add_argument("--ratio", type=int, default=None,
                   help="interleaved: 1 số ưu tiên sau mỗi N số thường (mặc định 2)")


def _day(text: str) -> Any:
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày {text!r} không đúng dạng YYYY-MM-DD") from None


def _agency(a: argparse.Namespace, db: Any) -> None:
    from backend import agency_codes

    if a.action == "set":
        with db.write() as s:
            row = agency_codes.upsert(s, a.code, a.name, a.valid_from, a.valid_to, a.successor)
            code = row.code
        print(f"Đã lưu mã định danh {code}.")
        return
    with db.read() as s:
        rows = agency_codes.listed(s)
        for r in rows:
            until = f"đến {r.valid_to:%d/%m/%Y}" if r.valid_to else "còn hiệu lực"
            after = f", thay bằng {r.successor}" if r.successor else ""
            print(f"{r.code}\t{r.name}\t{until}{after}")
        if not rows:
            print("Chưa khai báo mã nào: mọi mã cơ quan đều có hiệu lực.")


def _verify_audit(db: Any) -> None:
    from sqlalchemy import select

    from backend import audit_chain, models

    broken = []
    with db.read() as s:
        for office in s.scalars(select(models.Office).order_by(models.Office.id)):
            r = audit_chain.verify(s, office.id)
            if r.intact:
                print(f"{office.code}: nhật ký nguyên vẹn, {r.rows} dòng.")
            else:
                print(f"{office.code}: CHUỖI NHẬT KÝ BỊ PHÁ VỠ tại dòng số {r.broken_at} "
                      f"(id {r.audit_id}): {r.reason}.")
                broken.append(office.code)
    if broken:
        raise _Refused("Nhật ký thao tác đã bị can thiệp: " + ", ".join(broken) + ".")


def _audit(a: argparse.Namespace, db: Any) -> None:
    import json

    from backend import audit_query
    from backend.admin.office import the_office

    if a.verify:
        return _verify_audit(db)
    with db.read() as s:
        rows = audit_query.entries(s, the_office(s).id, date_from=a.date_from,
                                   date_to=a.date_to, code=a.code, username=a.user,
                                   limit=a.limit)
    _table([{"at": r.at.strftime("%Y-%m-%d %H:%M:%S"), "user": r.user, "action": r.action,
             "code": r.code, "detail": json.dumps(r.detail, ensure_ascii=False)}
            for r in rows], ["at", "user", "action", "code", "detail"])


def _password(given: str | None) -> str:
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise _Refused("Thiếu --password (không nhập được mật khẩu khi không có bàn phím).")
    first = getpass.getpass("Mật khẩu mới: ")
    if getpass.getpass("Nhập lại: ") != first:
        raise _Refused("Hai lần nhập mật khẩu không khớp.")
    return first


class _Refused(Exception):
    pass


def _table(rows: list[dict[str, Any]], cols: list[str]) -> None:
    cells = [[str(r.get(c, "")) if r.get(c) is not None else "-" for c in cols] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(cols)]
    print("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)))
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))


def _service_changes(a: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, attr in (("name", "name"), ("prefix", "prefix"), ("number_start", "start"),
                      ("number_end", "end")):
        if getattr(a, attr) is not None:
            out[key] = getattr(a, attr)
    if a.cap is not None:
        if a.cap.lower() in ("none", "-"):
            out["daily_cap"] = None
        elif a.cap.isdigit():
            out["daily_cap"] = int(a.cap)
        else:
            raise _Refused(f"--cap phải là một số nguyên dương hoặc 'none' (nhận {a.cap!r}).")
    if a.active is not None:
        out["active"] = a.active == "yes"
    return out


def _counter_changes(a: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if a.name is not None:
        out["name"] = a.name
    if a.services is not None:
        out["service_codes"] = [c.strip().upper() for c in a.services.split(",") if c.strip()]
    if a.state is not None:
        out["state"] = a.state
    return out


def _do(a: argparse.Namespace, qw: Any) -> None:
    from backend import schemas_queue as sq
    from backend.admin import counters, office, services, users

    db = qw.db
    g, act = a.group, str(getattr(a, "action", ""))
    if g == "office" and act == "show":
        with db.read() as s:
            for k, v in office.view(office.the_office(s)).model_dump().items():
                print(f"{k}: {v}")
    elif g == "office" and act == "set":
        if a.key == "queue_strategy":
            raise _Refused("Dùng lệnh `admin queue-strategy strict|interleaved --ratio N`.")
        office.update(qw, {a.key: a.value})
        print(f"Đã sửa {a.key}.")
    elif g == "office" and act == "init":
        with db.write() as s:
            office.init(s, a.code, a.name, a.agency_code)
        print(f"Đã tạo cơ quan {a.code}.")
    elif g == "procedures" and act == "online-only":
        _set_online_only(a.code, a.value == "yes", qw)
    elif g == "procedures":
        _import_procedures(a.file, qw)
    elif g == "agency":
        _agency(a, db)
    elif g == "audit":
        _audit(a, db)
    elif g == "retention":
        from backend.dossiers import retention

        done = retention.purge(db)
        print("Đã xóa dữ liệu cá nhân: " + (", ".join(f"{k}: {n} hồ sơ/phiếu"
                                                      for k, n in done.items()) or "không có "
                                             "hồ sơ nào đến hạn."))
    elif g == "queue-strategy":
        if a.mode == "strict" and a.ratio is not None:
            raise _Refused("--ratio chỉ dùng với interleaved.")
        office.update(qw, {"queue_strategy": {"mode": a.mode, "ratio": a.ratio}})
        print("Đã đổi cách gọi số: " + (a.mode if a.mode == "strict"
                                         else f"xen kẽ 1 ưu tiên / {a.ratio or 2} thường"))
    elif g == "service" and act == "list":
        with db.read() as s:
            _table([v.model_dump() for v in services.listing(s)],
                   ["code", "prefix", "name", "number_start", "number_end", "daily_cap",
                    "active", "issued_today", "waiting"])
    elif g == "service" and act == "add":
        ch = _service_changes(a)
        services.add(qw, sq.ServiceCreate(code=a.code.upper(), **ch))
        print(f"Đã thêm dịch vụ {a.code.upper()}.")
    elif g == "service" and act == "set":
        services.update(qw, a.code.upper(), _service_changes(a))
        print(f"Đã sửa dịch vụ {a.code.upper()}.")
    elif g == "counter" and act == "list":
        with db.read() as s:
            _table([{**v.model_dump(), "service_codes": ",".join(v.service_codes)}
                    for v in counters.listing(s)], ["no", "name", "service_codes", "state"])
    elif g == "counter" and act == "add":
        ch = _counter_changes(a)
        counters.add(qw, sq.CounterCreate(no=a.no, **ch))
        print(f"Đã thêm quầy số {a.no}.")
    elif g == "counter" and act == "set":
        counters.update(qw, a.no, _counter_changes(a))
        print(f"Đã sửa quầy số {a.no}.")
    elif g == "user" and act == "list":
        with db.read() as s:
            _table([u.model_dump() for u in users.listing(s)],
                   ["username", "full_name", "role", "counter_no", "active"])
    elif g == "user" and act == "add":
        body = sq.UserCreate(username=a.username, full_name=a.full_name, role=a.role,
                             counter_no=a.counter, password=_password(a.password))
        with db.write() as s:
            users.add(s, body)
        print(f"Đã thêm tài khoản {a.username}.")
    else:
        change: dict[str, Any] = {
            "set-password": lambda: {"password": _password(a.password)},
            "set-role": lambda: {"role": a.role},
            "set-active": lambda: {"active": a.active == "yes"},
            "totp-off": lambda: {"totp": False},
        }[act]()
        with db.write() as s:
            users.update(s, a.username, change)
        print(f"Đã sửa tài khoản {a.username}.")


def _import_procedures(path: str, qw: Any) -> None:
    from pathlib import Path

    from backend import audit, catalogue
    from backend.admin.office import changed, the_office

    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise _Refused(f"Không đọc được tệp {path}: {exc.strerror}.") from None
    try:
        rows = (catalogue.parse_csv(raw) if path.lower().endswith(".csv")
                else catalogue.parse_json(raw))
        clean, errors = catalogue.validate(rows)
    except catalogue.ImportRefused as exc:
        raise _Refused(str(exc)) from None
    if errors:
        raise _Refused("\n".join([f"Có {len(errors)} dòng lỗi; chưa nhập thủ tục nào."]
                                 + [e["message"] for e in errors]))
    from backend.catalogue_scope import all_office_ids

    with qw.db.read() as s:
        office_id = the_office(s).id
    with qw.write(office_id) as s:
        result = catalogue.apply(s, clean)
        for each in all_office_ids(s):  # one shared catalogue: every office's log says so
            changed(s, each, None)
            audit.record(s, each, None, audit.PROCEDURE_IMPORT, None,
                         created=result.created, updated=result.updated)
    print(f"Đã nhập danh mục: {result.created} thủ tục mới, {result.updated} cập nhật.")


def _set_online_only(code: str, value: bool, qw: Any) -> None:
    from backend import audit, models
    from backend.admin.office import changed, the_office
    from backend.catalogue_scope import all_office_ids

    with qw.db.read() as s:
        office_id = the_office(s).id
    with qw.write(office_id) as s:
        proc = s.get(models.Procedure, code.strip()[:40])
        if proc is None:
            raise _Refused(f"Không có thủ tục mã {code[:40]} trong danh mục.")
        proc.online_only = value
        for each in all_office_ids(s):  # one shared catalogue: every counter re-reads it
            changed(s, each, None)
            audit.record(s, each, None, audit.PROCEDURE_ONLINE_ONLY, proc.code,
                         online_only=value)
    print(f"Thủ tục {proc.code} " + ("chỉ nộp trực tuyến: quầy không nhận hồ sơ giấy."
                                     if value else "nhận hồ sơ giấy tại quầy trở lại."))


FIELD_TEXT = {"username": "tên đăng nhập (3-60 ký tự a-z, 0-9, . _ -)",
              "password": "mật khẩu (ít nhất 10 ký tự)", "code": "mã dịch vụ (A-Z, 0-9, _)",
              "prefix": "ký hiệu (1-2 chữ cái)", "full_name": "họ tên", "name": "tên",
              "no": "số quầy (1-999)", "counter_no": "số quầy (1-999)"}


def _explain(exc: ValidationError) -> str:
    fields = []
    for err in exc.errors():
        key = str(err["loc"][0]) if err["loc"] else "?"
        fields.append(FIELD_TEXT.get(key, key))
    return "Giá trị không hợp lệ: " + ", ".join(dict.fromkeys(fields)) + "."


def run(a: argparse.Namespace, out: Callable[[str], None] | None = None) -> int:
    from backend import settings as settings_mod
    from backend.db import Database
    from backend.errors import DomainError
    from backend.queue.writes import QueueWriter
    from backend.startup import migrate

    db = Database(settings_mod.database_url(a.database or settings_mod.from_env().database_url
                                            or None))
    try:
        migrate(db)
        _do(a, QueueWriter(db))
    except DomainError as exc:
        print(exc.message_vi, file=sys.stderr)
        return REFUSED
    except _Refused as exc:
        print(exc, file=sys.stderr)
        return REFUSED
    except ValidationError as exc:
        print(_explain(exc), file=sys.stderr)
        return REFUSED
    finally:
        db.dispose()
    return 0
