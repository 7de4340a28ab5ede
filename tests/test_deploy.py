"""The deployment of README «Triển khai cho cơ quan», run on loopback from the files in deploy/.

1. The dashboard started by the systemd unit's own command line, behind nginx with the site of
   deploy/nginx-cchc.conf and a self-signed certificate: a director signs in through
   oidc-provider-mock over HTTPS, opens two pages (their content arrives over the websocket, through
   the proxy) and downloads the snapshot; plain HTTP answers nothing but a redirect to HTTPS.
2. An upgrade as the README does it: a second checkout, the `app` symlink switched, and the audit
   log, snapshots and sent-log of the data folder intact and read by the new version.

Without nginx (or Chromium, or oidc-provider-mock) the first is skipped; CCHC_REQUIRE_DEPLOY=1 (and
CCHC_REQUIRE_BROWSER=1), as in CI, make that a failure.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.access import access_tables, auth_table
from tests.support.browser import REQUIRE_BROWSER, WAIT, free_port, missing, open_from_menu, running, settled
from tests.support.isolation import clean_environ
from tests.support.proxy import (
    DEPLOY,
    NGINX,
    REQUIRE_DEPLOY,
    ROOT,
    Ports,
    fetch,
    nginx,
    read_unit,
    with_interpreter,
    with_option,
)
from tests.support.signin import provider, provider_installed, sign_in
from tests.support.smtp import serve, smtp_table

pytestmark = pytest.mark.deploy

DIRECTOR = "giamdoc@sokhcn.gov.vn"
AS_OF = "2017-06-14"


def _switch(link: Path, release: Path) -> None:
    """`ln -sfn releases/X app`: the new link replaces the old one in one rename."""
    fresh = link.with_name(f".{link.name}.new")
    fresh.unlink(missing_ok=True)
    fresh.symlink_to(release)
    os.replace(fresh, link)


def _server_folders(root: Path) -> tuple[Path, Path, Path]:
    """/srv/cchc, /var/lib/cchc (0750) and /etc/cchc with the units' cchc.env under `root`, as the
    README makes them."""
    srv, data, etc = root / "srv" / "cchc", root / "var" / "lib" / "cchc", root / "etc" / "cchc"
    for folder in (srv / "releases", data, etc):
        folder.mkdir(parents=True)
    data.chmod(0o750)
    shutil.copyfile(DEPLOY / "cchc.env", etc / "cchc.env")
    return srv, data, etc


def _secrets(etc: Path, release: Path, text: str) -> None:
    """/etc/cchc/secrets.toml (0600), linked from the checkout's .streamlit/ (README, step 5)."""
    secrets = etc / "secrets.toml"
    secrets.write_text(text, encoding="utf-8")
    secrets.chmod(0o600)
    (release / ".streamlit").mkdir(exist_ok=True)
    (release / ".streamlit" / "secrets.toml").symlink_to(secrets)


# --- 1. HTTPS, sign-in and the websocket through nginx


@dataclass(frozen=True)
class Served:
    url: str  # https://127.0.0.1:PORT, through nginx
    plain: str  # http://127.0.0.1:PORT, nginx's port 80
    oidc: str
    data: Path  # /var/lib/cchc
    release: Path
    nginx_folder: Path


def _link_checkout(release: Path) -> None:
    """A checkout of the working tree, made of links (no venv: the test's interpreter runs it)."""
    release.mkdir(parents=True)
    for name in ("app.py", "app_pages", "ui", "cchc"):
        (release / name).symlink_to(ROOT / name)
    (release / ".streamlit").mkdir()
    (release / ".streamlit" / "config.toml").symlink_to(ROOT / ".streamlit" / "config.toml")


@pytest.fixture(scope="module")
def served(browser, tmp_path_factory) -> Iterator[Served]:
    if not Path(NGINX).exists():
        missing(f"nginx not found at {NGINX} (apt-get install nginx)", REQUIRE_DEPLOY, "CCHC_REQUIRE_DEPLOY")
    if not provider_installed():
        missing("oidc-provider-mock is not installed", REQUIRE_BROWSER)
    root = tmp_path_factory.mktemp("server")
    srv, data, etc = _server_folders(root)
    release = srv / "releases" / "working-tree"
    _link_checkout(release)
    _switch(srv / "app", release)
    ports = Ports(http=free_port(), https=free_port(), upstream=free_port())
    url = f"https://127.0.0.1:{ports.https}"
    unit = read_unit(DEPLOY / "cchc-dashboard.service", root)
    command = with_option(with_interpreter(unit.command), "--server.port", str(ports.upstream))
    with ExitStack() as stack:
        oidc = stack.enter_context(provider(root / "oidc.log"))
        _secrets(etc, release, _signin_secrets(url, oidc))
        app_health = f"http://127.0.0.1:{ports.upstream}/_stcore/health"
        env = clean_environ() | unit.env
        stack.enter_context(running(command, root / "streamlit.log", app_health, cwd=unit.cwd, env=env))
        stack.enter_context(nginx(root / "nginx", DEPLOY / "nginx-cchc.conf", ports))
        yield Served(url, f"http://127.0.0.1:{ports.http}", oidc, data, release, root / "nginx")


