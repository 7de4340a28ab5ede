"""`.streamlit/secrets.toml`, the place Streamlit apps keep configuration and keys (never in git)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

SECRETS = Path(".streamlit") / "secrets.toml"


def section(name: str, path: Path = SECRETS) -> dict[str, Any]:
    """One `[name]` table of the secrets file; empty when the file or the table is missing or broken."""
    try:
        found = tomllib.loads(path.read_text(encoding="utf-8")).get(name)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    return dict(found) if isinstance(found, dict) else {}
