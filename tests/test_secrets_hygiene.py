"""The service-account key and the sign-in secrets never show: not in a page, a log, an error
message, an export, a snapshot manifest, a report or the audit log (grep for the test secrets)."""

from __future__ import annotations

import io
import json
import logging
import tomllib
import zipfile
from pathlib import Path

import pytest
from streamlit.runtime.secrets import secrets_singleton
from streamlit.testing.v1 import AppTest

import ui.data
from cchc.cli.main import main
from cchc.sources import gsheet
from tests.support.access import SECRETS
from tests.support.app import PAGES

APP = str(Path(__file__).resolve().parent.parent / "app.py")
_PEM = "PRIVATE" + " KEY"  # a made-up key: built here so no file looks like it holds a real one
KEY = {
    "type": "service_account",
    "project_id": "du-an-cchc",
    "private_key_id": "0f1e2d3c4b5a69788796a5b4c3d2e1f0aabbccdd",
    "private_key": f"-----BEGIN {_PEM}-----\nTHIS-IS-NOT-A-REAL-KEY-BUT-MUST-NEVER-LEAK\n"
    f"-----END {_PEM}-----\n",
    "client_email": "cchc@du-an-cchc.iam.gserviceaccount.com",
    "client_id": "123456789012345678901",
    "token_uri": "https://oauth2.googleapis.com/token",
}
DIRECTOR = {"is_logged_in": True, "email": "giamdoc@sokhcn.gov.vn"}


def secret_values(document: dict) -> set[str]:
    """Every text value of the secret sections except the account's email (named on purpose in messages)."""
    found: set[str] = set()
    for section in ("auth", "gcp_service_account"):
        for key, value in document.get(section, {}).items():
            if (
                isinstance(value, str)
                and len(value) >= 8
                and key not in ("client_email", "token_uri", "type")
            ):
                found.add(value)
    found |= {line for value in list(found) for line in value.splitlines() if len(line) >= 8}
    return found


def leaks(text: str, secrets: set[str]) -> list[str]:
    return [secret[:12] + "…" for secret in secrets if secret in text]


@pytest.fixture
def office(monkeypatch, tmp_path):
    """Secrets with sign-in and a service-account key, a key file, and private audit/snapshot folders."""
    table = "\n".join(f"{k} = {json.dumps(v)}" for k, v in KEY.items())
    text = SECRETS + f"\n[gcp_service_account]\n{table}\n"
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(text, encoding="utf-8")
    (tmp_path / "key.json").write_text(json.dumps(KEY), encoding="utf-8")
    for name, value in (
        ("CCHC_AUDIT_LOG", "audit.jsonl"),
        ("CCHC_SNAPSHOTS", "lich-su"),
        ("CCHC_CACHE_DIR", "cache"),
    ):
        monkeypatch.setenv(name, str(tmp_path / value))
    monkeypatch.setattr(gsheet, "_CLIENTS", {})
    secrets_singleton._reset()
    ui.data.load.clear()
    yield secret_values(tomllib.loads(text))
    secrets_singleton._reset()
    ui.data.load.clear()


def _page_text(node: object) -> str:
    """Every field of every element on the page, as Streamlit would send it to the browser."""
    proto = getattr(node, "proto", None)
    own = str(proto) if proto is not None else ""
    children = getattr(node, "children", {}) or {}
    return own + "".join(_page_text(child) for child in children.values())


def test_the_secrets_used_here_are_really_collected(office):
    assert KEY["private_key_id"] in office and "client-secret-for-tests-DO-NOT-LEAK" in office
    assert "THIS-IS-NOT-A-REAL-KEY-BUT-MUST-NEVER-LEAK" in office


@pytest.mark.parametrize("page", PAGES)
def test_no_page_shows_a_secret(office, page, caplog):
    caplog.set_level(logging.DEBUG)
    at = AppTest.from_file(APP, default_timeout=30)
    at.user = DIRECTOR
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    assert leaks(_page_text(at._tree), office) == []
    assert leaks(caplog.text, office) == []


def test_a_refused_key_is_explained_without_showing_it(office, capsys, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", "key.json")
    assert main(["validate", "gsheet:1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg"]) == 2
    out = capsys.readouterr()
    assert "[gsheet.credentials]" in out.err
    assert leaks(out.out + out.err + caplog.text, office) == []


def test_a_key_from_secrets_toml_is_refused_without_showing_it(office, capsys):
    assert main(["status", "gsheet:1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg"]) == 2
    out = capsys.readouterr()
    assert "gsheet.credentials" in out.err and leaks(out.out + out.err, office) == []


def test_exports_manifests_reports_and_the_audit_log_hold_no_secret(office, tmp_path, capsys):
    assert main(["export", "--out", str(tmp_path / "ban-chup")]) == 0
    assert main(["report", "--kind", "annual", "--out", str(tmp_path / "bc.docx")]) == 0
    written = [
        p for p in tmp_path.rglob("*") if p.is_file() and ".streamlit" not in p.parts and p.name != "key.json"
    ]
    assert any(p.name == "manifest.json" for p in written)
    for path in written:
        data = path.read_bytes()
        if path.suffix == ".docx":
            data = b"".join(
                zipfile.ZipFile(io.BytesIO(data)).read(n)
                for n in zipfile.ZipFile(io.BytesIO(data)).namelist()
            )
        assert leaks(data.decode("utf-8", "replace"), office) == [], path
    out = capsys.readouterr()
    assert leaks(out.out + out.err, office) == []


def test_the_page_text_grep_sees_what_the_page_shows(office):
    at = AppTest.from_file(APP, default_timeout=30)
    at.user = DIRECTOR
    at.run()
    assert "giamdoc@sokhcn.gov.vn" in _page_text(at._tree)  # the grep would see a leaked secret too
