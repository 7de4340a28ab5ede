"""Report: the half-year and annual drafts to Sở Nội vụ, built from a snapshot: the facts (`facts`),
the sentences (`text`), the draft (`draft`), the Word file (`docx`) and the entry point (`files`).

Public names load on first use (`cchc.vocab.lazy`).
"""

from __future__ import annotations

from cchc.vocab.lazy import exports

__all__, __getattr__ = exports(
    __name__,
    {
        "APPENDIX_COLUMNS": "draft",
        "APPENDIX_WIDTHS": "docx",
        "AppendixRow": "draft",
        "DEFAULT_AGENCY": "draft",
        "FONT": "docx",
        "Facts": "facts",
        "HEAD_COLUMNS": "docx",
        "INDENT": "docx",
        "Item": "text",
        "KINDS": "draft",
        "LATE": "facts",
        "Letterhead": "draft",
        "MOTTO": "docx",
        "NO_UPDATE": "text",
        "PERIOD_NAMES": "draft",
        "RECIPIENT": "docx",
        "RECIPIENTS": "draft",
        "ReportDraft": "draft",
        "Section": "text",
        "Shortfall": "facts",
        "SilentUnit": "facts",
        "TEXT_WIDTH": "docx",
        "TaskResult": "facts",
        "UnitWork": "facts",
        "add_paragraph": "docx",
        "add_run": "docx",
        "appendix_rows": "draft",
        "build_report": "draft",
        "channels_text": "text",
        "commended": "facts",
        "content": "text",
        "draft_text": "draft",
        "gather": "facts",
        "letterhead": "draft",
        "next_section": "text",
        "percent": "text",
        "period_rows": "facts",
        "proposals_section": "text",
        "report_docx": "docx",
        "report_from_snapshot": "files",
        "results_section": "text",
        "set_fonts": "docx",
        "shortfalls_section": "text",
        "silent_units": "facts",
        "state_text": "text",
        "task_results": "facts",
    },
)
