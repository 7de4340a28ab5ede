"""§11.1: the half-year or annual report of the Sở to Sở Nội vụ, with its appendix of tasks."""

from __future__ import annotations

from datetime import datetime, time

from cchc.assess.status import Status, assess
from cchc.report.common import (
    Appendix,
    Letterhead,
    ReportDraft,
    agency_names,
    data_span,
    outlook,
    period_report,
    period_texts,
    place_date,
    plan_cited,
    review,
    signer_title,
    spelled_out,
)
from cchc.report.facts import TaskResult, period_rows, task_results, totals
from cchc.report.text import (
    Item,
    Section,
    blank,
    channel_lines,
    content,
    lead_states,
    names,
    numbered,
    open_tasks,
    own,
    period_words,
    shortfall_items,
    task_items,
    timeframe,
    written,
)
from cchc.validate.plan import Plan
from cchc.vocab.labels import vn_date
from cchc.vocab.text import first_upper


def _tasks_sentence(tasks: tuple[TaskResult, ...]) -> Item:
    dated = sum(1 for t in tasks if not t.ongoing)
    leads = list(dict.fromkeys(own(w.name) for t in tasks for w in t.leads))
    support = list(dict.fromkeys(own(w.name) for t in tasks for w in t.supports))
    helped = f" và {len(support)} đơn vị phối hợp" if support else ""
    return Item(
        f"Kế hoạch gồm {len(tasks)} nhiệm vụ ({dated} nhiệm vụ có thời hạn, {len(tasks) - dated} nhiệm vụ "
        f"thực hiện thường xuyên), giao {len(leads)} phòng, đơn vị chủ trì ({', '.join(leads)}){helped}."
    )


def _appendix(status: Status, tasks: tuple[TaskResult, ...], symbol: str, agency: str, year: int) -> Appendix:
    end = status.as_of
    rows = tuple(
        (
            t.task_id,
            content(t),
            names(t.leads),
            timeframe(t),
            "\n".join(channel_lines(t.outputs)) or "—",
            first_upper(lead_states(t, end)),
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


def _results(tasks: tuple[TaskResult, ...], status: Status) -> list[Item]:
    """«Kết quả thực hiện»: the period's outputs by channel, then task by task."""
    made = channel_lines(totals(tasks))
    results = [
        Item("Trong kỳ, các phòng, đơn vị chủ trì đã thực hiện:"),
        *(Item(f"{m}.", level=1) for m in made),
    ]
    results = results if made else []
    for number, task in enumerate(tasks, start=1):
        results += task_items(task, status.as_of, str(number))
    return results


def _sections(
    plan: Plan, period: str, year: int, status: Status, tasks: tuple[TaskResult, ...]
) -> tuple[Section, ...]:
    texts = period_texts(plan, period, year, None)
    still = open_tasks(tasks)
    rest = [Item("Tiếp tục thực hiện các nhiệm vụ còn lại của Kế hoạch:"), *still] if still else []
    return numbered(
        [
            (
                "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
                [*written(texts, "direction", "Nêu công tác chỉ đạo, điều hành"), _tasks_sentence(tasks)],
            ),
            ("KẾT QUẢ THỰC HIỆN", _results(tasks, status)),
            ("ĐÁNH GIÁ CHUNG", review(texts, shortfall_items(tasks, status.as_of))),
            *outlook(texts, period, year, rest),
        ]
    )


def to_home_affairs(plan: Plan, period: str, year: int) -> ReportDraft:
    """§11.1: the half-year or annual report to Sở Nội vụ."""
    report = period_report(plan, period, year)
    end = report.period_end
    status = assess(plan, end)
    tasks = task_results(status, report.period_start, period_rows(status, report.period_start))
    agency, head_name = agency_names(plan)
    symbol = plan.settings.report_symbol or blank("ký hiệu")
    when = period_words(period, year)
    return ReportDraft(
        kind=period,
        period=period,
        year=year,
        unit=None,
        period_start=report.period_start,
        period_end=end,
        letterhead=Letterhead(
            plan.settings.governing_body, head_name, f"Số: …/{symbol}", place_date(plan, report.due.year)
        ),
        addressee="",
        subject="Kết quả thực hiện công tác thông tin, tuyên truyền cải cách hành chính",
        period_name=when,
        intro=(
            f"Thực hiện {plan_cited(plan, agency)}, {agency} báo cáo kết quả thực hiện {when} "
            f"{data_span(report.period_start, end)}"
        ),
        sections=spelled_out(_sections(plan, period, year, status, tasks)),
        appendix=_appendix(status, tasks, symbol, agency, report.due.year),
        tasks=tasks,
        recipients=plan.settings.recipients,
        signer_title=signer_title(plan),
        signer=plan.settings.signer or blank("họ và tên người ký"),
        author=agency,
        created=datetime.combine(end, time()),
    )
