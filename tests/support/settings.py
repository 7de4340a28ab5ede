"""A test's dashboard settings: its `.streamlit/secrets.toml`, and fresh reads of it and of the source."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from streamlit.runtime.secrets import secrets_singleton

import ui.data
from tests.support.access import ACCESS, AUTH


def signed_in(tables: str) -> str:
    """The sign-in secrets (`tests.support.access.SECRETS`) with `tables` just before `[cchc.access]`."""
    return f"{AUTH}\n{tables}{ACCESS}"


def write_secrets(folder: Path, text: str) -> None:
    """Write `folder/.streamlit/secrets.toml`; Streamlit reads it again at its next use."""
    (folder / ".streamlit").mkdir(exist_ok=True)
    (folder / ".streamlit" / "secrets.toml").write_text(text, encoding="utf-8")
    secrets_singleton._reset()


@contextmanager
def fresh_reads() -> Iterator[None]:
    """Around a test: no cached read of the source before it, no secrets nor read of its own after."""
    ui.data.load.clear()
    yield
    secrets_singleton._reset()
    ui.data.load.clear()
