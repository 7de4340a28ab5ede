"""Which source to read (SPEC §7): argument, then CCHC_SOURCE, then secrets.toml, then sample."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from cchc.secrets_file import SECRETS, section
from cchc.sources import SAMPLE

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def today() -> date:
    """Today in Việt Nam (the default as-of date); only the shells call it, never the core."""
    return datetime.now(VIETNAM).date()


def resolve_source(argument: str | None, env: dict[str, str] | None = None, secrets: Path = SECRETS) -> str:
    """The source named by the first of: argument, environment, secrets file, the sample."""
    environ = os.environ if env is None else env
    configured = section("cchc", secrets).get("source")
    return argument or environ.get("CCHC_SOURCE") or (str(configured) if configured else None) or SAMPLE


def allow_write(secrets: Path = SECRETS) -> bool:
    """Whether the dashboard may write check results into the sheet (`[cchc] allow_write = true`)."""
    return section("cchc", secrets).get("allow_write") is True


def snapshots_dir(env: Mapping[str, str] | None = None, secrets: Path = SECRETS) -> Path:
    """The folder of dated snapshots: `CCHC_SNAPSHOTS`, `[cchc] snapshots`, or `./snapshots`."""
    environ = os.environ if env is None else env
    configured = environ.get("CCHC_SNAPSHOTS") or section("cchc", secrets).get("snapshots") or "snapshots"
    return Path(str(configured)).expanduser()
