"""Which source to read (SPEC §7): argument, then CCHC_SOURCE, then secrets.toml, then sample."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from cchc.sources import SAMPLE

SECRETS = Path(".streamlit") / "secrets.toml"


def _from_secrets(path: Path) -> str | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    value = data.get("cchc", {}).get("source")
    return str(value) if value else None


def resolve_source(argument: str | None, env: dict[str, str] | None = None, secrets: Path = SECRETS) -> str:
    """The source named by the first of: argument, environment, secrets file, the sample."""
    environ = os.environ if env is None else env
    return argument or environ.get("CCHC_SOURCE") or _from_secrets(secrets) or SAMPLE
