"""§11.2: the internal report to the Sở's leadership: the units' results, who is behind with updates
and reports, the data's quality, and the commendation proposal."""

from __future__ import annotations

from datetime import datetime, time

from cchc.assess.risk import SEVERITY
from cchc.assess.schedule import Report, sent_report
from cchc.assess.status import Status, assess
from cchc.report.common import (
    Letterhead,
    ReportDraft,
    agency_names,
    data_span,
    period_report,
    period_texts,
    place_date,
    plan_cited,
    spelled_out,
)
from cchc.report.facts import Proposal, period_rows, proposals, stale_units
from cchc.report.text import Item, Section, blank, numbered, own, period_words
from cchc.validate.plan import Plan
from cchc.vocab.labels import RISK_LABELS, vn_date

NO_COLLECTIVE = (
    "Chưa có tập thể đủ điều kiện (có nhiệm vụ đến hạn trong kỳ, hoàn thành đúng hạn tất cả, không có "
    "phần việc chậm cập nhật, tạm dừng hay quá hạn)."
)


def _counted(risks: list) -> str:
    return ", ".join(f"{risks.count(r)} {RISK_LABELS[r].lower()}" for r in SEVERITY if risks.count(r))


def _overview(status: Status) -> list[Item]:
    """«Tình hình chung»: the tasks and the parts, counted by state."""
    return [
        Item(f"Kế hoạch có {len(status.tasks)} nhiệm vụ: {_counted([t.risk for t in status.tasks])}."),
        Item(
            f"Các phòng, đơn vị có {len(status.assignments)} phần việc (chủ trì hoặc phối hợp): "
            f"{_counted([a.risk for a in status.assignments])}."
        ),
    ]


def _units(status: Status) -> list[Item]:
    """One line a unit with parts or contributions: its parts by state, on time, and its help."""
    units = []
    for card in status.units:
        if not card.assignments and not card.contributions:
            continue
        risks = _counted([a.risk for a in status.assignments if a.unit == card.unit])
        on_time = f"; đúng hạn {card.on_time}/{card.on_time_divisor}" if card.on_time_divisor else ""
        helped = f"; tham gia {card.contributions} nhiệm vụ không được giao" if card.contributions else ""
        parts = (
            f"{card.assignments} phần việc ({risks})" if card.assignments else "không có phần việc được giao"
        )
        units.append(Item(f"{parts}{on_time}{helped}.", lead=f"{own(card.name)}: ", level=1))
    return units


def _quiet(plan: Plan, status: Status) -> list[Item]:
    """The units behind with their updates, part by part (or a line saying none is)."""
    return [
        Item(
            "; ".join(
                f"nhiệm vụ {a.task_id}: {a.days_since_update} ngày chưa có dòng tiến độ mới "
                f"(chu kỳ {a.cycle} ngày)"
                for a in parts
            )
            + ".",
            lead=f"{own(plan.units.name(code))}: ",
            level=1,
        )
        for code, parts in stale_units(status).items()
    ] or [Item(f"Không có phòng, đơn vị nào chậm cập nhật tính đến ngày {vn_date(status.as_of)}.", level=1)]


def _reports_line(plan: Plan, status: Status, report: Report, period: str, year: int) -> str:
    """Which units with parts have not sent their own report by the units' deadline."""
    owing = [
        own(plan.units.name(code))
        for code in dict.fromkeys(a.unit for a in status.assignments)
        if sent_report(plan.sent_reports, period, year, report.unit_deadline, code) is None
    ]
    if owing:
        return f"Chưa gửi báo cáo của đơn vị đến ngày {vn_date(report.unit_deadline)}: {', '.join(owing)}."
    return f"Các đơn vị có phần việc đều đã gửi báo cáo trước ngày {vn_date(report.unit_deadline)}."