def _signin_secrets(url: str, oidc: str) -> str:
    auth = auth_table(
        redirect_uri=f"{url}/oauth2callback",
        provider=oidc,
        cookie_secret="cookie-secret-deploy-0123456789abcdef",
        client_secret="client-secret-deploy-0123456789abcdef",
    )
    return auth + access_tables({DIRECTOR: "director"}, "Bộ phận Pháp chế")


def test_a_director_signs_in_over_https_opens_two_pages_and_downloads_a_snapshot(served, browser):
    context = browser.new_context(
        ignore_https_errors=True,
        accept_downloads=True,
        locale="vi-VN",
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    try:
        authorize = sign_in(page, served.url, served.oidc, DIRECTOR)
        asked = urllib.parse.parse_qs(urllib.parse.urlsplit(authorize).query)
        assert asked["redirect_uri"] == [f"{served.url}/oauth2callback"]
        page.get_by_role("heading", name="Tổng quan", exact=True).wait_for(timeout=WAIT)
        settled(page)
        assert page.get_by_test_id("stMetric").count() > 0  # drawn by the script, sent over the websocket
        open_from_menu(page, "Chất lượng dữ liệu")
        open_from_menu(page, "Xuất dữ liệu")
        button = page.get_by_test_id("stDownloadButton").filter(has_text="Tải bản chốt số liệu (tệp nén)")
        with page.expect_download(timeout=60_000) as download:
            button.click(timeout=WAIT)
        name, data = download.value.suggested_filename, Path(download.value.path()).read_bytes()
    finally:
        context.close()
    assert name.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None and any(n.endswith("manifest.json") for n in archive.namelist())
    # the download is audited and kept as a dated snapshot, both in /var/lib/cchc, none in the code
    entries = [json.loads(line) for line in (served.data / "audit.jsonl").read_text("utf-8").splitlines()]
    assert [(e["who"], e["sha256"]) for e in entries] == [(DIRECTOR, hashlib.sha256(data).hexdigest())]
    assert [p for p in (served.data / "snapshots").iterdir() if p.is_dir()]
    assert not (served.release / "snapshots").exists()
    # the page's websocket went through nginx and was upgraded
    access = (served.nginx_folder / "access.log").read_text("utf-8")
    assert re.search(r'"GET /_stcore/stream HTTP/1\.1" 101 ', access), access[-2000:]


@pytest.mark.parametrize("path", ["/", "/_stcore/health", "/oauth2callback?code=x&state=y", "/export"])
def test_plain_http_answers_only_a_redirect_to_https(served, path):
    status, headers, body = fetch(f"{served.plain}{path}")
    assert status in (301, 308)
    location = headers.get("Location", "")
    assert location.startswith("https://127.0.0.1") and location.endswith(path)
    assert b"streamlit" not in body.lower() and body.strip() != b"ok"


def test_https_sends_the_security_headers(served):
    status, headers, body = fetch(f"{served.url}/_stcore/health")
    assert (status, body) == (200, b"ok")
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "SAMEORIGIN"


# --- 2. An upgrade: a second checkout replaces the first; the data folder survives


def _clone(release: Path) -> None:
    """`git clone --depth 1` of the repository these tests run from (its HEAD), as an upgrade fetches one."""
    command = [
        "git",
        "-c",
        "safe.directory=*",
        "clone",
        "--quiet",
        "--depth",
        "1",
        f"file://{ROOT}",
        str(release),
    ]
    subprocess.run(command, check=True, capture_output=True)


@dataclass
class Server:
    root: Path
    app: Path
    data: Path
    env: dict[str, str]
    remind: list[str]

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """`.venv/bin/python ARGS` in /srv/cchc/app with the units' environment (this interpreter)."""
        command = [sys.executable, *args]
        return subprocess.run(
            command, cwd=self.app, env=self.env, capture_output=True, text=True, timeout=120
        )

    def files(self) -> dict[str, bytes]:
        """Every file of the data folder, by its path inside it."""
        return {
            str(p.relative_to(self.data)): p.read_bytes() for p in sorted(self.data.rglob("*")) if p.is_file()
        }


AUDIT_V1 = """
import sys
from datetime import datetime
from pathlib import Path
from cchc.access.audit import record
from cchc.vocab.terms import VIETNAM
record(Path(sys.argv[1]), who="giamdoc@sokhcn.gov.vn", what=sys.argv[2], snapshot_id=sys.argv[2],
       sha256="0" * 64, at=datetime.now(VIETNAM), role="director")
"""
READ_AUDIT = """
import json, sys
from pathlib import Path
from cchc.access.audit import read_log
log = read_log(Path(sys.argv[1]))
print(json.dumps([len(log.entries), log.unreadable]))
"""
WHERE = "import cchc, os; print(os.path.realpath(cchc.__file__))"


@pytest.fixture
def server(tmp_path) -> Server:
    if not (ROOT / ".git").exists():
        missing(f"{ROOT} is not a git checkout", REQUIRE_DEPLOY, "CCHC_REQUIRE_DEPLOY")
    srv, data, _etc = _server_folders(tmp_path)
    unit = read_unit(DEPLOY / "cchc-remind.service", tmp_path)
    env = {k: v for k, v in clean_environ().items() if k != "PYTHONPATH"} | unit.env
    return Server(tmp_path, srv / "app", data, env, with_interpreter(unit.command)[1:])


def _install(server: Server, name: str) -> Path:
    """README «Nâng cấp»: clone into releases/NAME, link the secrets; the venv is this interpreter's."""
    release = server.root / "srv" / "cchc" / "releases" / name
    _clone(release)
    (release / ".streamlit").mkdir(exist_ok=True)
    (release / ".streamlit" / "secrets.toml").symlink_to(server.root / "etc" / "cchc" / "secrets.toml")
    return release


def _smtp(server: Server, port: int) -> None:
    """/etc/cchc/secrets.toml (0600) with the loopback mail server."""
    secrets = server.root / "etc" / "cchc" / "secrets.toml"
    secrets.write_text(smtp_table(port), encoding="utf-8")
    secrets.chmod(0o600)


def _appended_only(before: dict[str, bytes], after: dict[str, bytes]) -> None:
    """Snapshots the same bytes; the logs (JSON lines) the same bytes followed by whole new entries."""
    for path, content in before.items():
        if not path.endswith(".jsonl"):
            assert after[path] == content, path
            continue
        assert after[path].startswith(content), path
        for line in after[path][len(content) :].decode("utf-8").splitlines():
            json.loads(line)


def test_an_upgrade_to_a_second_checkout_keeps_the_audit_log_snapshots_and_sent_log(server):
    with serve() as mailbox:
        _smtp(server, mailbox.port)
        v1 = _install(server, "v1")
        _switch(server.app, v1)
        assert server.run("-c", WHERE).stdout.startswith(str(v1.resolve()))
        exported = server.run("-m", "cchc", "export", "--as-of", AS_OF)
        assert exported.returncode == 0, exported.stderr
        sent = server.run(*server.remind, "--as-of", AS_OF)
        assert sent.returncode == 0, sent.stderr
        assert mailbox.received, "v1 sent no reminder: the sent-log would prove nothing"
        first = server.run("-c", AUDIT_V1, str(server.data / "audit.jsonl"), "v1-download")
        assert first.returncode == 0, first.stderr
        before = server.files()
        mails = len(mailbox.received)

        v2 = _install(server, "v2")
        _switch(server.app, v2)
        assert server.run("-c", WHERE).stdout.startswith(str(v2.resolve()))
        assert server.run("-m", "cchc", "status", "--as-of", AS_OF).returncode == 0
        again = server.run(*server.remind, "--as-of", AS_OF)
        assert again.returncode == 0, again.stderr
        assert len(mailbox.received) == mails  # v2 read v1's sent-log: nothing is sent twice
        assert server.run("-m", "cchc", "export", "--as-of", AS_OF).returncode == 0
        assert server.run("-c", AUDIT_V1, str(server.data / "audit.jsonl"), "v2-download").returncode == 0
    after = server.files()
    _appended_only(before, after)
    counted = server.run("-c", READ_AUDIT, str(server.data / "audit.jsonl"))
    assert json.loads(counted.stdout) == [2, 0]
    snapshots = sorted(p for p in (server.data / "snapshots").iterdir() if p.is_dir())
    assert len(snapshots) == 2
    old = server.run("-m", "cchc", "status", str(snapshots[0]), "--as-of", AS_OF, "--format", "json")
    assert old.returncode == 0, old.stderr  # v2 reads v1's snapshot as a source
    # rollback: the link back to v1, which reads what v2 wrote
    _switch(server.app, v1)
    assert server.run("-c", WHERE).stdout.startswith(str(v1.resolve()))
    assert json.loads(server.run("-c", READ_AUDIT, str(server.data / "audit.jsonl")).stdout) == [2, 0]
