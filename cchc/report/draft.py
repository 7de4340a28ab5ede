"""Report drafts (SPEC §11) as plain data (no IO): to Sở Nội vụ, to the Sở's leadership, and a
unit's own.

A report's as-of date is its data cut-off: `chot_so_lieu_6_thang` / `chot_so_lieu_nam` for the Sở's
reports, the units' own day `han_don_vi_*` for a unit's. Everything comes from `assess(plan,
cut-off)` and rows dated from `period_start` to it, so the same snapshot always gives the same
report. `cchc.report.docx` lays a draft out as a Word document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

import pandas as pd

from cchc.assess.risk import SEVERITY
from cchc.assess.schedule import Report, reports
from cchc.assess.status import Status, assess
from cchc.report.facts import LATE, TaskResult, period_rows, proposals, stale_units, task_results, totals
from cchc.report.text import (
    PLACEHOLDER,
    Item,
    Section,
    blank,
    channel_lines,
    content,
    lead_states,
    names,
    next_words,
    numbered,
    open_tasks,
    own,
    period_words,
    plain,
    shortfall_items,
    state_at,
    task_items,
    written,
)
from cchc.validate.plan import Plan
from cchc.vocab.labels import RISK_LABELS, ROLE_LABELS, vn_date

KINDS = ("half_year", "annual", "internal", "unit")
PERIODS = ("half_year", "annual")
KIND_LABELS = {
    "half_year": "Báo cáo 6 tháng gửi Sở Nội vụ",
    "annual": "Báo cáo năm gửi Sở Nội vụ",
    "internal": "Báo cáo Lãnh đạo Sở (nội bộ)",
    "unit": "Báo cáo của đơn vị gửi Lãnh đạo Sở",
}
DEFAULT_AGENCY = "Sở Khoa học và Công nghệ"
APPENDIX_COLUMNS = (
    "STT",
    "Nội dung nhiệm vụ",
    "Đơn vị chủ trì",
    "Thời gian",
    "Sản phẩm trong kỳ",
    "Tình hình thực hiện",
    "Minh chứng",
)
NO_COLLECTIVE = (
    "Chưa có tập thể đủ điều kiện (có nhiệm vụ đến hạn trong kỳ, hoàn thành đúng hạn tất cả, không có "
    "phần việc chậm cập nhật, tạm dừng hay quá hạn)."
)
_PLACE = re.compile(r"^(?P<name>.+?)\s+(?:tỉnh|thành phố)\s+.+$", re.IGNORECASE)
_ABBREVIATIONS = (
    ("Trang TTĐT", "Trang thông tin điện tử"),
    ("Bộ phận TN&TKQ", "Bộ phận Tiếp nhận và Trả kết quả"),
    ("TTHC", "thủ tục hành chính"),
    ("CCHC", "cải cách hành chính"),
)


@dataclass(frozen=True)
class Letterhead:
    """The two-column block at the top: agency and number left, national motto and date right."""

    parent: str  # '' leaves the line out
    agency: str
    number: str  # '' leaves the line out (a unit without its own `Ký hiệu`)
    place_date: str


@dataclass(frozen=True)
class Appendix:
    """The appendix: a table of the plan's tasks and the evidence links by task."""

    title: str
    note: str
    rows: tuple[tuple[str, ...], ...]
    links: tuple[Item, ...]


