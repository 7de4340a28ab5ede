"""Reading Markdown that `ui.text.literal` wrote as the page shows it (AppTest sees the Markdown source)."""

from __future__ import annotations

import re


def shown(markdown: str) -> str:
    """What a reader sees: no backslash escapes, no invisible word joiners."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")
