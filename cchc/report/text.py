"""The wording of a report draft's sections I–IV, from its facts (Vietnamese, no IO)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cchc.assess.status import Output
from cchc.report.facts import Facts, Shortfall, TaskResult, UnitWork
from cchc.vocab.labels import ROLE_LABELS, STATE_NAMES, vn_date, vn_number
from cchc.vocab.terms import Risk, Role

NO_UPDATE = "Chưa có thông tin tiến độ"  # SPEC §13: no progress row yet


@dataclass(frozen=True)
class Item:
    """One paragraph: an optional bold lead-in, its text, and its level (1 = a `- ` line)."""

    text: str
    lead: str = ""
    level: int = 0


@dataclass(frozen=True)
class Section:
    """A numbered part of the report (I–IV) and its paragraphs."""

    number: str
    title: str
    items: tuple[Item, ...]

    @property
    def heading(self) -> str:
        """`I. KẾT QUẢ THỰC HIỆN`."""
        return f"{self.number}. {self.title}"


def percent(part: int, whole: int) -> str:
    """A share in Vietnamese style: `43,8 %`."""
    return f"{vn_number(100 * part / whole)} %"


def content(task: TaskResult) -> str:
    """The task's `Nội dung` without its closing full stop (a date or unit follows it)."""
    return task.content.rstrip(" .;")


def channels_text(outputs: tuple[Output, ...]) -> str:
    """`Trang TTĐT: 7 tin, bài; Họp giao ban: 6 hội nghị, cuộc họp` (measures are never added up)."""
    return "; ".join(f"{o.channel or 'không ghi kênh'}: {o.count} {o.measure}" for o in outputs)


def state_text(w: UnitWork) -> str:
    """`Hoàn thành ngày 05/04/2017`, `Đang thực hiện (60 %)` or `Chưa có thông tin tiến độ`."""
    if w.state == "done" and w.completed_on:
        return f"Hoàn thành ngày {vn_date(w.completed_on)}"
    text = STATE_NAMES.get(w.state or "", NO_UPDATE)
    return f"{text} ({vn_number(w.percent)} %)" if w.percent is not None and w.state != "done" else text


def _lead_item(w: UnitWork) -> Item:
    said = f"; kết quả gần nhất ({vn_date(w.latest_on)}): {w.latest_result}" if w.latest_result else ""
    text = f"{w.name} (chủ trì): {state_text(w)}; {w.updates} lượt cập nhật trong kỳ{said}."
    return Item(text, level=1)


def _in_measure(count: int, measure: str | None) -> str:
    """`80 tin, bài`, or the bare number when the lead rows name no measure yet."""
    return f"{count} {measure}" if measure else str(count)


def _task_items(task: TaskResult) -> list[Item]:
    """A task's lead-in, its lead units' work, support units, outputs and target."""
    when = f"{task.timeframe}, hạn {vn_date(task.due)}" if task.due else task.timeframe or "Thường xuyên"
    items = [Item(f"{content(task)} ({when}).", lead=f"Nhiệm vụ {task.task_id}. ")]
    items += [_lead_item(w) for w in task.leads]
    supports = [f"{w.name}: {state_text(w).lower()}" for w in task.work if w.role == Role.SUPPORT]
    if supports:
        items.append(Item(f"Đơn vị phối hợp: {'; '.join(supports)}.", level=1))
    if task.outputs:
        items.append(Item(f"Sản phẩm tuyên truyền trong kỳ: {channels_text(task.outputs)}.", level=1))
    else:
        items.append(Item("Chưa có sản phẩm được báo cáo số lượng trong kỳ.", level=1))
    if task.target:
        share = percent(task.total, task.target)
        target = _in_measure(task.target, task.main_measure)
        items.append(Item(f"Chỉ tiêu cả năm: {target}; đã thực hiện: {task.total}, đạt {share}.", level=1))
    return items


def _done(task: TaskResult) -> bool:
    return bool(task.leads) and all(w.state == "done" for w in task.leads)