@dataclass(frozen=True)
class ReportDraft:
    """A report ready to lay out."""

    kind: str
    period: str
    year: int
    unit: str | None
    period_start: date
    period_end: date
    letterhead: Letterhead
    addressee: str
    subject: str
    period_name: str
    intro: str
    sections: tuple[Section, ...]
    appendix: Appendix | None
    recipients: tuple[str, ...]
    signer_title: tuple[str, ...]
    signer: str
    author: str
    created: datetime
    tasks: tuple[TaskResult, ...] = ()  # the facts behind a report to Sở Nội vụ, task by task

    def texts(self) -> list[str]:
        """Every text of the draft, in reading order."""
        head = self.letterhead
        found = [head.parent, head.agency, head.number, head.place_date, self.addressee]
        found += [self.subject, self.period_name, self.intro]
        for section in self.sections:
            found += [section.heading, *(i.lead + i.text for i in section.items)]
        if self.appendix:
            found += [self.appendix.title, self.appendix.note, *(c for r in self.appendix.rows for c in r)]
            found += [i.lead + i.text for i in self.appendix.links]
        return [*found, *self.recipients, *self.signer_title, self.signer]

    def placeholders(self) -> list[str]:
        """The blanks a person must still fill, in reading order (`--final` refuses while any remain)."""
        return [hint for text in self.texts() for hint in PLACEHOLDER.findall(text)]


def _agency(plan: Plan) -> tuple[str, str]:
    """The agency's name in running text (without the province) and in its letterhead line."""
    full = plan.settings.agency.strip()
    found = _PLACE.match(full)
    short = found["name"] if found else full
    if not full:
        return blank("tên cơ quan"), blank("TÊN CƠ QUAN")
    return short, (short if plan.settings.governing_body else full).upper()


def _place_date(plan: Plan, year: int) -> str:
    place = plan.settings.place_name or blank("địa danh")
    return f"{place}, ngày … tháng … năm {year}"


def _plan_cited(plan: Plan, agency: str) -> str:
    """«Kế hoạch số 25/KH-SKHCN ngày 10/01/2017 của Sở … về thông tin, tuyên truyền …»."""
    settings = plan.settings
    number = f" số {settings.plan_number}" if settings.plan_number else ""
    day = f" ngày {vn_date(settings.plan_date)}" if settings.plan_date else ""
    about = settings.subject or blank("trích yếu của Kế hoạch")
    return f"Kế hoạch{number}{day} của {agency} về {about}"


def _report(plan: Plan, period: str, year: int) -> Report:
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    return next(r for r in reports(plan.settings, year, date(year, 1, 1)) if r.kind == period)


def _texts(plan: Plan, period: str, year: int, unit: str | None) -> tuple:
    return tuple(t for t in plan.report_texts if (t.kind, t.year, t.unit) == (period, year, unit))


def _spelled_out(sections: tuple[Section, ...]) -> tuple[Section, ...]:
    """Each abbreviation spelled out at its first use: «Trang thông tin điện tử (Trang TTĐT)»."""
    pending = dict(_ABBREVIATIONS)
    result = []
    for section in sections:
        items = []
        for item in section.items:
            text = item.text
            for short, full in list(pending.items()):
                at = re.search(rf"(?<![\w(]){re.escape(short)}(?!\w)", text)
                if at:
                    text = f"{text[: at.start()]}{full} ({short}){text[at.end() :]}"
                    del pending[short]
                elif f"({short})" in text:
                    del pending[short]
            items.append(Item(text, item.lead, item.level, item.italic))
        result.append(Section(section.number, section.title, tuple(items)))
    return tuple(result)


def _tasks_sentence(tasks: tuple[TaskResult, ...]) -> Item:
    dated = sum(1 for t in tasks if not t.ongoing)
    leads = list(dict.fromkeys(own(w.name) for t in tasks for w in t.leads))
    support = list(dict.fromkeys(own(w.name) for t in tasks for w in t.supports))
    helped = f" và {len(support)} đơn vị phối hợp" if support else ""
    return Item(
        f"Kế hoạch gồm {len(tasks)} nhiệm vụ ({dated} nhiệm vụ có thời hạn, {len(tasks) - dated} nhiệm vụ "
        f"thực hiện thường xuyên), giao {len(leads)} phòng, đơn vị chủ trì ({', '.join(leads)}){helped}."
    )


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _appendix(status: Status, tasks: tuple[TaskResult, ...], symbol: str, agency: str, year: int) -> Appendix:
    end = status.as_of
    rows = tuple(
        (
            t.task_id,
            content(t),
            names(t.leads),
            own(t.timeframe) or "Thường xuyên",
            "\n".join(channel_lines(t.outputs)) or "—",
            _first_upper(lead_states(t, end)),
            str(len(t.evidence)),
        )
        for t in tasks
    )
    links: list[Item] = []
    for t in tasks:
        if t.evidence:
            links.append(Item(content(t), lead=f"Nhiệm vụ {t.task_id}. "))
            links += [Item(f"{vn_date(d.day)}: {own(d.text)}", level=1) for d in t.evidence]
    return Appendix(
        f"KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CỦA KẾ HOẠCH (số liệu đến ngày {vn_date(end)})",
        f"(Kèm theo Báo cáo số …/{symbol} ngày … tháng … năm {year} của {agency})",
        rows,
        tuple(links) or (Item("Các phòng, đơn vị chưa gửi tài liệu kiểm chứng trong kỳ."),),
    )


