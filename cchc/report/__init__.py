"""Report (SPEC §11): the drafts to Sở Nội vụ, to the Sở's leadership and each unit's own, built from
a snapshot: the facts (`facts`), the sentences (`text`), what every draft shares (`common`), one module
a kind (`home_affairs`, `internal`, `unit_report`), the choice of kind (`draft`), the Word file
(`docx`) and the entry points (`files`).

Public names load on first use (`cchc.vocab.lazy`).
"""

from __future__ import annotations

from cchc.vocab.lazy import exports

__all__, __getattr__ = exports(
    __name__,
    {
        "APPENDIX_COLUMNS": "common",
        "Appendix": "common",
        "KINDS": "common",
        "KIND_LABELS": "draft",
        "Letterhead": "common",
        "PERIODS": "common",
        "ReportDraft": "common",
        "build_report": "draft",
        "draft_text": "draft",
        "report_docx": "docx",
        "report_from_snapshot": "files",
    },
)
