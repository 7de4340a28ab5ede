"""A reminder's words, as plain text and as simple HTML (inline styles, one column, no images)
that reads on a phone and in Outlook alike."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from cchc.assess.status import Status
from cchc.remind.items import Item
from cchc.validate.units import Unit
from cchc.vocab.labels import DARK_RISKS, RISK_COLORS, vn_date

_AS_RISK = {"issue": "overdue", "report": "done_on_time"}  # kinds that are not risks wear a risk's colour
_GREY = ("#ececec", "#374151")
_FONT = "font-family:Arial,Helvetica,sans-serif;"
_FOOT = "Thư này do hệ thống theo dõi kế hoạch tuyên truyền CCHC gửi tự động; không cần trả lời thư."


@dataclass(frozen=True)
class Digest:
    """What the directors' digest says beside its list."""

    parts: int  # all units' parts (assignments)
    counts: list[tuple[str, int]]  # needing attention, per risk in words
    next_report: str
    unreachable: list[str]


def _greeting(who: Unit) -> str:
    head = f" ({who.head})" if who.head else ""
    return f"Kính gửi {who.name}{head},"


def _intro(status: Status, items: list[Item]) -> str:
    return (
        f"Tính đến ngày {vn_date(status.as_of)}, đơn vị có {len(items)} việc cần làm trong kế hoạch "
        f"«{status.plan.settings.title or 'tuyên truyền cải cách hành chính'}»:"
    )


def _item_text(n: int, item: Item, update: str | None) -> list[str]:
    lines = [f"{n}. [{item.label}] {item.title}"]
    if item.task:
        lines.append(f"   Nhiệm vụ {item.task}")
    lines.append(f"   {item.detail}")
    if item.link:
        lines.append(f"   Mở ô trong bảng tính: {item.link}")
    if update and item.kind != "issue":
        lines.append(f"   Cập nhật tiến độ: {update}")
    return lines


def unit_text(status: Status, who: Unit, items: list[Item], update: str | None) -> str:
    """The unit's message as plain text."""
    lines = [_greeting(who), "", _intro(status, items), ""]
    for n, item in enumerate(items, 1):
        lines += [*_item_text(n, item, update), ""]
    return "\n".join([*lines, "--", _FOOT, ""])


def _tint(color: str, share: float = 0.15) -> str:
    """`color` mixed with white, `share` of it kept: a light background of the same hue."""
    rgb = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * share):02x}" for c in rgb)


def badge_colors(kind: str) -> tuple[str, str]:
    """A badge's background and text: the risk's colour of the pages (`RISK_COLORS`), readable."""
    risk = _AS_RISK.get(kind, kind)
    if risk not in RISK_COLORS:
        return _GREY
    if risk in DARK_RISKS:  # dark enough to be text, on a light tint of itself
        return _tint(RISK_COLORS[risk]), RISK_COLORS[risk]
    return RISK_COLORS[risk], "#000000"  # too light for text: the background, black on it, as on the pages


def _badge(kind: str, label: str) -> str:
    back, fore = badge_colors(kind)
    return (
        f'<span style="display:inline-block;padding:2px 8px;border-radius:10px;font-size:13px;'
        f'background:{back};color:{fore};font-weight:bold">{escape(label)}</span>'
    )


def _button(url: str, label: str) -> str:
    return (
        f'<a href="{escape(url)}" style="display:inline-block;margin:6px 8px 0 0;padding:8px 14px;'
        f'border-radius:6px;background:#1d4ed8;color:#ffffff;text-decoration:none;font-size:15px">'
        f"{escape(label)}</a>"
    )


