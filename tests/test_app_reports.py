"""Xuất dữ liệu offers every report (SPEC §11, issue #14): directors and compilers choose any kind and
may download every unit's report at once; a unit account gets only its own unit's report.

The app runs behind sign-in with AppTest's simulated user (roles from tests.support.access's secrets).
A download's bytes are made when it is clicked: the deferred callables Streamlit registers are kept
here by file name, and called as the click would.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import docx
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.secrets import secrets_singleton
from streamlit.testing.v1 import AppTest

import ui.data
from cchc.report.draft import KIND_LABELS, build_report
from cchc.sources import SAMPLE, open_source
from cchc.validate.plan import load_plan
from tests.support.access import SECRETS
from tests.support.app import APP

EXPORT = "app_pages/export.py"
DIRECTOR = {"is_logged_in": True, "email": "GiamDoc@sokhcn.gov.vn"}
COMPILER = {"is_logged_in": True, "email": "phapche@sokhcn.gov.vn"}
UNIT = {"is_logged_in": True, "email": "tttk@sokhcn.gov.vn"}
ZIP_LABEL = "Tải báo cáo của tất cả đơn vị (tệp nén)"
REPORT_LABEL = "Tải dự thảo báo cáo (Word)"
TTTK = "Trung tâm Thông tin và Thống kê KHCN"


@pytest.fixture(autouse=True)
def office(monkeypatch, tmp_path):
    """Sign-in on, the audit log and the history folder in tmp_path; Streamlit's secrets forgotten."""
    monkeypatch.setenv("CCHC_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("CCHC_SNAPSHOTS", str(tmp_path / "lich-su"))
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(SECRETS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    secrets_singleton._reset()
    ui.data.load.clear()
    yield tmp_path
    secrets_singleton._reset()
    ui.data.load.clear()


@pytest.fixture
def clicks(monkeypatch) -> dict[str, Callable[[], bytes]]:
    """file name → what clicking its download button makes (the latest run's button)."""
    kept: dict[str, Callable[[], bytes]] = {}
    original = MediaFileManager.add_deferred

    def keep(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        kept[str(file_name)] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    return kept


@pytest.fixture(scope="module")
def sample_plan():
    return load_plan(open_source(SAMPLE), fallback_year=2017)


def export_as(user: dict[str, object], unit: str | None = None) -> AppTest:
    """The export page as `user`, with `unit` chosen in the sidebar first (None: as the app starts)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.user = user
    at.run()
    if unit is not None:
        at.sidebar.selectbox[0].set_value(unit).run()
    at.switch_page(EXPORT).run()
    assert not at.exception
    return at


def labels(at: AppTest) -> list[str]:
    return [str(b.proto.label) for b in at.get("download_button")]


def page_text(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("title", "subheader", "markdown", "caption", "info", "warning", "error")
        for e in at.get(kind)
    ]
    parts += [o for r in at.radio for o in r.options] + [r.label for r in at.radio]
    parts += [o for s in at.selectbox for o in s.options] + [s.label for s in at.selectbox]
    parts += labels(at) + [e.proto.label for e in at.expander]
    return "\n".join(str(p) for p in parts)


def _choose(at: AppTest, kind: str, period: str | None = None, unit: str | None = None) -> AppTest:
    at.radio(key="report_kind").set_value(kind).run()
    if period:
        at.radio(key="report_period").set_value(period).run()
    if unit:
        next(s for s in at.selectbox if s.label == "Đơn vị lập báo cáo").set_value(unit).run()
    assert not at.exception
    return at


def blanks_caption(at: AppTest) -> str:
    return next(c.value for c in at.caption if c.value.startswith("Bản dự thảo"))


def audit_entries(folder: Path) -> list[dict]:
    path = folder / "audit.jsonl"
    return (
        [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []
    )


def letterhead(data: bytes) -> str:
    return docx.Document(io.BytesIO(data)).tables[0].rows[0].cells[0].text


def full_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


# ---- directors and compilers --------------------------------------------------------------------


@pytest.mark.parametrize("user", [DIRECTOR, COMPILER])
def test_directors_and_compilers_choose_every_kind_of_report(user):
    at = export_as(user)
    kinds = at.radio(key="report_kind")
    assert kinds.label == "Loại báo cáo" and kinds.options == list(KIND_LABELS.values())
    assert REPORT_LABEL in labels(at) and ZIP_LABEL not in labels(at)  # 6 tháng gửi Sở Nội vụ first
    _choose(at, "internal", "annual")
    assert [o for o in at.radio(key="report_period").options] == ["6 tháng đầu năm 2017", "Năm 2017"]
    assert REPORT_LABEL in labels(at) and ZIP_LABEL not in labels(at)
    _choose(at, "unit")
    assert REPORT_LABEL in labels(at) and ZIP_LABEL in labels(at)


def test_the_page_speaks_vietnamese_only(clicks):
    at = export_as(DIRECTOR)
    for kind in ("half_year", "annual", "internal", "unit"):
        _choose(at, kind)
        text = page_text(at)
        for word in ("half_year", "annual", "internal", "None", "nan", ".docx", ".zip"):
            assert not re.search(rf"(?<![\w.-]){re.escape(word)}(?![\w-])", text), (kind, word)
        assert " unit" not in text


def test_a_unit_report_starts_on_the_sidebar_unit_else_the_first_unit_with_an_assignment(clicks):
    at = _choose(export_as(DIRECTOR), "unit")
    chosen = next(s for s in at.selectbox if s.label == "Đơn vị lập báo cáo")
    assert chosen.value == "TTTK" and "bao-cao-don-vi-TTTK-6-thang-2017.docx" in clicks
    at = _choose(export_as(DIRECTOR, unit="PC"), "unit", "annual")
    chosen = next(s for s in at.selectbox if s.label == "Đơn vị lập báo cáo")
    assert chosen.value == "PC" and "bao-cao-don-vi-PC-nam-2017.docx" in clicks
    _choose(at, "unit", unit="VP")
    assert "bao-cao-don-vi-VP-nam-2017.docx" in clicks
    assert "Văn phòng Sở".upper() in letterhead(clicks["bao-cao-don-vi-VP-nam-2017.docx"]())


def test_the_page_counts_the_blanks_of_the_draft(sample_plan):
    at = export_as(DIRECTOR)
    cases = [("half_year", None), ("annual", None), ("internal", "half_year"), ("unit", "annual")]
    for kind, period in cases:
        _choose(at, kind, period)
        unit = "TTTK" if kind == "unit" else None
        blanks = build_report(sample_plan, kind, None, period, unit).placeholders()
        caption = blanks_caption(at)
        if blanks:
            assert caption.startswith(f"Bản dự thảo còn {len(blanks)} chỗ trống tô vàng cần điền: ")
            assert all(hint in caption for hint in blanks)
        else:
            assert caption == "Bản dự thảo không còn chỗ trống nào cần điền."
        assert at.expander[-1].proto.label == "Xem trước nội dung"


def test_each_kind_downloads_its_own_report_and_is_audited(clicks, office):
    at = export_as(DIRECTOR)
    files = {
        "half_year": "bao-cao-6-thang-2017.docx",
        "annual": "bao-cao-nam-2017.docx",
        "internal": "bao-cao-lanh-dao-so-nam-2017.docx",
    }
    for kind, name in files.items():
        _choose(at, kind, "annual" if kind == "internal" else None)
        assert name in clicks, kind
        text = full_text(clicks[name]())
        assert "Sở Nội vụ" in text if kind != "internal" else "Kính gửi: Lãnh đạo" in text
    assert "6 tháng đầu năm 2017" in full_text(clicks[files["half_year"]]())
    entries = audit_entries(office)
    assert [e["what"] for e in entries] == [*files.values(), files["half_year"]]
    assert {(e["role"], e["unit"]) for e in entries} == {("director", None)}


def test_every_units_report_in_one_zip_from_one_snapshot_audited_once(clicks, office, sample_plan):
    at = _choose(export_as(DIRECTOR), "unit", "half_year")
    name = "bao-cao-don-vi-6-thang-2017.zip"
    assert name in clicks
    data = clicks[name]()
    entries = audit_entries(office)
    assert [e["what"] for e in entries] == [name]  # audited once
    snapshots = [p for p in (office / "lich-su").iterdir() if p.is_dir()]
    assert len(snapshots) == 1 and entries[0]["snapshot_id"] == snapshots[0].name  # one snapshot
    from cchc.report.files import units_with_a_part

    owed = units_with_a_part(sample_plan, "half_year")
    assert {"TTTK", "PC", "VP"} <= set(owed)  # the units with an assignment, and contributors
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == [f"bao-cao-don-vi-{code}-6-thang-2017.docx" for code in owed]
        names = sample_plan.units.names()
        for code in owed:
            report = archive.read(f"bao-cao-don-vi-{code}-6-thang-2017.docx")
            head = letterhead(report)
            assert names[code].upper() in head
            assert not [n for c, n in names.items() if c != code and n.upper() in head.splitlines()]
    # the same snapshot gives the same zip
    from cchc.report.files import unit_reports_zip

    assert unit_reports_zip(snapshots[0], "half_year", 2017) == unit_reports_zip(
        snapshots[0], "half_year", 2017
    )
    assert ZIP_LABEL in labels(at)


# ---- a unit account --------------------------------------------------------------------------------


@pytest.mark.parametrize("sidebar", [None, "PC", ""])
def test_a_unit_account_gets_only_its_own_units_report(clicks, office, sidebar):
    at = export_as(UNIT, unit=sidebar)
    headings = [s.value for s in at.subheader]
    assert "Báo cáo của đơn vị" in headings and "Dự thảo báo cáo" not in headings
    assert [r.label for r in at.radio] == ["Kỳ báo cáo"]  # no choice of kind, nor of unit
    assert not [s for s in at.selectbox if s.label == "Đơn vị lập báo cáo"]
    assert ZIP_LABEL not in labels(at) and REPORT_LABEL in labels(at)
    assert any(f"Dự thảo báo cáo của {TTTK}" in c.value for c in at.caption)
    reports = [n for n in clicks if n.startswith("bao-cao")]
    assert reports == ["bao-cao-don-vi-TTTK-6-thang-2017.docx"]
    at.radio[0].set_value("annual").run()
    assert not at.exception and "bao-cao-don-vi-TTTK-nam-2017.docx" in clicks
    data = clicks["bao-cao-don-vi-TTTK-nam-2017.docx"]()
    assert TTTK.upper() in letterhead(data)
    text = full_text(data)
    assert "Nhiệm vụ 7 (chủ trì)" not in text and "Nhiệm vụ 1 (chủ trì)" in text
    assert [(e["what"], e["role"], e["unit"]) for e in audit_entries(office)] == [
        ("bao-cao-don-vi-TTTK-nam-2017.docx", "unit", "TTTK")
    ]
    assert "chỗ trống" in blanks_caption(at) and at.expander[-1].proto.label == "Xem trước nội dung"


def test_the_download_helpers_refuse_a_unit_account_anything_but_its_own_report(monkeypatch):
    """The page is not the only guard: the helpers themselves refuse, with a message on the page."""
    from cchc.access.roles import Access
    from ui import downloads

    shown: list[str] = []
    monkeypatch.setattr(downloads.st, "error", shown.append)
    ctx = SimpleNamespace(access=Access("unit", "tttk@sokhcn.gov.vn", "TTTK"))
    for kind, unit in [("unit", "PC"), ("internal", None), ("half_year", None), ("unit", None)]:
        assert downloads._refused(ctx.access.may_download_report(kind, unit))
    assert not downloads._refused(ctx.access.may_download_report("unit", "TTTK"))
    assert shown == ["Tài khoản này chỉ tải được báo cáo của đơn vị mình."] * 4
    assert downloads._refused(ctx.access.may_download_all_units_reports)
    director = SimpleNamespace(access=Access("director", "giamdoc@sokhcn.gov.vn"))
    assert not downloads._refused(director.access.may_download_report("unit", "PC"))
    assert not downloads._refused(director.access.may_download_all_units_reports)
