"""The configuration, read once at the edges: the two shells (CLI, dashboard) call `load_config`.

Nothing below the shells reads the environment or `.streamlit/secrets.toml`: they get a `Config`
(or the part of it they need) as an argument. Each setting is taken from the first of: the
command's own argument, an environment variable, the `[cchc]` table of secrets.toml, a default.

| setting | environment | secrets.toml | default |
|---|---|---|---|
| source | `CCHC_SOURCE` | `[cchc] source` | the bundled sample |
| Google key | `GOOGLE_APPLICATION_CREDENTIALS` (a JSON file) | `[gcp_service_account]` | none |
| Sheets API endpoint (emulator) | `CCHC_SHEETS_ENDPOINT` | — | Google |
| last good reads | `CCHC_CACHE_DIR` | — | `~/.cache/cchc` |
| snapshots | `CCHC_SNAPSHOTS` | `[cchc] snapshots` | `./snapshots` |
| audit log | `CCHC_AUDIT_LOG` | — | `$XDG_DATA_HOME/cchc/audit.jsonl` |
| reminders' sent-log | `CCHC_REMIND_LOG` | `[cchc.remind] sent_log` | `remind.jsonl` beside the audit log |
| reminders' digest, dashboard address | — | `[cchc.remind] directors`, `[cchc] url` | none |
| mail server (reminders) | — | `[cchc.smtp]` host, port, security, user, password, sender | none |
| seconds a read is kept | `CCHC_TTL` | — | 60 |
| dashboard may write checks | — | `[cchc] allow_write = true` | no |
| sign-in, roles | — | `[auth]`, `[cchc.access]` | none |
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cchc.access.audit import default_path
from cchc.access.roles import secrets_syntax_error
from cchc.remind.settings import RemindSettings, SmtpSettings, smtp_from_table
from cchc.sources import SAMPLE, GoogleAccess, SourceSpec, parse_source
from cchc.vocab.terms import VIETNAM

__all__ = ["VIETNAM", "Config", "Secrets", "load_config", "now", "read_secrets", "today"]

SECRETS = Path(".streamlit") / "secrets.toml"
DEFAULT_TTL = 60
REMIND_LOG = "remind.jsonl"


@dataclass(frozen=True)
class Secrets:
    """The secrets file as read: its tables, or why it could not be read (then no table at all)."""

    tables: Mapping[str, Any] = field(default_factory=dict)
    error: str | None = None  # Vietnamese; a broken file must close the dashboard, not open it

    def table(self, name: str) -> dict[str, Any]:
        """One `[name]` table; empty when missing or not a table."""
        found = self.tables.get(name)
        return dict(found) if isinstance(found, dict) else {}


@dataclass(frozen=True)
class Config:
    """Everything the shells decide once and pass down."""

    source: SourceSpec
    google: GoogleAccess
    snapshots: Path
    audit_log: Path
    ttl: int
    allow_write: bool
    secrets: Secrets
    remind_log: Path | None = (
        None  # CCHC_REMIND_LOG; else `[cchc.remind] sent_log`; else beside the audit log
    )

    @property
    def access(self) -> object:
        """The `[cchc.access]` table (roles), as written; `cchc.access.roles.parse` judges it."""
        return self.secrets.table("cchc").get("access")

    @property
    def auth(self) -> dict[str, Any]:
        """The `[auth]` table Streamlit's sign-in reads."""
        return self.secrets.table("auth")

    @property
    def remind(self) -> RemindSettings:
        """`[cchc.remind]` (directors, sent_log) and `[cchc] url`, with the sent-log's path resolved."""
        mine = self.secrets.table("cchc")
        found = mine.get("remind")
        table: dict[str, Any] = dict(found) if isinstance(found, dict) else {}
        directors = table.get("directors") or ()
        named = [directors] if isinstance(directors, str) else list(directors)
        logged = table.get("sent_log")
        log = self.remind_log or (Path(str(logged)).expanduser() if logged else None)
        url = str(mine.get("url") or "").strip() or None
        return RemindSettings(
            sent_log=log or self.audit_log.parent / REMIND_LOG,
            directors=tuple(str(d).strip() for d in named if str(d).strip()),
            url=url,
        )

    def smtp(self) -> SmtpSettings:
        """`[cchc.smtp]`; raises `SmtpConfigError` (Vietnamese, naming the key) when missing or wrong."""
        found = self.secrets.table("cchc").get("smtp")
        return smtp_from_table(dict(found) if isinstance(found, dict) else {})


def read_secrets(path: Path = SECRETS) -> Secrets:
    """The secrets file's tables; a missing file is empty, an unreadable or broken one says why."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Secrets()
    except (OSError, UnicodeDecodeError):
        return Secrets(
            error="Không đọc được tệp .streamlit/secrets.toml (quyền đọc hoặc bảng mã). Hãy kiểm tra tệp."
        )
    try:
        return Secrets(tomllib.loads(text))
    except tomllib.TOMLDecodeError:  # the message names the line to fix
        return Secrets(error=secrets_syntax_error(text))


def _ttl(text: str | None) -> int:
    """Seconds one read is kept; a value that is not a positive whole number keeps the default."""
    return int(text) if text and text.strip().isdigit() and int(text) > 0 else DEFAULT_TTL


def _google(env: Mapping[str, str], secrets: Secrets) -> GoogleAccess:
    account = secrets.table("gcp_service_account")
    return GoogleAccess(
        endpoint=env.get("CCHC_SHEETS_ENDPOINT") or None,
        key_file=env.get("GOOGLE_APPLICATION_CREDENTIALS") or None,
        service_account=json.dumps(account, sort_keys=True) if account else None,
        cache_dir=Path(env.get("CCHC_CACHE_DIR") or Path.home() / ".cache" / "cchc"),
    )


def load_config(
    source: str | None = None, env: Mapping[str, str] | None = None, secrets_path: Path = SECRETS
) -> Config:
    """The configuration from an argument, the environment and the secrets file (SPEC §7)."""
    environ = os.environ if env is None else env
    secrets = read_secrets(secrets_path)
    mine = secrets.table("cchc")
    named = source or environ.get("CCHC_SOURCE") or (str(mine["source"]) if mine.get("source") else SAMPLE)
    snapshots = environ.get("CCHC_SNAPSHOTS") or mine.get("snapshots") or "snapshots"
    return Config(
        source=parse_source(named),
        google=_google(environ, secrets),
        snapshots=Path(str(snapshots)).expanduser(),
        audit_log=default_path(environ),
        ttl=_ttl(environ.get("CCHC_TTL")),
        allow_write=mine.get("allow_write") is True,
        secrets=secrets,
        remind_log=Path(environ["CCHC_REMIND_LOG"]) if environ.get("CCHC_REMIND_LOG") else None,
    )


def today() -> date:
    """Today in Việt Nam; only the shells call it, never the core (time is an argument)."""
    return datetime.now(VIETNAM).date()


def now() -> datetime:
    """This moment in Việt Nam, the one time zone every page, log and snapshot name uses."""
    return datetime.now(VIETNAM)