def _item_html(item: Item, update: str | None) -> str:
    task = f'<div style="color:#4b5563;font-size:14px;margin-top:4px">Nhiệm vụ {escape(item.task)}</div>'
    links = "".join(
        _button(url, label)
        for url, label in ((item.link, "Mở ô trong bảng tính"), (update, "Cập nhật tiến độ"))
        if url and (label != "Cập nhật tiến độ" or item.kind != "issue")
    )
    return (
        '<tr><td style="padding:12px 14px;border:1px solid #e5e7eb;border-radius:8px;background:#ffffff">'
        f"{_badge(item.kind, item.label)}"
        f'<div style="font-weight:bold;font-size:16px;margin-top:6px">{escape(item.title)}</div>'
        f"{task if item.task else ''}"
        f'<div style="font-size:15px;margin-top:6px;line-height:1.45">{escape(item.detail)}</div>'
        f"{f'<div>{links}</div>' if links else ''}"
        '</td></tr><tr><td style="height:10px;line-height:10px;font-size:0">&nbsp;</td></tr>'
    )


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title></head>"
        f'<body style="margin:0;padding:0;background:#f3f4f6;{_FONT}color:#111827">'
        '<table role="presentation" width="100%" cellspacing="0" cellpadding="0" '
        'style="background:#f3f4f6"><tr><td align="center" style="padding:12px 8px">'
        '<table role="presentation" width="100%" cellspacing="0" cellpadding="0" '
        'style="max-width:640px;border-collapse:separate">'
        f"{body}"
        f'<tr><td style="padding:8px 4px;color:#6b7280;font-size:12px">{escape(_FOOT)}</td></tr>'
        "</table></td></tr></table></body></html>"
    )


def _para(text: str, style: str = "") -> str:
    cell = f"padding:4px 4px 10px;font-size:15px;line-height:1.45;{style}"
    return f'<tr><td style="{cell}">{escape(text)}</td></tr>'


def unit_html(status: Status, who: Unit, items: list[Item], update: str | None) -> str:
    """The unit's message as HTML."""
    body = (
        _para("Nhắc việc kế hoạch tuyên truyền CCHC", "font-size:19px;font-weight:bold;color:#1e3a8a")
        + _para(_greeting(who))
        + _para(_intro(status, items))
        + "".join(_item_html(item, update) for item in items)
    )
    return _page(f"Nhắc việc: {who.name}", body)


def _digest_lines(status: Status, facts: Digest, items: list[Item]) -> list[str]:
    counts = ", ".join(f"{label}: {n}" for label, n in facts.counts) or "không có"
    return [
        f"Tính đến ngày {vn_date(status.as_of)}: {len(items)} trên {facts.parts} phần việc của các đơn vị "
        f"cần chú ý ({counts}).",
        facts.next_report,
    ]


def _unreachable(facts: Digest) -> str:
    return (
        "Đơn vị có việc cần làm nhưng chưa có email (không gửi nhắc được): "
        f"{', '.join(facts.unreachable)}. Hãy bổ sung cột «Email» trong trang tính «Đơn vị»."
    )


def digest_text(status: Status, items: list[Item], facts: Digest) -> str:
    """The directors' digest as plain text."""
    lines = ["Kính gửi Lãnh đạo Sở,", "", *_digest_lines(status, facts, items), ""]
    lines += [f"{n}. [{i.label}] Nhiệm vụ {i.task} – {i.title}: {i.detail}" for n, i in enumerate(items, 1)]
    if facts.unreachable:
        lines += ["", _unreachable(facts)]
    return "\n".join([*lines, "", "--", _FOOT, ""])


def digest_html(status: Status, items: list[Item], facts: Digest) -> str:
    """The directors' digest as HTML."""
    head, report = _digest_lines(status, facts, items)
    rows = "".join(
        '<tr><td style="padding:10px 12px;border:1px solid #e5e7eb;background:#ffffff">'
        f"{_badge(i.kind, i.label)}"
        f'<div style="font-weight:bold;font-size:15px;margin-top:6px">Nhiệm vụ {escape(i.task)}</div>'
        f'<div style="font-size:14px;color:#374151;margin-top:2px">{escape(i.title)}</div>'
        f'<div style="font-size:15px;margin-top:4px">{escape(i.detail)}</div></td></tr>'
        for i in items
    )
    body = (
        _para(
            "Tổng hợp nhắc việc kế hoạch tuyên truyền CCHC", "font-size:19px;font-weight:bold;color:#1e3a8a"
        )
        + _para("Kính gửi Lãnh đạo Sở,")
        + _para(head)
        + _para(report, "font-weight:bold")
        + rows
        + (_para(_unreachable(facts), "color:#9b1c1c;padding-top:12px") if facts.unreachable else "")
    )
    return _page("Tổng hợp nhắc việc", body)
