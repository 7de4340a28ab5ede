"""Lịch sử in AppTest: the dated snapshots named by purpose, taking one, and comparing two; one moment
shown at one Việt Nam time on the sidebar, Lịch sử and the audit log; the trend on Tổng quan."""

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow.ipc
import pytest
from streamlit.testing.v1 import AppTest

import cchc.config
import cchc.sources.csv_folder
import ui.data
from cchc.access import audit
from cchc.assess.status import assess
from cchc.assess.trend import weekly_trend
from cchc.config import VIETNAM
from cchc.snapshot.history import list_snapshots
from cchc.snapshot.store import take_snapshot
from cchc.sources import SAMPLE_HISTORY, open_source
from cchc.validate.plan import load_plan
from tests.support.plans import plan_tabs, progress_row, write_csv_folder

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture(autouse=True)
def place(monkeypatch, tmp_path):
    monkeypatch.setenv("CCHC_SNAPSHOTS", str(tmp_path / "lich-su"))
    ui.data.load.clear()
    yield tmp_path / "lich-su"
    ui.data.load.clear()


def _snapshot(folder: Path, rows: list[list[object]], taken: datetime) -> None:
    source = open_source(
        str(write_csv_folder(folder.parent / f"nguon-{taken:%H%M}", plan_tabs(progress=rows)))
    )
    plan = load_plan(source, 2017)
    take_snapshot(assess(plan, taken.date()), source.tabs, folder, taken)


def _table(at: AppTest, column: str):
    """The first table on the page with this column (AppTest does not expose dataframe keys)."""
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


def _history_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30).run()
    return at.switch_page("app_pages/history.py").run()


def test_the_history_page_compares_two_snapshots_and_shows_a_rewritten_row(place):
    before = [progress_row("03/01/2017", "1", "TTTK", percent="20"), progress_row("05/01/2017", "2", "TTTK")]
    after = [
        progress_row("03/01/2017", "1", "TTTK", percent="60"),
        *before[1:],
        progress_row("01/02/2017", "2", "PC"),
    ]
    _snapshot(place, before, datetime(2017, 1, 10, 9, 0, tzinfo=VIETNAM))
    _snapshot(place, after, datetime(2017, 2, 10, 9, 0, tzinfo=VIETNAM))
    at = _history_page()
    assert not at.exception
    listed = _table(at, "Chốt lúc")
    assert len(listed) == 3  # these two, and the sample's own snapshot of 12/06/2017
    at.selectbox(key="older").set_value(str(place / "2017-01-10_20170110T090000")).run()
    at.selectbox(key="newer").set_value(str(place / "2017-02-10_20170210T090000")).run()
    edited = _table(at, "Ô đã sửa")
    assert list(edited[["Ô đã sửa", "Trước", "Sau"]].itertuples(index=False, name=None)) == [
        ("Tiến độ (%)", "20", "60")
    ]
    assert list(_table(at, "Ghi lùi ngày")["Đơn vị"]) == ["Bộ phận Pháp chế"]  # units by name


def test_taking_a_snapshot_from_the_history_page_adds_a_dated_folder(place):
    at = _history_page()
    assert "Cần ít nhất hai bản chốt số liệu" in at.info[0].value  # only the sample's own, of 12/06/2017
    at.button(key="take").click().run()
    assert not at.exception and at.success
    (taken,) = list_snapshots(place)
    assert taken.source_kind == "sample"


def test_the_sample_history_shows_the_row_corrected_after_the_half_year_report_was_sent(place):
    at = _history_page()
    at.button(key="take").click().run()  # today's state of the sample, beside its 12/06/2017 snapshot
    older = at.selectbox(key="older")
    assert (
        "Chốt số liệu báo cáo 6 tháng 2017 (tính đến 12/06/2017, chốt lúc 12/06/2017 16:30)" in older.options
    )
    older.set_value(str(SAMPLE_HISTORY / "2017-06-12_20170612T163000")).run()
    edited = _table(at, "Ô đã sửa")
    assert set(edited["Đơn vị"]) == {"Bộ phận Pháp chế"} and list(edited["Sau"]).count("5") == 1