def _overview(facts: Facts, start: date, end: date) -> Item:
    dated = [t for t in facts.tasks if t.due is not None]
    done = [t for t in dated if _done(t)]
    late = sum(1 for t in done if any(w.risk == Risk.DONE_LATE for w in t.leads))
    products = f"; sản phẩm tuyên truyền: {channels_text(facts.outputs)}" if facts.outputs else ""
    return Item(
        f"Trong kỳ báo cáo (từ ngày {vn_date(start)} đến ngày {vn_date(end)}), {facts.active_units} phòng, "
        f"đơn vị đã gửi {facts.updates} lượt cập nhật tiến độ{products}. "
        f"Đã hoàn thành {len(done)}/{len(dated)} nhiệm vụ có thời hạn ({len(done) - late} đúng hạn, "
        f"{late} quá hạn); {len(facts.tasks) - len(dated)} nhiệm vụ thường xuyên được triển khai như sau:"
    )


def results_section(facts: Facts, start: date, end: date) -> Section:
    """I. What each task did inside the period."""
    items = [_overview(facts, start, end)]
    for task in facts.tasks:
        items += _task_items(task)
    return Section("I", "KẾT QUẢ THỰC HIỆN", tuple(items))


def _late_how(s: Shortfall) -> str:
    who = f"{s.work.name} ({ROLE_LABELS[s.work.role].lower()})"
    if s.work.risk == Risk.DONE_LATE:
        return f"{who} hoàn thành ngày {vn_date(s.work.completed_on)}, chậm {s.days} ngày so với kế hoạch"
    if s.work.last_update:
        since = f"cập nhật gần nhất {vn_date(s.work.last_update)}"
        return f"{who} quá hạn {s.days} ngày, {state_text(s.work).lower()}, {since}"
    return f"{who} quá hạn {s.days} ngày, {NO_UPDATE.lower()}"


def _late_items(late: tuple[Shortfall, ...]) -> list[Item]:
    """One line per task: each of its late or overdue assignments."""
    by_task: dict[str, list[Shortfall]] = {}
    for s in late:
        by_task.setdefault(s.task_id, []).append(s)
    return [
        Item(
            f"Nhiệm vụ {task} (hạn {vn_date(found[0].due)}): {'; '.join(_late_how(s) for s in found)}.",
            level=1,
        )
        for task, found in by_task.items()
    ]


def _quiet_items(facts: Facts, cycle: int, end: date) -> list[Item]:
    items = []
    for u in facts.silent:
        since = (
            f"cập nhật gần nhất ngày {vn_date(u.last_update)} ({u.days} ngày)"
            if u.last_update
            else NO_UPDATE.lower()
        )
        text = f"{u.name}: {since}; nhiệm vụ: {', '.join(u.tasks)}."
        items.append(Item(text, level=1))
    for s in facts.stale:
        since = (
            f"cập nhật gần nhất ngày {vn_date(s.work.last_update)}"
            if s.work.last_update
            else NO_UPDATE.lower()
        )
        text = f"{s.work.name} chậm cập nhật nhiệm vụ {s.task_id}: {since} ({s.days} ngày)."
        items.append(Item(text, level=1))
    return items or [
        Item(f"Các phòng, đơn vị đều cập nhật tiến độ trong {cycle} ngày trước {vn_date(end)}.", level=1)
    ]


def shortfalls_section(facts: Facts, cycle: int, end: date) -> Section:
    """II. Late and overdue assignments, and units or tasks that went quiet."""
    late = _late_items(facts.late) or [Item("Không có nhiệm vụ quá hạn hoặc hoàn thành quá hạn.", level=1)]
    items = [
        Item("Nhiệm vụ quá hạn, hoàn thành quá hạn:", lead="1. "),
        *late,
        Item(
            f"Phòng, đơn vị chậm cập nhật tiến độ (quá {cycle} ngày tính đến ngày {vn_date(end)}):",
            lead="2. ",
        ),
        *_quiet_items(facts, cycle, end),
    ]
    return Section("II", "TỒN TẠI, HẠN CHẾ", tuple(items))


