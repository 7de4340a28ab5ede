"""The wording of report drafts (SPEC §11), from their facts: Vietnamese, no IO.

A blank a person must fill is a **placeholder**: `blank("…")` wraps its hint in ⟦ ⟧, which the
Word file shows as «[…]» highlighted and `--final` refuses while any remains. Text from the sheet
never carries the two marks (`own` removes them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from cchc.assess.status import Output
from cchc.report.facts import Dated, TaskResult, UnitWork
from cchc.validate.reports import ReportText
from cchc.vocab.labels import STATE_NAMES, vn_date, vn_number
from cchc.vocab.terms import Risk

OPEN, CLOSE = "\u27e6", "\u27e7"
PLACEHOLDER = re.compile(f"{OPEN}([^{CLOSE}]*){CLOSE}")
ROMAN = ("I", "II", "III", "IV", "V", "VI")


def blank(hint: str) -> str:
    """A highlighted placeholder: «[hint]» in the document, to be replaced by a person."""
    return f"{OPEN}{hint}{CLOSE}"


def own(text: str) -> str:
    """Text from the sheet, without the placeholder marks (it is never a placeholder itself)."""
    return text.replace(OPEN, "").replace(CLOSE, "")


def plain(text: str) -> str:
    """A text with its placeholders written «[hint]» (previews and tests)."""
    return PLACEHOLDER.sub(r"[\1]", text)


@dataclass(frozen=True)
class Item:
    """One paragraph: an optional bold lead-in, its text, and its level (1 = a `- ` line)."""

    text: str
    lead: str = ""
    level: int = 0
    italic: bool = False


@dataclass(frozen=True)
class Section:
    """A numbered part of the report and its paragraphs."""

    number: str
    title: str
    items: tuple[Item, ...]

    @property
    def heading(self) -> str:
        """`I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH`."""
        return f"{self.number}. {self.title}"


def numbered(parts: list[tuple[str, list[Item]]]) -> tuple[Section, ...]:
    """Sections numbered I, II, … in order."""
    return tuple(Section(ROMAN[i], title, tuple(items)) for i, (title, items) in enumerate(parts))


def percent(part: int, whole: int) -> str:
    """A share written the Vietnamese way: `43,8%`."""
    return f"{vn_number(round(100 * part / whole, 1))}%"


def content(task: TaskResult) -> str:
    """The task's `Nội dung` without its closing full stop (a date or unit follows it)."""
    return own(task.content).rstrip(" .;")


def timeframe(task: TaskResult) -> str:
    """The task's `Thời gian`, or «Thường xuyên» when the sheet leaves it blank."""
    return own(task.timeframe) or "Thường xuyên"


def channel_lines(outputs: tuple[Output, ...]) -> list[str]:
    """One line per channel, each measure apart (measures are never added up):
    `Trang TTĐT: 7 tin, bài; 2 văn bản`."""
    by_channel: dict[str, list[str]] = {}
    for o in outputs:
        by_channel.setdefault(own(o.channel or "Khác"), []).append(f"{o.count} {o.measure}")
    return [f"{channel}: {'; '.join(counts)}" for channel, counts in by_channel.items()]


def written(texts: tuple[ReportText, ...], section: str, hint: str) -> list[Item]:
    """The `Báo cáo` paragraphs of one section as written, or one placeholder when there are none."""
    found = [Item(own(t.text)) for t in texts if t.section == section]
    return found or [Item(blank(hint))]


def names(work: tuple[UnitWork, ...]) -> str:
    return ", ".join(own(w.name) for w in work)


def _reason(w: UnitWork) -> str:
    """« do …»: the unit's own `Ghi chú`, its first letter lower-cased unless it opens an acronym."""
    note = own(w.note).strip().rstrip(". ")
    if note[1:2].islower():
        note = note[0].lower() + note[1:]
    return f" do {note}" if note else ""