def _tracking(plan: Plan, status: Status, report: Report, period: str, year: int) -> list[Item]:
    """«Theo dõi, cập nhật tiến độ»: late updates, the units' reports and the data's quality."""
    errors = sum(1 for i in plan.issues if i.severity == "error")
    doubles = sum(1 for i in plan.issues if i.code == "progress.possible_duplicate")
    return [
        Item("", lead="1. Phòng, đơn vị chậm cập nhật tiến độ"),
        *_quiet(plan, status),
        Item("", lead="2. Báo cáo của các đơn vị"),
        Item(_reports_line(plan, status, report, period, year), level=1),
        Item("", lead="3. Chất lượng dữ liệu"),
        Item(
            f"{errors} lỗi dữ liệu chưa sửa (các dòng lỗi không được tính vào số liệu); "
            f"{doubles} dòng có thể nhập hai lần (vẫn được tính, cần kiểm tra).",
            level=1,
        ),
    ]


def _proposed(found: tuple[Proposal, ...], none: str) -> list[Item]:
    return [Item(p.facts + ".", lead=f"{own(p.name)}: ", level=1) for p in found] or [Item(none, level=1)]


def _praise(plan: Plan, status: Status, report: Report, period: str, year: int) -> list[Item]:
    """«Đề xuất khen thưởng»: the units and people proposed, then what the compiler wrote."""
    collectives, individuals = proposals(
        status, report.period_start, period_rows(status, report.period_start)
    )
    praise = [
        Item(
            "Đề xuất để Hội đồng Thi đua - Khen thưởng của Sở xem xét; đây là đề xuất, không phải quyết định "
            "khen thưởng.",
            italic=True,
        ),
        Item("", lead="1. Tập thể"),
        *_proposed(collectives, NO_COLLECTIVE),
        Item("", lead="2. Cá nhân"),
        *_proposed(individuals, "Chưa có cá nhân được đề xuất."),
    ]
    texts = period_texts(plan, period, year, None)
    written_praise = [Item(own(t.text)) for t in texts if t.section == "commendation"]
    if written_praise:
        praise += [Item("", lead="3. Ý kiến đề xuất đã ghi"), *written_praise]
    return praise


def _sections(plan: Plan, status: Status, report: Report, period: str, year: int) -> tuple[Section, ...]:
    return numbered(
        [
            ("TÌNH HÌNH CHUNG", _overview(status)),
            ("KẾT QUẢ CỦA CÁC PHÒNG, ĐƠN VỊ", _units(status)),
            ("THEO DÕI, CẬP NHẬT TIẾN ĐỘ", _tracking(plan, status, report, period, year)),
            ("ĐỀ XUẤT KHEN THƯỞNG", _praise(plan, status, report, period, year)),
        ]
    )


def internal_report(plan: Plan, period: str, year: int) -> ReportDraft:
    """§11.2: the internal report to the Sở's leadership, with the commendation proposal."""
    report = period_report(plan, period, year)
    end = report.period_end
    status = assess(plan, end)
    agency, head_name = agency_names(plan)
    when = period_words(period, year)
    return ReportDraft(
        kind="internal",
        period=period,
        year=year,
        unit=None,
        period_start=report.period_start,
        period_end=end,
        letterhead=Letterhead(plan.settings.governing_body, head_name, "", place_date(plan, report.due.year)),
        addressee=f"Kính gửi: Lãnh đạo {agency}",
        subject="Tình hình thực hiện Kế hoạch thông tin, tuyên truyền cải cách hành chính",
        period_name=f"{when} (báo cáo nội bộ)",
        intro=(
            f"Bộ phận tổng hợp báo cáo Lãnh đạo Sở tình hình thực hiện {plan_cited(plan, agency)} {when} "
            f"{data_span(report.period_start, end)}"
        ),
        sections=spelled_out(_sections(plan, status, report, period, year)),
        appendix=None,
        recipients=("Giám đốc, các Phó Giám đốc Sở", "Lưu: VT"),
        signer_title=("BỘ PHẬN TỔNG HỢP",),
        signer=blank("họ và tên người lập"),
        author=agency,
        created=datetime.combine(end, time()),
    )
