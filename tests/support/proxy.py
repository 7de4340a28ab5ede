"""The deployment of deploy/, run unprivileged in a test folder: the systemd unit's command, nginx, TLS.

The files in deploy/ are the source of truth: the dashboard's command line and environment are read
from `cchc-dashboard.service` (and the `cchc.env` it names, installed in the test's /etc/cchc), nginx's
site from `nginx-cchc.conf`; only the server's absolute paths
(/srv/cchc, /var/lib/cchc, /etc/cchc), the ports and the certificate are moved into the test's folder.

Set CCHC_REQUIRE_DEPLOY=1 (CI does) to make a missing nginx a failure instead of a skip. It is read
here, when the module is collected: the autouse `isolated` fixture removes every CCHC_ variable.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import ssl
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.app import ROOT
from tests.support.browser import running

DEPLOY = ROOT / "deploy"
REQUIRE_DEPLOY = os.environ.get("CCHC_REQUIRE_DEPLOY") == "1"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SERVER_PATHS = ("/srv/cchc", "/var/lib/cchc", "/etc/cchc")  # moved under the test's folder
NGINX_TEMP = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")  # nginx's temp folders, by kind


def moved(text: str, root: Path) -> str:
    """`text` with the server's folders moved under `root` (/var/lib/cchc → root/var/lib/cchc)."""
    for path in SERVER_PATHS:
        text = text.replace(path, f"{root}{path}")
    return text


@dataclass(frozen=True)
class Unit:
    """What a systemd service unit runs: command line, working folder and environment."""

    command: list[str]
    cwd: Path
    env: dict[str, str]


def read_env_file(path: Path, root: Path) -> dict[str, str]:
    """The variables of a systemd `EnvironmentFile=` (KEY=VALUE lines, # and ; comments), moved under
    `root`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    items = [item for line in lines if line.strip()[:1] not in ("", "#", ";") for item in shlex.split(line)]
    return dict(moved(item, root).split("=", 1) for item in items)


def read_unit(path: Path, root: Path) -> Unit:
    """The `[Service]` of a unit file, its server paths moved under `root`; its environment as systemd
    makes it: `Environment=` lines, overridden by the files of `EnvironmentFile=` (read from under
    `root`, where the test installed them; one named with a leading `-` may be missing)."""
    values: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.strip().partition("=")
        if sep and not key.startswith("#"):
            values.setdefault(key, []).append(moved(value, root))
    env = dict(item.split("=", 1) for line in values.get("Environment", []) for item in shlex.split(line))
    for name in values.get("EnvironmentFile", []):
        file = Path(name.removeprefix("-"))
        if file.exists() or not name.startswith("-"):
            env |= read_env_file(file, root)
    return Unit(shlex.split(values["ExecStart"][0]), Path(values["WorkingDirectory"][0]), env)


def with_interpreter(command: list[str]) -> list[str]:
    """The unit's `.venv/bin/streamlit` or `.venv/bin/python` run by this test's interpreter instead."""
    program = Path(command[0]).name
    head = [sys.executable] if program.startswith("python") else [sys.executable, "-m", program]
    return head + command[1:]


def with_option(command: list[str], option: str, value: str) -> list[str]:
    """The command line with `option`'s value replaced (it must be there)."""
    at = command.index(option)
    return [*command[: at + 1], value, *command[at + 2 :]]


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, made by openssl as an administrator would test one."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            *["openssl", "req", "-x509", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"],
            *["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"],
            *["-keyout", str(key), "-out", str(cert), "-addext", "subjectAltName=IP:127.0.0.1"],
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@dataclass(frozen=True)
class Ports:
    http: int
    https: int
    upstream: int


def nginx_site(template: str, ports: Ports, cert: Path, key: str | Path) -> str:
    """deploy/nginx-cchc.conf on loopback ports, with the test's certificate; IPv6 listeners dropped."""
    site = "\n".join(line for line in template.splitlines() if "listen [::]" not in line)
    site = re.sub(r"listen 80;", f"listen 127.0.0.1:{ports.http};", site)
    site = re.sub(r"listen 443 ", f"listen 127.0.0.1:{ports.https} ", site)
    site = site.replace("http://127.0.0.1:8501", f"http://127.0.0.1:{ports.upstream}")
    site = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {cert};", site)
    return re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {key};", site)


def nginx_main(folder: Path, site: Path) -> str:
    """A whole nginx.conf around the site, its files in `folder` (Debian's /etc/nginx/nginx.conf in small)."""
    user = "user root;\n" if os.geteuid() == 0 else ""  # as root, workers would drop to `nobody`
    temp = "\n".join(f"    {kind}_temp_path {folder / 'temp' / kind};" for kind in NGINX_TEMP)
    return f"""{user}worker_processes 1;
error_log {folder / "error.log"} info;
events {{ worker_connections 256; }}
http {{
    access_log {folder / "access.log"};
{temp}
    include {site};
}}
"""


def _insecure() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    """GET `url` without following redirects or checking the certificate: status, headers, body."""
    opener = urllib.request.build_opener(_NoRedirect, urllib.request.HTTPSHandler(context=_insecure()))
    try:
        with opener.open(url, timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def https_status(url: str) -> int:
    """The status `url` answers with, over HTTPS with any certificate, no redirect followed."""
    return fetch(url)[0]


@contextmanager
def nginx(folder: Path, template: Path, ports: Ports) -> Iterator[subprocess.Popen]:
    """nginx in the foreground as this user, with the site of `template`, until the block ends."""
    folder.mkdir(parents=True, exist_ok=True)
    for kind in NGINX_TEMP:
        (folder / "temp" / kind).mkdir(parents=True, exist_ok=True)
    cert, key = self_signed(folder)
    site = folder / "site.conf"
    site.write_text(nginx_site(template.read_text(encoding="utf-8"), ports, cert, key), encoding="utf-8")
    main = folder / "nginx.conf"
    main.write_text(nginx_main(folder, site), encoding="utf-8")
    command = [NGINX, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(main)]
    command += ["-g", f"daemon off; pid {folder / 'nginx.pid'};"]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    health = f"https://127.0.0.1:{ports.https}/_stcore/health"
    with running(command, folder / "nginx.out", health, status=https_status) as process:
        yield process