def state_at(task: TaskResult, w: UnitWork, end: date) -> str:
    """A unit's part at the cut-off in the words of a report to Sở Nội vụ: never «Chậm cập nhật» nor
    «Chưa đến thời gian thực hiện», with the unit's own `Ghi chú` as the reason when late."""
    a = w.part
    plan = f" so với kế hoạch ({own(task.timeframe)})" if task.timeframe else " so với kế hoạch"
    if a.risk == Risk.DONE_ON_TIME:
        return f"hoàn thành ngày {vn_date(a.completed_on)}, đúng kế hoạch"
    if a.risk == Risk.DONE_LATE:
        return f"hoàn thành ngày {vn_date(a.completed_on)}, chậm {a.days_late} ngày{plan}{_reason(w)}"
    if a.risk == Risk.OVERDUE:
        done = f", đạt {vn_number(a.percent)}%" if a.percent is not None else ""
        return f"chưa hoàn thành, quá hạn {a.days_late} ngày{plan}{done}{_reason(w)}"
    if a.state == "paused":
        return f"tạm dừng từ ngày {vn_date(a.since)}{_reason(w)}"
    if task.ongoing:
        return "đang thực hiện (thường xuyên)" if a.last_update else "chưa thực hiện trong kỳ"
    if a.risk == Risk.UPCOMING:
        return f"sẽ thực hiện từ ngày {vn_date(a.start)} ({own(task.timeframe)})"
    if a.state in (None, "not_started"):
        return "chưa thực hiện"
    done = f", đạt {vn_number(a.percent)}%" if a.percent is not None else ""
    return f"{STATE_NAMES.get(a.state, 'đang thực hiện').lower()}{done}, hạn {vn_date(task.due)}"


def lead_states(task: TaskResult, end: date) -> str:
    """The lead units' parts at the cut-off, each named when the task has more than one lead."""
    return "; ".join(
        f"{own(w.name)}: {state_at(task, w, end)}" if len(task.leads) > 1 else state_at(task, w, end)
        for w in task.leads
    )


def highlights(found: tuple[Dated, ...]) -> list[Item]:
    return [Item(f"{vn_date(d.day)}: {own(d.text).rstrip('. ')}.", level=1) for d in found]


def task_items(task: TaskResult, end: date, number: str) -> list[Item]:
    """One task of section II: its units, outputs, attendance, notable results and state."""
    items = [Item(f"{content(task)} ({timeframe(task)}).", lead=f"{number}. ")]
    who = f"Đơn vị chủ trì: {names(task.leads)}"
    if task.supports:
        who += f"; đơn vị phối hợp: {names(task.supports)}"
    items.append(Item(f"{who}.", level=1))
    if task.outputs:
        items.append(Item("Sản phẩm trong kỳ:", level=1))
        items += [Item(f"{line}.", level=2) for line in channel_lines(task.outputs)]
    if task.attendance:
        items.append(
            Item(f"Số người tham dự các hội nghị, buổi đối thoại: {task.attendance} lượt người.", level=1)
        )
    if task.target:
        measure = f" {task.main_measure}" if task.main_measure else ""
        done = f"{task.total}/{task.target}{measure}"
        items.append(
            Item(
                f"Chỉ tiêu năm: {task.target}{measure}; đã thực hiện {done}, "
                f"đạt {percent(task.total, task.target)}.",
                level=1,
            )
        )
    if task.highlights:
        items.append(Item("Kết quả nổi bật:", level=1))
        items += [Item(i.text, level=2) for i in highlights(task.highlights)]
    if not task.outputs and not task.highlights:
        items.append(Item("Trong kỳ chưa có kết quả được báo cáo.", level=1))
    items.append(Item(f"Tình hình đến ngày {vn_date(end)}: {lead_states(task, end)}.", level=1))
    return items


def shortfall_items(tasks: tuple[TaskResult, ...], end: date) -> list[Item]:
    """The late and overdue tasks with the units' own reasons, for «Tồn tại, hạn chế»."""
    items = []
    for task in tasks:
        late = [w for w in task.leads if w.risk in (Risk.DONE_LATE, Risk.OVERDUE)]
        if late:
            said = "; ".join(f"{own(w.name)} {state_at(task, w, end)}" for w in late)
            items.append(Item(f"Nhiệm vụ {task.task_id} ({content(task)}): {said}.", level=1))
    return items


def open_tasks(tasks: tuple[TaskResult, ...]) -> list[Item]:
    """The plan's tasks still open at the cut-off (not done by all their leads), in plan order."""
    return [
        Item(f"{content(t)} (chủ trì: {names(t.leads)}).", lead=f"Nhiệm vụ {t.task_id}: ", level=1)
        for t in tasks
        if not t.leads or any(w.part.state != "done" for w in t.leads)
    ]


def period_words(period: str, year: int) -> str:
    """«6 tháng đầu năm 2017» or «năm 2017»."""
    return f"6 tháng đầu năm {year}" if period == "half_year" else f"năm {year}"


def next_words(period: str, year: int) -> str:
    """What section «Phương hướng» plans for: «6 tháng cuối năm 2017» or «năm 2018»."""
    return f"6 tháng cuối năm {year}" if period == "half_year" else f"năm {year + 1}"