def _names(work: tuple[UnitWork, ...]) -> str:
    return ", ".join(w.name for w in work)


def _overdue(t: TaskResult) -> list[Item]:
    late = tuple(w for w in t.work if w.risk == Risk.OVERDUE)
    return [Item(f"Nhiệm vụ {t.task_id} (hạn {vn_date(t.due)}): {_names(late)}.", level=1)] if late else []


def _upcoming(t: TaskResult, end: date) -> list[Item]:
    open_work = tuple(w for w in t.leads if w.state != "done")
    if t.due is None or t.due <= end or not open_work:
        return []
    risk = "; có nguy cơ chậm tiến độ" if any(w.risk == Risk.AT_RISK for w in open_work) else ""
    return [
        Item(
            f"Nhiệm vụ {t.task_id}: {content(t)} (hạn {vn_date(t.due)}; chủ trì: {_names(t.leads)}{risk}).",
            level=1,
        )
    ]


def _ongoing(t: TaskResult) -> list[Item]:
    if t.due is not None:
        return []
    left = ""
    if t.target and t.total < t.target:
        rest, target = _in_measure(t.target - t.total, t.main_measure), _in_measure(t.target, t.main_measure)
        left = f"; còn {rest} so với chỉ tiêu {target}"
    return [Item(f"Nhiệm vụ {t.task_id}: {content(t)} (chủ trì: {_names(t.leads)}{left}).", level=1)]


def next_section(facts: Facts, end: date) -> Section:
    """III. Overdue work to finish, dated tasks still to come, and ongoing tasks to keep up."""
    parts = (
        ("Khẩn trương hoàn thành các nhiệm vụ đã quá hạn:", [i for t in facts.tasks for i in _overdue(t)]),
        (
            "Triển khai các nhiệm vụ có thời hạn trong kỳ tới:",
            [i for t in facts.tasks for i in _upcoming(t, end)],
        ),
        ("Tiếp tục thực hiện các nhiệm vụ thường xuyên:", [i for t in facts.tasks for i in _ongoing(t)]),
    )
    items: list[Item] = []
    for number, (heading, lines) in enumerate([p for p in parts if p[1]], start=1):
        items += [Item(heading, lead=f"{number}. "), *lines]
    return Section("III", "PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", tuple(items))


def proposals_section(facts: Facts, end: date) -> Section:
    """IV. Standing recommendations and the units proposed for commendation."""
    quiet = ", ".join(u.name for u in facts.silent)
    urge = f", nhất là {quiet}," if quiet else ""
    praise = (
        f"Đề nghị khen thưởng {', '.join(facts.commended)} đã hoàn thành đúng hạn tất cả nhiệm vụ "
        f"có thời hạn được giao tính đến ngày {vn_date(end)}."
        if facts.commended
        else f"Tính đến ngày {vn_date(end)}, chưa có phòng, đơn vị đủ điều kiện đề xuất khen thưởng "
        "(hoàn thành đúng hạn tất cả nhiệm vụ có thời hạn được giao)."
    )
    items = (
        Item(
            "Đề nghị Sở Nội vụ tiếp tục tổ chức tập huấn, bồi dưỡng nghiệp vụ thông tin, tuyên truyền cải "
            "cách hành chính cho công chức, viên chức làm công tác cải cách hành chính.",
            lead="1. ",
        ),
        Item(
            f"Đề nghị Lãnh đạo Sở chỉ đạo các phòng, đơn vị{urge} cập nhật tiến độ đầy đủ, đúng chu kỳ "
            "trên bảng theo dõi chung.",
            lead="2. ",
        ),
        Item(praise, lead="3. "),
    )
    return Section("IV", "ĐỀ XUẤT, KIẾN NGHỊ", items)
