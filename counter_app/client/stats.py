"""Statistics as the dashboard sees them (docs/api-stats.md), Qt-free.

`StatsApi` wraps `GET /stats` and `POST /queue/tickets/{id}/rating` over the shared
ApiClient (pool threads only). `Dashboard` is everything one screen shows, loaded in one
background call; `kpis()` and `table()` turn it into rows of plain values with the text
shown for each, so the screen, the XLSX and the PDF always carry the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from counter_app.client.api import ApiClient
from counter_app.domain.stats import UNGROUPED_KEY

RATING_LEVELS = {"very_satisfied": "Rất hài lòng", "satisfied": "Hài lòng",
                 "not_satisfied": "Không hài lòng"}
RATING_REASONS = ("Chờ lâu", "Cán bộ hướng dẫn chưa rõ", "Thủ tục phức tạp", "Thiếu chỗ ngồi",
                  "Phí, lệ phí cao")
PRESETS = {"today": "Hôm nay", "yesterday": "Hôm qua", "week": "Tuần này",
           "month": "Tháng này", "custom": "Tùy chọn"}
GROUP_LABELS = {"counter": "Quầy", "clerk": "Cán bộ", "service": "Dịch vụ",
                "procedure": "Thủ tục", "hour": "Giờ", "day": "Ngày", "month": "Tháng"}
WEEKDAYS = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")


def preset_range(name: str, today: date) -> tuple[date, date]:
    if name == "yesterday":
        d = today - timedelta(days=1)
        return d, d
    if name == "week":
        return today - timedelta(days=today.weekday()), today
    if name == "month":
        return today.replace(day=1), today
    return today, today


def time_grouping(first: date, last: date) -> str | None:
    """The over-time table: by day up to two months, by month beyond; none for one day."""
    days = (last - first).days + 1
    if days <= 1:
        return None
    return "day" if days <= 62 else "month"


@dataclass(frozen=True)
class Summary:
    count: int
    mean_s: float | None
    p90_s: float | None

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Summary:
        return cls(int(d["count"]), d.get("mean_s"), d.get("p90_s"))


@dataclass(frozen=True)
class Block:
    key: str
    label: str
    issued: int
    called: int
    served: int
    no_show: int
    cancelled: int
    transferred: int
    waiting: Summary
    walk: Summary
    service: Summary
    on_site: Summary
    over_target: int
    idle_s: int | None

    @property
    def grouped(self) -> bool:
        """False for the last row of tickets the grouping cannot place (never called, no
        dossier): a table shows it so its rows add up, a chart of counters leaves it out."""
        return self.key != UNGROUPED_KEY

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Block:
        return cls(str(d.get("key", "")), str(d.get("label", "")), d["issued"], d["called"],
                   d["served"], d["no_show"], d["cancelled"], d["transferred"],
                   Summary.from_json(d["waiting"]), Summary.from_json(d["walk"]),
                   Summary.from_json(d["service"]), Summary.from_json(d["on_site"]),
                   d["over_target"], d.get("idle_s"))


@dataclass(frozen=True)
class StatsReport:
    first: date
    last: date
    generated_at: str
    target_s: float
    totals: Block
    by: tuple[Block, ...]
    hourly: tuple[tuple[int, int, int], ...]  # (weekday, hour, count)
    histogram: tuple[tuple[int, int | None, int], ...]
    dossiers: dict[str, Any]
    satisfaction: dict[str, Any]
    digitisation: dict[str, Any]
    online_assist: dict[str, Any] = field(default_factory=dict[str, Any])

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> StatsReport:
        return cls(date.fromisoformat(d["from"]), date.fromisoformat(d["to"]),
                   d.get("generated_at", ""), float(d.get("waiting_target_s") or 1200),
                   Block.from_json(d["totals"]), tuple(Block.from_json(b) for b in d["by"]),
                   tuple((c["weekday"], c["hour"], c["count"]) for c in d["hourly_arrivals"]),
                   tuple((b["from_min"], b.get("to_min"), b["count"])
                         for b in d["waiting_histogram"]),
                   d["dossiers"], d["satisfaction"], d.get("digitisation") or {},
                   d.get("online_assist") or {})

    def waiting_title(self) -> str:
        """The waiting-time chart's title, from its own buckets: how many tickets, how wide
        a column, where the open last one starts."""
        n = sum(c for *_, c in self.histogram)
        step = next((b - a for a, b, _ in self.histogram if b is not None), None)
        last = next((a for a, b, _ in self.histogram if b is None), None)
        widths = [f"mỗi cột {step} phút"] if step else []
        if last is not None:
            widths.append(f"cột cuối: từ {last} phút trở lên")
        return f"Thời gian chờ của {n} vé" + (f" ({', '.join(widths)})" if widths else "")

    def arrivals_by_hour(self) -> list[tuple[int, int]]:
        hours: dict[int, int] = {}
        for _wd, h, n in self.hourly:
            hours[h] = hours.get(h, 0) + n
        return sorted(hours.items())


@dataclass
class Dashboard:
    """One load of the window: the same range asked by counter, clerk, procedure (and
    over time for a range), plus how many wait right now."""

    first: date
    last: date
    reports: dict[str, StatsReport] = field(default_factory=dict[str, StatsReport])
    waiting_now: int | None = None

    @property
    def main(self) -> StatsReport:
        return self.reports["counter"]


class StatsApi:
    def __init__(self, api: ApiClient) -> None:
        self.api = api

    def stats(self, first: date, last: date, by: str = "counter",
              target_min: float | None = None) -> StatsReport:
        params: dict[str, Any] = {"from": first.isoformat(), "to": last.isoformat(), "by": by}
        if target_min is not None:
            params["target_min"] = target_min
        return StatsReport.from_json(self.api.request("GET", "/stats", params=params))

    def dashboard(self, first: date, last: date) -> Dashboard:
        out = Dashboard(first, last)
        groups = ["counter", "clerk", "procedure"]
        over_time = time_grouping(first, last)
        if over_time:
            groups.append(over_time)
        for by in groups:
            out.reports[by] = self.stats(first, last, by)
        services = self.api.request("GET", "/queue/services")
        out.waiting_now = sum(int(s.get("waiting") or 0) for s in services)
        return out

    def rate(self, ticket_id: int, level: str, reason: str | None = None) -> dict[str, Any]:
        return self.api.request("POST", f"/queue/tickets/{ticket_id}/rating",
                                 json={"level": level, "reason": reason})


# ---- what the screen and the exports show ------------------------------------------------

def minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 1)


def hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 1)


def text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


@dataclass(frozen=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]  # plain values: str, int, float (rounded) or None

    def texts(self) -> list[list[str]]:
        return [[text(v) for v in row] for row in self.rows]


def kpis(d: Dashboard) -> Table:
    r = d.main
    t = r.totals
    rate = r.dossiers.get("on_time_rate")
    rows = (
        ("Số đã phát", t.issued), ("Đang chờ (hiện tại)", d.waiting_now),
        ("Đã phục vụ", t.served), ("Vắng mặt", t.no_show),
        ("Chờ trung bình (phút)", minutes(t.waiting.mean_s)),
        ("Chờ P90 (phút)", minutes(t.waiting.p90_s)),
        (f"Chờ quá {r.target_s / 60:g} phút", t.over_target),
        ("Trả kết quả đúng hạn (%)", None if rate is None else round(rate * 100, 1)),
    )
    return Table("Chỉ số", ("Chỉ số", "Giá trị"), rows)


def table(report: StatsReport, by: str) -> Table:
    heads = [GROUP_LABELS[by], "Số phát", "Đã gọi", "Phục vụ", "Vắng mặt", "Hủy", "Chuyển",
             "Chờ TB (phút)", "Chờ P90 (phút)", "Phục vụ TB (phút)", "Phục vụ P90 (phút)",
             "Tại chỗ TB (phút)", "Quá mục tiêu"]
    if by == "counter":
        heads.append("Nhàn rỗi (giờ)")
    rows: list[tuple[Any, ...]] = []
    for b in (*report.by, report.totals):
        row: list[Any] = [b.label or "Tổng cộng", b.issued, b.called, b.served, b.no_show,
                          b.cancelled, b.transferred, minutes(b.waiting.mean_s),
                          minutes(b.waiting.p90_s), minutes(b.service.mean_s),
                          minutes(b.service.p90_s), minutes(b.on_site.mean_s), b.over_target]
        if by == "counter":
            row.append(hours(b.idle_s) if b is not report.totals else
                       hours(sum(x.idle_s or 0 for x in report.by)))
        rows.append(tuple(row))
    return Table(f"Theo {GROUP_LABELS[by].lower()}", tuple(heads), tuple(rows))


def dossier_table(report: StatsReport) -> Table:
    d = report.dossiers
    rows = [(p["code"], p["name"], p["field"], p["received"]) for p in d["by_procedure"]]
    rows.append(("", "Tổng cộng", "", d["received"]))
    return Table("Hồ sơ theo thủ tục", ("Mã", "Thủ tục", "Lĩnh vực", "Tiếp nhận"), tuple(rows))


def dossier_kpis(report: StatsReport) -> Table:
    d = report.dossiers
    rate = d.get("on_time_rate")
    return Table("Hồ sơ", ("Chỉ số", "Giá trị"), (
        ("Tiếp nhận", d["received"]), ("Yêu cầu bổ sung", d["supplements"]),
        ("Từ chối", d["refusals"]), ("Đến hạn hôm nay", d["due_today"]),
        ("Quá hạn", d["overdue"]), ("Đã trả kết quả", d["returned"]),
        ("Trả đúng hạn", d["returned_on_time"]),
        ("Tỷ lệ đúng hạn (%)", None if rate is None else round(rate * 100, 1))))


def satisfaction_table(report: StatsReport) -> Table:
    s = report.satisfaction
    rows: list[tuple[Any, ...]] = [(RATING_LEVELS[k], s.get(k, 0)) for k in RATING_LEVELS]
    rows += [(f"Lý do: {r['reason']}", r["count"]) for r in s.get("reasons", [])]
    return Table("Mức độ hài lòng", ("Đánh giá", "Số lượt"), tuple(rows))


def _percent(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


def _counter(number: int | None) -> str:
    return f"Quầy số {number}" if number is not None else "Không rõ quầy"


def digitisation_table(report: StatsReport) -> Table:
    """Decision 766's digitisation indicators: dossiers, components, reuse; by field, clerk."""
    g = report.digitisation
    if not g:
        return Table("Số hóa", ("Chỉ số", "Giá trị"), (("Máy chủ chưa có số liệu số hóa", None),))
    rows: list[tuple[Any, ...]] = [
        ("Hồ sơ tiếp nhận", g["dossiers"]),
        ("Hồ sơ số hóa đủ thành phần", g["dossiers_digitised"]),
        ("Tỷ lệ hồ sơ số hóa (%)", _percent(g["dossiers_rate"])),
        ("Thành phần hồ sơ", g["components"]),
        ("Thành phần đã số hóa", g["components_digitised"]),
        ("Thành phần miễn số hóa", g["components_exempt"]),
        ("Tỷ lệ thành phần số hóa (%)", _percent(g["components_rate"])),
        ("Tệp tái sử dụng", g["files_reused"]),
        ("Tỷ lệ tái sử dụng (%)", _percent(g["reuse_rate"])),
        ("Số trang đã số hóa", g["pages"]),
    ]
    rows += [(f"Lĩnh vực {f['field']}: số hóa đủ / tiếp nhận",
              f"{f['digitised']} / {f['dossiers']}") for f in g["by_field"]]
    rows += [(f"Cán bộ {c['clerk']}: thành phần (trang)", f"{c['components']} ({c['pages']})")
             for c in g["by_clerk"]]
    rows += [(f"{_counter(c['counter'])}: số hóa đủ / tiếp nhận; thành phần (dùng lại)",
              f"{c['digitised']} / {c['dossiers']}; {c['components']} ({c['reused']})")
             for c in g.get("by_counter", [])]
    rows += [(f"Ngày {date.fromisoformat(d['day']):%d/%m/%Y}: số hóa đủ / tiếp nhận",
              f"{d['digitised']} / {d['dossiers']}") for d in g.get("by_day", [])]
    return Table("Số hóa", ("Chỉ số", "Giá trị"), tuple(rows))


def online_assist_table(report: StatsReport) -> Table:
    """Citizens helped to file online-only procedures on the portal (Directive 24/CT-TTg)."""
    a = report.online_assist
    title = "Hỗ trợ nộp trực tuyến"
    if not a:
        return Table(title, ("Chỉ số", "Giá trị"), (("Máy chủ chưa có số liệu này", None),))
    rows: list[tuple[Any, ...]] = [("Tổng số lượt hỗ trợ", a["total"])]
    rows += [(f"Ngày {date.fromisoformat(d['day']):%d/%m/%Y}", d["count"]) for d in a["by_day"]]
    rows += [(f"{p['name']} ({p['code']})", p["count"]) for p in a["by_procedure"]]
    return Table(title, ("Chỉ số", "Giá trị"), tuple(rows))


def all_tables(d: Dashboard) -> list[Table]:
    """What the window shows, in its order: KPIs first (one sheet / section each)."""
    out = [kpis(d)]
    for by in ("counter", "clerk", "procedure", "day", "month"):
        if by in d.reports:
            out.append(table(d.reports[by], by))
    out += [dossier_kpis(d.main), dossier_table(d.main), digitisation_table(d.main),
            online_assist_table(d.main), satisfaction_table(d.main)]
    return out
