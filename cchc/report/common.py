"""What every report draft (SPEC §11) shares: its types, the agency and the place line, the plan as
cited, the period and its written texts, the «Đánh giá» block and the closing sections."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from cchc.assess.schedule import Report, reports
from cchc.report.facts import TaskResult
from cchc.report.text import PLACEHOLDER, Item, Section, blank, next_words, written
from cchc.snapshot.purpose import REPORT_KINDS
from cchc.validate.plan import Plan
from cchc.validate.reports import ReportText
from cchc.vocab.labels import vn_date

PERIODS = REPORT_KINDS  # a report to Sở Nội vụ covers the period it is named for
KINDS = (*PERIODS, "internal", "unit")  # the Sở's leadership's and a unit's cover a period chosen for them
APPENDIX_COLUMNS = (
    "STT",
    "Nội dung nhiệm vụ",
    "Đơn vị chủ trì",
    "Thời gian",
    "Sản phẩm trong kỳ",
    "Tình hình thực hiện",
    "Minh chứng",
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


def agency_names(plan: Plan) -> tuple[str, str]:
    """The agency's name in running text (without the province) and in its letterhead line."""
    full = plan.settings.agency.strip()
    found = _PLACE.match(full)
    short = found["name"] if found else full
    if not full:
        return blank("tên cơ quan"), blank("TÊN CƠ QUAN")
    return short, (short if plan.settings.governing_body else full).upper()


def place_date(plan: Plan, year: int) -> str:
    """The place and the date left to fill, at the letterhead's right."""
    place = plan.settings.place_name or blank("địa danh")
    return f"{place}, ngày … tháng … năm {year}"


def plan_cited(plan: Plan, agency: str) -> str:
    """«Kế hoạch số 25/KH-SKHCN ngày 10/01/2017 của Sở … về thông tin, tuyên truyền …»."""
    settings = plan.settings
    number = f" số {settings.plan_number}" if settings.plan_number else ""
    day = f" ngày {vn_date(settings.plan_date)}" if settings.plan_date else ""
    about = settings.subject or blank("trích yếu của Kế hoạch")
    return f"Kế hoạch{number}{day} của {agency} về {about}"


def data_span(start: date, end: date) -> str:
    """The end of an opening paragraph: the dates its figures run from and to."""
    return f"(số liệu từ ngày {vn_date(start)} đến ngày {vn_date(end)}) như sau:"


def chooses_period(kind: str) -> bool:
    """Whether a report of `kind` covers a period chosen for it (internal, unit), not its own kind's."""
    return kind not in PERIODS


def covered_period(kind: str, period: str | None = None) -> str:
    """The period a report covers, hence the snapshot it is built from: the kind itself for the
    reports to Sở Nội vụ, `period` (default 6 months) for the internal report and a unit's."""
    return (period or PERIODS[0]) if chooses_period(kind) else kind


def period_report(plan: Plan, period: str, year: int) -> Report:
    """The schedule of the `period` report of `year`: its dates, cut-offs and deadlines."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    return next(r for r in reports(plan.settings, year, date(year, 1, 1)) if r.kind == period)


def period_texts(plan: Plan, period: str, year: int, unit: str | None) -> tuple[ReportText, ...]:
    """The `Báo cáo` paragraphs written for this report (`unit` None: the Sở's own)."""
    return tuple(t for t in plan.report_texts if (t.kind, t.year, t.unit) == (period, year, unit))


def review(texts: tuple[ReportText, ...], shortfalls: list[Item]) -> list[Item]:
    """«Đánh giá»: strengths, weaknesses (then `shortfalls`, from the figures) and causes."""
    return [
        Item("", lead="1. Ưu điểm"),
        *written(texts, "strengths", "Nêu ưu điểm"),
        Item("", lead="2. Tồn tại, hạn chế"),
        *written(texts, "weaknesses", "Nêu tồn tại, hạn chế"),
        *shortfalls,
        Item("", lead="3. Nguyên nhân"),
        *written(texts, "causes", "Nêu nguyên nhân"),
    ]


def outlook(
    texts: tuple[ReportText, ...], period: str, year: int, still: list[Item]
) -> list[tuple[str, list[Item]]]:
    """The two closing sections: the next period's tasks (then `still`) and the proposals."""
    return [
        (
            f"PHƯƠNG HƯỚNG, NHIỆM VỤ {next_words(period, year).upper()}",
            [*written(texts, "next_steps", "Nêu phương hướng, nhiệm vụ kỳ tới"), *still],
        ),
        ("KIẾN NGHỊ, ĐỀ XUẤT", written(texts, "proposals", "Nêu kiến nghị, đề xuất")),
    ]


def spelled_out(sections: tuple[Section, ...]) -> tuple[Section, ...]:
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


def signer_title(plan: Plan) -> tuple[str, ...]:
    """The signer's title lines, from the setting's `;`-separated parts."""
    return tuple(line.strip() for line in plan.settings.signer_title.split(";") if line.strip())