def _signer_title(plan: Plan) -> tuple[str, ...]:
    return tuple(line.strip() for line in plan.settings.signer_title.split(";") if line.strip())


def _to_home_affairs(plan: Plan, period: str, year: int) -> ReportDraft:
    """§11.1: the half-year or annual report to Sở Nội vụ."""
    report = _report(plan, period, year)
    end = report.period_end
    status = assess(plan, end)
    tasks = task_results(status, report.period_start, period_rows(status, report.period_start))
    texts = _texts(plan, period, year, None)
    agency, head_name = _agency(plan)
    symbol = plan.settings.report_symbol or blank("ký hiệu")
    when = period_words(period, year)
    made = channel_lines(totals(tasks))
    results = [
        Item("Trong kỳ, các phòng, đơn vị chủ trì đã thực hiện:"),
        *(Item(f"{m}.", level=1) for m in made),
    ]
    results = results if made else []
    for number, task in enumerate(tasks, start=1):
        results += task_items(task, end, str(number))
    review = [
        Item("", lead="1. Ưu điểm"),
        *written(texts, "strengths", "Nêu ưu điểm"),
        Item("", lead="2. Tồn tại, hạn chế"),
        *written(texts, "weaknesses", "Nêu tồn tại, hạn chế"),
        *shortfall_items(tasks, end),
        Item("", lead="3. Nguyên nhân"),
        *written(texts, "causes", "Nêu nguyên nhân"),
    ]
    ahead = [*written(texts, "next_steps", "Nêu phương hướng, nhiệm vụ kỳ tới")]
    still = open_tasks(tasks)
    if still:
        ahead += [Item("Tiếp tục thực hiện các nhiệm vụ còn lại của Kế hoạch:"), *still]
    sections = numbered(
        [
            (
                "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
                [*written(texts, "direction", "Nêu công tác chỉ đạo, điều hành"), _tasks_sentence(tasks)],
            ),
            ("KẾT QUẢ THỰC HIỆN", results),
            ("ĐÁNH GIÁ CHUNG", review),
            (f"PHƯƠNG HƯỚNG, NHIỆM VỤ {next_words(period, year).upper()}", ahead),
            ("KIẾN NGHỊ, ĐỀ XUẤT", written(texts, "proposals", "Nêu kiến nghị, đề xuất")),
        ]
    )
    return ReportDraft(
        kind=period,
        period=period,
        year=year,
        unit=None,
        period_start=report.period_start,
        period_end=end,
        letterhead=Letterhead(
            plan.settings.governing_body, head_name, f"Số: …/{symbol}", _place_date(plan, report.due.year)
        ),
        addressee="",
        subject="Kết quả thực hiện công tác thông tin, tuyên truyền cải cách hành chính",
        period_name=when,
        intro=(
            f"Thực hiện {_plan_cited(plan, agency)}, {agency} báo cáo kết quả thực hiện {when} "
            f"(số liệu từ ngày {vn_date(report.period_start)} đến ngày {vn_date(end)}) như sau:"
        ),
        sections=_spelled_out(sections),
        appendix=_appendix(status, tasks, symbol, agency, report.due.year),
        tasks=tasks,
        recipients=plan.settings.recipients,
        signer_title=_signer_title(plan),
        signer=plan.settings.signer or blank("họ và tên người ký"),
        author=agency,
        created=datetime.combine(end, time()),
    )


