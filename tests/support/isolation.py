"""What a test must not inherit from the machine it runs on: the CCHC_ settings and a Google key.

The autouse `isolated` fixture (tests/conftest.py) uses `isolate` for every test; a module-scoped
fixture that runs the code before any test does (e.g. one shared export) calls it itself, and a
server started in a subprocess gets `clean_environ()`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import pytest

GOOGLE_KEY = "GOOGLE_APPLICATION_CREDENTIALS"


def machine_setting(name: str) -> bool:
    """A variable that would steer the code under test: every CCHC_ setting and the Google key file."""
    return name.startswith("CCHC_") or name == GOOGLE_KEY


def isolate(patch: pytest.MonkeyPatch, folder: Path) -> Path:
    """Work in `folder` (no `.streamlit/secrets.toml`, `snapshots/` or audit log of the checkout) with
    every machine setting removed; undone when `patch` is."""
    patch.chdir(folder)
    for name in [n for n in os.environ if machine_setting(n)]:
        patch.delenv(name)
    return folder


def clean_environ(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a subprocess, without any machine setting."""
    return {k: v for k, v in (os.environ if environ is None else environ).items() if not machine_setting(k)}