MOMENT = datetime(2026, 11, 30, 14, 34, 36, tzinfo=UTC)  # 21:34:36 in Việt Nam
FOLDER_NAME = re.compile(r"\d{4}-\d{2}-\d{2}_\d{8}T\d{6}")


class _Frozen(datetime):
    """`datetime` whose `now()` is MOMENT (a reader's `datetime.now().astimezone()` included)."""

    @classmethod
    def now(cls, tz=None):
        return MOMENT if tz is None else MOMENT.astimezone(tz)


@pytest.fixture
def frozen(monkeypatch, tmp_path):
    """The clock stopped at MOMENT, given in UTC: the source's read time and `cchc.config.now()`."""
    monkeypatch.setattr(cchc.sources.csv_folder, "datetime", _Frozen)
    monkeypatch.setattr(ui.data, "datetime", _Frozen)
    monkeypatch.setattr(cchc.config, "now", lambda: MOMENT)
    monkeypatch.setenv("CCHC_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    return tmp_path / "audit.jsonl"


def _shown(at: AppTest) -> list[str]:
    """What a reader reads: prose, messages, captions, select options and every table cell."""
    kinds = ("title", "subheader", "markdown", "caption", "info", "error", "warning", "success")
    texts = [str(e.value) for block in (at.main, at.sidebar) for kind in kinds for e in block.get(kind)]
    texts += [option for box in at.selectbox for option in box.options]
    texts += [str(cell) for frame in at.dataframe for cell in frame.value.to_numpy().ravel()]
    return texts + [" ".join(map(str, frame.value.columns)) for frame in at.dataframe]


def test_one_moment_shows_one_viet_nam_time_on_the_sidebar_the_history_and_the_audit_log(place, frozen):
    at = _history_page()
    (read,) = [c.value for c in at.sidebar.caption if "đọc lúc" in c.value]
    assert "đọc lúc 30/11/2026 21:34" in read
    at.button(key="take").click().run()
    assert at.success[0].value == "Đã lưu bản chốt số liệu «Lưu lúc 30/11/2026 21:34»."
    listed = _table(at, "Chốt lúc")
    assert listed.loc[0, ["Bản chốt số liệu", "Chốt lúc"]].tolist() == [
        "Lưu lúc 30/11/2026 21:34",
        "30/11/2026 21:34",
    ]
    (taken,) = list_snapshots(place)
    data = b"zip"
    # what the export page's download records, at the same moment
    audit.record(
        frozen,
        who=None,
        what="cchc-snapshot-2017-12-31.zip",
        snapshot_id=taken.name,
        sha256=audit.sha256(data),
        at=cchc.config.now(),
        role="open",
    )
    at.switch_page("app_pages/export.py").run()
    assert not at.exception
    logged = _table(at, "Mã kiểm tra")
    assert logged.loc[0, ["Lúc", "Vai trò", "Thao tác"]].tolist() == [
        "30/11/2026 21:34:36",
        "Không đăng nhập",
        "Tải bản chốt số liệu (tệp nén)",
    ]
    assert logged.loc[0, "Bản chốt số liệu"] == "Tính đến 31/12/2017, chốt lúc 30/11/2026 21:34:36"
    assert not [text for text in _shown(at) if "14:34" in text]


def test_the_history_page_never_shows_a_snapshot_folder_name(place, frozen):
    at = _history_page()
    at.button(key="take").click().run()
    at.button(key="take").click().run()  # the same second: a `-2` folder
    texts = _shown(at)
    assert len(at.selectbox(key="older").options) == 3
    assert [text for text in texts if FOLDER_NAME.search(text)] == []
    assert "Chốt số liệu báo cáo 6 tháng 2017" in _table(at, "Chốt lúc")["Bản chốt số liệu"].tolist()


def test_the_overview_draws_the_weekly_trend_of_the_core():
    at = AppTest.from_file(APP, default_timeout=30).run()
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2
    expected = weekly_trend(load_plan(open_source("sample"), 2026), date(2017, 12, 31))
    spec = json.loads(charts[1].proto.spec)
    assert "Hoàn thành (%)" in json.dumps(spec, ensure_ascii=False)
    (dataset,) = charts[1].proto.datasets
    table = pyarrow.ipc.open_stream(dataset.data.data).read_all()
    assert "Tuần kết thúc" in table.column_names and table.num_rows == len(expected) >= 52