def _counted(risks: list) -> str:
    return ", ".join(f"{risks.count(r)} {RISK_LABELS[r].lower()}" for r in SEVERITY if risks.count(r))


def _internal(plan: Plan, period: str, year: int) -> ReportDraft:
    """§11.2: the internal report to the Sở's leadership, with the commendation proposal."""
    report = _report(plan, period, year)
    end = report.period_end
    status = assess(plan, end)
    rows = period_rows(status, report.period_start)
    agency, head_name = _agency(plan)
    when = period_words(period, year)
    overview = [
        Item(f"Kế hoạch có {len(status.tasks)} nhiệm vụ: {_counted([t.risk for t in status.tasks])}."),
        Item(
            f"Các phòng, đơn vị có {len(status.assignments)} phần việc (chủ trì hoặc phối hợp): "
            f"{_counted([a.risk for a in status.assignments])}."
        ),
    ]
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
    names_of = plan.units.names()
    quiet = [
        Item(
            "; ".join(
                f"nhiệm vụ {a.task_id}: {a.days_since_update} ngày chưa có dòng tiến độ mới "
                f"(chu kỳ {a.cycle} ngày)"
                for a in parts
            )
            + ".",
            lead=f"{own(names_of.get(code, code))}: ",
            level=1,
        )
        for code, parts in stale_units(status).items()
    ] or [Item(f"Không có phòng, đơn vị nào chậm cập nhật tính đến ngày {vn_date(end)}.", level=1)]
    owing = [
        own(names_of.get(code, code))
        for code in dict.fromkeys(a.unit for a in status.assignments)
        if not any(
            s.unit == code and s.kind == period and s.year == year and s.sent_on <= report.unit_deadline
            for s in plan.sent_reports
        )
    ]
    reports_line = (
        f"Chưa gửi báo cáo của đơn vị đến ngày {vn_date(report.unit_deadline)}: {', '.join(owing)}."
        if owing
        else f"Các đơn vị có phần việc đều đã gửi báo cáo trước ngày {vn_date(report.unit_deadline)}."
    )
    errors = sum(1 for i in plan.issues if i.severity == "error")
    doubles = sum(1 for i in plan.issues if i.code == "progress.possible_duplicate")
    collectives, individuals = proposals(status, report.period_start, rows)
    texts = _texts(plan, period, year, None)
    praise = [
        Item(
            "Đề xuất để Hội đồng Thi đua - Khen thưởng của Sở xem xét; đây là đề xuất, không phải quyết định "
            "khen thưởng.",
            italic=True,
        ),
        Item("", lead="1. Tập thể"),
        *(
            [Item(p.facts + ".", lead=f"{own(p.name)}: ", level=1) for p in collectives]
            or [Item(NO_COLLECTIVE, level=1)]
        ),
        Item("", lead="2. Cá nhân"),
        *(
            [Item(p.facts + ".", lead=f"{own(p.name)}: ", level=1) for p in individuals]
            or [Item("Chưa có cá nhân được đề xuất.", level=1)]
        ),
    ]
    written_praise = [Item(own(t.text)) for t in texts if t.section == "commendation"]
    if written_praise:
        praise += [Item("", lead="3. Ý kiến đề xuất đã ghi"), *written_praise]
    sections = numbered(
        [
            ("TÌNH HÌNH CHUNG", overview),
            ("KẾT QUẢ CỦA CÁC PHÒNG, ĐƠN VỊ", units),
            (
                "THEO DÕI, CẬP NHẬT TIẾN ĐỘ",
                [
                    Item("", lead="1. Phòng, đơn vị chậm cập nhật tiến độ"),
                    *quiet,
                    Item("", lead="2. Báo cáo của các đơn vị"),
                    Item(reports_line, level=1),
                    Item("", lead="3. Chất lượng dữ liệu"),
                    Item(
                        f"{errors} lỗi dữ liệu chưa sửa (các dòng lỗi không được tính vào số liệu); "
                        f"{doubles} dòng có thể nhập hai lần (vẫn được tính, cần kiểm tra).",
                        level=1,
                    ),
                ],
            ),
            ("ĐỀ XUẤT KHEN THƯỞNG", praise),
        ]
    )
    return ReportDraft(
        kind="internal",
        period=period,
        year=year,
        unit=None,
        period_start=report.period_start,
        period_end=end,
        letterhead=Letterhead(
            plan.settings.governing_body, head_name, "", _place_date(plan, report.due.year)
        ),
        addressee=f"Kính gửi: Lãnh đạo {agency}",
        subject="Tình hình thực hiện Kế hoạch thông tin, tuyên truyền cải cách hành chính",
        period_name=f"{when} (báo cáo nội bộ)",
        intro=(
            f"Bộ phận tổng hợp báo cáo Lãnh đạo Sở tình hình thực hiện {_plan_cited(plan, agency)} {when} "
            f"(số liệu từ ngày {vn_date(report.period_start)} đến ngày {vn_date(end)}) như sau:"
        ),
        sections=_spelled_out(sections),
        appendix=None,
        recipients=("Giám đốc, các Phó Giám đốc Sở", "Lưu: VT"),
        signer_title=("BỘ PHẬN TỔNG HỢP",),
        signer=blank("họ và tên người lập"),
        author=agency,
        created=datetime.combine(end, time()),
    )


