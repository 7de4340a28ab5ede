"""The messages of one reminder run: one per unit with something to do, one digest per director.

Pure: a `Status` and the `[cchc.remind]` choices in, `Reminder`s out (subject, plain text, HTML,
items). The dashboard previews exactly what `python -m cchc remind` sends.
"""

from __future__ import annotations

from dataclasses import dataclass

from cchc.assess.schedule import next_report
from cchc.assess.status import Status
from cchc.present.views import attention, attention_parts, part_counts
from cchc.remind import render
from cchc.remind.items import Item, unit_items
from cchc.remind.settings import RemindSettings
from cchc.vocab.labels import REPORT_LABELS, RISK_LABELS, vn_date
from cchc.vocab.terms import ATTENTION

DIGEST = "digest"


@dataclass(frozen=True)
class Reminder:
    """One email: to one address; `unit` is the unit's code, or None for a director's digest."""

    to: str
    unit: str | None
    subject: str
    text: str
    html: str
    items: tuple[Item, ...]

    @property
    def recipient(self) -> str:
        """Whom the sent-log remembers: the unit's code, or `digest:<address>` for a director."""
        return self.unit if self.unit else f"{DIGEST}:{self.to.lower()}"

    @property
    def keys(self) -> frozenset[str]:
        """The stable ids of the items this message carries."""
        return frozenset(item.key for item in self.items)


def _unit_codes(status: Status, unit: str | None) -> list[str]:
    return [u.code for u in status.plan.units.ordered() if unit is None or u.code == unit]


def _items_by_unit(status: Status, unit: str | None) -> dict[str, list[Item]]:
    """Each unit's items (only `unit`'s, with one), in the units' order: computed once per build."""
    return {code: unit_items(status, code) for code in _unit_codes(status, unit)}


def _unreachable(status: Status, items: dict[str, list[Item]]) -> list[str]:
    units = status.plan.units.units
    return [units[code].name for code, mine in items.items() if mine and not units[code].email.strip()]


def _unit_reminder(status: Status, code: str, items: list[Item], settings: RemindSettings) -> Reminder:
    who = status.plan.units.units[code]
    subject = f"[CCHC] {who.name}: {len(items)} việc cần làm (tính đến {vn_date(status.as_of)})"
    text = render.unit_text(status, who, items, settings.update_link)
    html = render.unit_html(status, who, items, settings.update_link)
    return Reminder(who.email.strip(), code, subject, text, html, tuple(items))


def _digest_items(status: Status) -> list[Item]:
    """The parts needing attention (§5), worst first, as the Tổng quan list words them."""
    rows = attention(status).to_dict("records")
    items = []
    for part, row in zip(attention_parts(status), rows, strict=True):  # same parts, same order
        items.append(
            Item(
                key=f"{DIGEST}:{part.risk}:{part.task_id}:{part.unit}",
                kind=str(part.risk),
                label=RISK_LABELS[part.risk],
                unit=part.unit,
                task=str(row["Nhiệm vụ"]),
                title=str(row["Đơn vị"]),
                detail=str(row["Vì sao"]),
            )
        )
    return items


def _digest_facts(status: Status, unreachable: list[str]) -> render.Digest:
    counts = part_counts(status)
    report = next_report(status.reports)
    upcoming = (
        f"{REPORT_LABELS[report.kind]} gửi Sở Nội vụ: chậm nhất {vn_date(report.last_day)} "
        f"(còn {report.days_left} ngày); các đơn vị gửi báo cáo của mình chậm nhất "
        f"{vn_date(report.unit_deadline)}."
        if report
        else "Các báo cáo của năm đã gửi hoặc đã qua hạn."
    )
    shown = [(RISK_LABELS[r], n) for r, n in counts.shown() if r in ATTENTION]
    return render.Digest(counts.total, shown, upcoming, unreachable)


def compose(
    status: Status, settings: RemindSettings, unit: str | None = None
) -> tuple[list[Reminder], list[str]]:
    """Every message due at `status.as_of` (pure: a status in, messages out): units with something to
    do and an email; with no `unit`, also one digest per director in `settings.directors` (only when
    there is something to say). Also the names of the units with something to do but no `Email`."""
    by_unit = _items_by_unit(status, unit)
    units = status.plan.units.units
    messages = [
        _unit_reminder(status, code, items, settings)
        for code, items in by_unit.items()
        if items and units[code].email.strip()
    ]
    unreachable = _unreachable(status, by_unit)
    if unit is not None or not settings.directors:
        return messages, unreachable
    return messages + _digests(status, settings, unreachable), unreachable


def _digests(status: Status, settings: RemindSettings, unreachable: list[str]) -> list[Reminder]:
    """One digest per director, or none when there is nothing to say."""
    items = _digest_items(status)
    facts = _digest_facts(status, unreachable)
    if not items and not facts.unreachable:
        return []
    subject = (
        f"[CCHC] Tổng hợp nhắc việc: {len(items)} phần việc cần chú ý (tính đến {vn_date(status.as_of)})"
    )
    text, html = render.digest_text(status, items, facts), render.digest_html(status, items, facts)
    missing = tuple(
        Item(f"{DIGEST}:unreachable::{name}", "unreachable", "Không có email", "", "", name, "")
        for name in facts.unreachable
    )
    return [Reminder(to, None, subject, text, html, (*items, *missing)) for to in settings.directors]
