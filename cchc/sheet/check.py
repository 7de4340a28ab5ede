"""`sheet check`, decided without IO: the `Kiểm tra` tab's content and the `[CCHC]` notes.

The tab is replaced whole (one `updateCells` over the tab, which clears what the new content
does not cover); it is created, frozen and protected with a warning the first time. With notes,
each offending cell gets the messages of its issues as a note beginning with `[CCHC]`; a note
of our own that no longer applies is removed; a cell that carries a note someone else wrote is
left alone (the issue is still listed in the tab). Notes never change a cell's value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cchc.present.quality import issues_table
from cchc.sheet import requests as req
from cchc.sheet.write import Notes, TabInfo
from cchc.validate.plan import Plan
from cchc.vocab.a1 import position
from cchc.vocab.issues import Issue
from cchc.vocab.schema import CHECK_TAB

NOTE_PREFIX = "[CCHC]"
_TAB_NOTE = "CCHC: kết quả kiểm tra, chương trình ghi lại mỗi lần kiểm tra"
_TEXT_COLUMNS = ("Mức", "Trang tính", "Ô", "Cột", "Đơn vị", "Vấn đề và cách sửa", "Giá trị", "Mã lỗi")


@dataclass
class CheckPlan:
    """The requests to send and what they do, for the user."""

    requests: list[req.Request] = field(default_factory=list)
    notes_set: int = 0
    notes_removed: int = 0
    notes_kept: int = 0  # offending cells whose note someone else wrote
    rows: int = 0


def check_lines(plan: Plan, checked_at: datetime) -> list[list[dict[str, Any]]]:
    """The tab: a header, then one row per issue with its time, place, message and cell link."""
    when = checked_at.strftime("%d/%m/%Y %H:%M")
    table = issues_table(plan)
    header = ["Thời điểm kiểm tra", *_TEXT_COLUMNS, "Mở ô"]
    lines = [[req.text_cell(name, bold=True) for name in header]]
    for record in table.to_dict("records"):
        cells = [req.text_cell(when), *(req.text_cell(str(record[name] or "")) for name in _TEXT_COLUMNS)]
        link = record.get("Mở ô")
        cells.append(
            req.text_cell(f"Mở ô {record['Ô']}", link=str(link))
            if link and record["Ô"]
            else req.text_cell("")
        )
        lines.append(cells)
    if len(lines) == 1:
        lines.append([req.text_cell(when), req.text_cell("Không có lỗi nào trong dữ liệu.")])
    return lines


def _tab_requests(tabs: list[TabInfo], lines: list[list[dict[str, Any]]]) -> list[req.Request]:
    found = next((t for t in tabs if t.title == CHECK_TAB), None)
    if found is None:
        sheet_id = req.new_sheet_id(CHECK_TAB, {t.sheet_id for t in tabs})
        more = max(0, len(lines) - req.NEW_TAB_ROWS)
        first = [req.add_sheet(sheet_id, CHECK_TAB, len(lines[0]))]
        first += [req.append_rows(sheet_id, more)] if more else []
        first.append(req.protect_tab(sheet_id, _TAB_NOTE))
        return [*first, req.replace_tab(sheet_id, lines)]
    grow = [req.append_rows(found.sheet_id, len(lines) - found.rows)] if len(lines) > found.rows else []
    return [*grow, req.replace_tab(found.sheet_id, lines)]


def wanted_notes(plan: Plan) -> Notes:
    """`[CCHC]` + the messages of a cell's issues, for every issue that names a cell."""
    by_cell: dict[tuple[str, int, int], list[Issue]] = {}
    for issue in plan.issues:
        title = plan.tabs.get(issue.sheet or "")
        if title and issue.cell:
            row, col = position(issue.cell)
            by_cell.setdefault((title, row, col), []).append(issue)
    return {
        where: NOTE_PREFIX + " " + "\n".join(i.text or i.message for i in issues)
        for where, issues in by_cell.items()
    }


def _note_requests(plan: Plan, existing: Notes, result: CheckPlan) -> None:
    wanted = wanted_notes(plan)
    ids = {title: plan.gids[sheet] for sheet, title in plan.tabs.items() if sheet in plan.gids}
    for (title, row, col), text in sorted(wanted.items()):
        found = existing.get((title, row, col), "")
        if found and not found.startswith(NOTE_PREFIX):
            result.notes_kept += 1
        elif found != text:
            result.requests.append(req.set_note(ids[title], row, col, text))
            result.notes_set += 1
    for (title, row, col), text in sorted(existing.items()):
        if text.startswith(NOTE_PREFIX) and (title, row, col) not in wanted and title in ids:
            result.requests.append(req.set_note(ids[title], row, col, ""))
            result.notes_removed += 1


def plan_check(plan: Plan, tabs: list[TabInfo], checked_at: datetime, notes: Notes | None) -> CheckPlan:
    """Every request of one `sheet check`; `notes` None leaves notes alone."""
    lines = check_lines(plan, checked_at)
    result = CheckPlan(requests=_tab_requests(tabs, lines), rows=len(lines) - 1)
    if notes is not None:
        _note_requests(plan, notes, result)
    return result