def _unit(plan: Plan, period: str, year: int, code: str) -> ReportDraft:
    """§11.3: a unit's own report to the Sở's leadership, up to its own deadline."""
    unit = plan.units.units.get(code)
    if unit is None:
        raise ValueError(f"no unit {code!r}")
    report = _report(plan, period, year)
    end = report.unit_deadline
    status = assess(plan, end)
    rows = period_rows(status, report.period_start)
    mine = rows[rows["unit"] == code]
    tasks = {t.task_id: t for t in task_results(status, report.period_start, rows)}
    agency, _ = _agency(plan)
    when = period_words(period, year)
    parts = [a for a in status.assignments if a.unit == code]
    helped = list(dict.fromkeys(c.task_id for c in status.contributions if c.unit == code))
    given = [
        Item(
            f"{content(tasks[a.task_id])} ({own(tasks[a.task_id].timeframe) or 'Thường xuyên'}).",
            lead=f"Nhiệm vụ {a.task_id} ({ROLE_LABELS[a.role].lower()}): ",
            level=1,
        )
        for a in parts
    ] or [Item("Đơn vị không được giao chủ trì hay phối hợp nhiệm vụ nào của Kế hoạch.", level=1)]
    given += [
        Item(f"{content(tasks[t])}.", lead=f"Nhiệm vụ {t} (tham gia): ", level=1)
        for t in helped
        if t in tasks
    ]
    done: list[Item] = []
    for task_id in [*(a.task_id for a in parts), *helped]:
        task = tasks.get(task_id)
        if task is None:
            continue
        own_rows = mine[mine["task_id"] == task_id]
        done.append(Item(content(task), lead=f"Nhiệm vụ {task_id}. "))
        for day, result, channel, count, measure in zip(
            own_rows["date"],
            own_rows["result"],
            own_rows["channel"],
            own_rows["count"],
            own_rows["measure"],
            strict=True,
        ):
            where = f"{own(channel)}: " if isinstance(channel, str) and channel else ""
            made = f" ({where}{int(count)} {measure})" if pd.notna(count) else ""
            text = own(str(result)).rstrip(". ") or "Cập nhật tiến độ"
            done.append(Item(f"{vn_date(day.date())}: {text}{made}.", level=1))
        part = next((w for w in task.work if w.part.unit == code), None)
        if part is not None:
            done.append(Item(f"Tình hình đến ngày {vn_date(end)}: {state_at(task, part, end)}.", level=1))
        elif own_rows.empty:
            done.append(Item("Trong kỳ chưa có kết quả được báo cáo.", level=1))
    texts = _texts(plan, period, year, code)
    late = [
        Item(f"Nhiệm vụ {t.task_id} ({content(t)}): {state_at(t, w, end)}.", level=1)
        for t in tasks.values()
        for w in t.work
        if w.part.unit == code and w.risk in LATE
    ]
    sections = numbered(
        [
            ("NHIỆM VỤ ĐƯỢC GIAO", given),
            ("KẾT QUẢ THỰC HIỆN", done or [Item("Trong kỳ đơn vị chưa có dòng tiến độ.")]),
            (
                "ĐÁNH GIÁ",
                [
                    Item("", lead="1. Ưu điểm"),
                    *written(texts, "strengths", "Nêu ưu điểm"),
                    Item("", lead="2. Tồn tại, hạn chế"),
                    *written(texts, "weaknesses", "Nêu tồn tại, hạn chế"),
                    *late,
                    Item("", lead="3. Nguyên nhân"),
                    *written(texts, "causes", "Nêu nguyên nhân"),
                ],
            ),
            (
                f"PHƯƠNG HƯỚNG, NHIỆM VỤ {next_words(period, year).upper()}",
                written(texts, "next_steps", "Nêu phương hướng, nhiệm vụ kỳ tới"),
            ),
            ("KIẾN NGHỊ, ĐỀ XUẤT", written(texts, "proposals", "Nêu kiến nghị, đề xuất")),
        ]
    )
    number = f"Số: …/{unit.symbol}" if unit.symbol else ""
    return ReportDraft(
        kind="unit",
        period=period,
        year=year,
        unit=code,
        period_start=report.period_start,
        period_end=end,
        letterhead=Letterhead(agency.upper(), own(unit.name).upper(), number, _place_date(plan, end.year)),
        addressee=f"Kính gửi: Lãnh đạo {agency}",
        subject="Kết quả thực hiện Kế hoạch thông tin, tuyên truyền cải cách hành chính",
        period_name=when,
        intro=(
            f"Thực hiện {_plan_cited(plan, agency)}, {own(unit.name)} báo cáo kết quả thực hiện {when} "
            f"(số liệu từ ngày {vn_date(report.period_start)} đến ngày {vn_date(end)}) như sau:"
        ),
        sections=_spelled_out(sections),
        appendix=None,
        recipients=(f"Lãnh đạo {agency}", "Bộ phận tổng hợp", f"Lưu: {own(unit.name)}"),
        signer_title=("THỦ TRƯỞNG ĐƠN VỊ",),
        signer=own(unit.head) or blank("họ và tên"),
        author=own(unit.name),
        created=datetime.combine(end, time()),
    )


def build_report(
    plan: Plan, kind: str, year: int | None = None, period: str | None = None, unit: str | None = None
) -> ReportDraft:
    """The draft of one report of `year` (default: the plan year): `half_year` or `annual` to Sở Nội
    vụ, `internal` (for `period`) to the Sở's leadership, or `unit` (for `period`), `unit`'s own."""
    year = year or plan.year
    if kind in PERIODS:
        return _to_home_affairs(plan, kind, year)
    if kind == "internal":
        return _internal(plan, period or "half_year", year)
    if kind == "unit":
        if not unit:
            raise ValueError("a unit's report needs the unit")
        return _unit(plan, period or "half_year", year, unit)
    raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")


def draft_text(draft: ReportDraft) -> str:
    """The whole draft as plain text (one paragraph a line, placeholders as «[…]»), for previews and tests."""
    lines = [
        line for line in (draft.addressee, "BÁO CÁO", draft.subject, draft.period_name, draft.intro) if line
    ]
    for section in draft.sections:
        lines.append(section.heading)
        lines += [("  " * i.level + "- " if i.level else "") + i.lead + i.text for i in section.items]
    return plain("\n".join(lines))
