"""The dashboard in Streamlit's AppTest: every page, on good, bad, empty and unreadable sources."""

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

import ui.data
from cchc.assess.status import assess
from cchc.assess.trend import up_to, weekly_trend
from cchc.config import VIETNAM, load_config
from cchc.present import views
from cchc.present.quality import issues_table
from cchc.snapshot.store import take_snapshot
from cchc.sources import SAMPLE, open_source
from cchc.validate.plan import load_plan
from cchc.vocab.labels import RISK_LABELS
from tests.support.app import PAGES, chart_frames
from tests.support.plans import PROGRESS_HEADER, plan_tabs, progress_row, write_csv_folder
from ui.text import literal

APP = str(Path(__file__).resolve().parent.parent / "app.py")
END_OF_2017 = date(2017, 12, 31)  # today (2026) clamped into the sample's plan year


@pytest.fixture(autouse=True)
def fresh_cache():
    ui.data.load.clear()
    yield
    ui.data.load.clear()


@pytest.fixture
def reads(monkeypatch):
    """Count the reads of the source."""
    calls: list[str] = []

    def counting(spec, google=None):
        calls.append(spec)
        return open_source(spec, google)

    monkeypatch.setattr(ui.data, "open_source", counting)
    return calls


def run_app(source=None, monkeypatch=None):
    if source is not None:
        monkeypatch.setenv("CCHC_SOURCE", str(source))
    return AppTest.from_file(APP, default_timeout=30).run()


def sample_status(as_of=END_OF_2017):
    return assess(load_plan(open_source(SAMPLE), 2026), as_of)


def many_errors(tmp_path):
    bad = [progress_row("31/02/2017", 9, "Phòng X", "Chờ duyệt", "120", count="hai") for _ in range(30)]
    good = [progress_row("01/03/2017", 1, "TTTK"), progress_row("02/03/2017", 2, "PC")]
    tabs = plan_tabs(
        progress=[*bad, *good],
        tasks=[*plan_tabs()["Nhiệm vụ"][1:], ["3", "X", "sớm", "Ai đó", "", "", "", ""]],
    )
    return write_csv_folder(tmp_path / "loi", tabs)


def headers_only(tmp_path):
    return write_csv_folder(tmp_path / "trong", plan_tabs(units=[], tasks=[], progress=[]))


def missing_progress(tmp_path):
    tabs = plan_tabs()
    del tabs["Tiến độ"]
    return write_csv_folder(tmp_path / "thieu-tien-do", tabs)


def unreadable(tmp_path):
    path = tmp_path / "hong.xlsx"
    path.write_text("đây không phải tệp Excel")
    return path


def test_overview_metrics_equal_the_core_numbers_for_the_sample():
    at = run_app()
    tasks, parts = views.task_counts(sample_status()), views.part_counts(sample_status())
    shown = [(m.label, int(m.value)) for m in at.metric]
    assert shown == [
        ("Tổng số nhiệm vụ", tasks.total),
        *((RISK_LABELS[r], n) for r, n in tasks.shown()),
        ("Tổng số phần việc", parts.total),
        *((RISK_LABELS[r], n) for r, n in parts.shown()),
    ]
    # each group adds up to its total
    assert sum(n for _, n in shown[1 : 1 + len(tasks.shown())]) == shown[0][1] == 7
    assert not at.exception


JUNE_14 = date(2017, 6, 14)  # the half-year cut-off: one part stale, one paused


def test_attention_list_has_the_assignments_the_core_names():
    at = run_app()
    at.sidebar.date_input[0].set_value(JUNE_14).run()
    shown = at.dataframe[0].value  # the whole list as a table, under the rows
    expected = views.attention(sample_status(JUNE_14))
    assert list(shown["Đơn vị"]) == list(expected["Đơn vị"])
    assert list(shown["Tình trạng"]) == list(expected["Tình trạng"])
    rows = [m.value for m in at.markdown if m.value.startswith(":")]  # each row opens with its state badge
    assert len(rows) == len(expected) == 2
    for row, state, task in zip(rows, expected["Tình trạng"], expected["Nhiệm vụ"], strict=True):
        assert row.startswith((f":yellow-badge[{state}]", f":violet-badge[{state}]")) and literal(task) in row
    assert f"Cần chú ý ngay: {len(expected)} phần việc" in [h.value for h in at.subheader]
    assert len(at.get("vega_lite_chart")) == 2  # risk by unit, and the weekly trend


def test_issues_table_has_the_cores_count():
    at = run_app()
    at.switch_page("app_pages/quality.py").run()
    plan = load_plan(open_source(SAMPLE), 2026)
    assert len(at.dataframe[0].value) == len(plan.issues) == 17
    assert "8 lỗi, 9 cảnh báo" in at.sidebar.get("page_link")[0].proto.label


def test_changing_the_as_of_date_recomputes_without_reading_again(reads):
    at = run_app()
    before = {m.label: m.value for m in at.metric}
    at.sidebar.date_input[0].set_value(date(2017, 3, 15)).run()
    after = {m.label: m.value for m in at.metric}
    expected = views.part_counts(sample_status(date(2017, 3, 15)))
    assert after["Chậm cập nhật"] == str(expected.by_risk["stale"]) == "1"
    assert before != after
    at.sidebar.selectbox[0].set_value("TTTK").run()
    at.switch_page("app_pages/units.py").run()
    assert len(reads) == 1


def test_the_refresh_button_forces_exactly_one_new_read(reads):
    at = run_app()
    at.sidebar.button[0].click().run()
    assert len(reads) == 2


def test_as_of_defaults_to_today_clamped_into_the_plan_year():
    at = run_app()
    assert at.sidebar.date_input[0].value == END_OF_2017


@pytest.mark.parametrize(
    "make_source",
    [None, many_errors, headers_only, missing_progress],
    ids=["sample", "errors", "empty", "no-progress-tab"],
)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exception(make_source, page, tmp_path, monkeypatch):
    source = make_source(tmp_path) if make_source else None
    at = run_app(source, monkeypatch)
    at.switch_page(page).run()
    assert not at.exception
    assert at.title[0].value


def test_a_source_with_many_errors_shows_them_on_the_quality_page_and_in_the_sidebar(tmp_path, monkeypatch):
    at = run_app(many_errors(tmp_path), monkeypatch)
    plan = load_plan(open_source(str(tmp_path / "loi")), 2026)
    errors = sum(1 for i in plan.issues if i.severity == "error")
    assert f"{errors} lỗi" in at.sidebar.get("page_link")[0].proto.label
    at.switch_page("app_pages/quality.py").run()
    assert len(at.dataframe[0].value) == len(plan.issues)


@pytest.mark.parametrize("page", PAGES)
def test_an_unreadable_source_explains_what_to_do_on_every_page(page, tmp_path, monkeypatch):
    at = run_app(unreadable(tmp_path), monkeypatch)
    at.switch_page(page).run()
    assert not at.exception
    text = " ".join(e.value for e in at.error)
    assert "Không đọc được nguồn dữ liệu" in text and "hong.xlsx" in text


def test_a_missing_tab_warns_that_numbers_are_incomplete(tmp_path, monkeypatch):
    tabs = plan_tabs()
    tabs.pop("Tiến độ")
    at = run_app(write_csv_folder(tmp_path / "thieu", tabs), monkeypatch)
    assert not at.exception
    assert any("thiếu trang tính" in w.value for w in at.warning)


def test_todo_page_tells_a_unit_what_to_update():
    at = run_app()
    at.sidebar.date_input[0].set_value(date(2017, 12, 10)).run()
    at.switch_page("app_pages/todo.py").run()
    every = " ".join(m.value for m in at.markdown)  # no unit chosen: every unit with something to do
    assert "Nhiệm vụ 4: 55 ngày chưa có dòng tiến độ mới" in every  # last row 16/10
    at.sidebar.selectbox[0].set_value("TTTK").run()
    text = " ".join(m.value for m in at.markdown)
    assert "Nhiệm vụ 4: 55 ngày chưa có dòng tiến độ mới" in text
    assert [h.value for h in at.subheader] == ["Trung tâm Thông tin và Thống kê KHCN"]
    assert "Người phụ trách: Trần Minh Hoàng" in at.caption[1].value


def test_unit_filter_narrows_the_overview_to_that_units_assignments():
    at = run_app()
    at.sidebar.date_input[0].set_value(JUNE_14).run()
    at.sidebar.selectbox[0].set_value("TTTK").run()
    tasks, parts = (
        views.task_counts(sample_status(JUNE_14), "TTTK"),
        views.part_counts(sample_status(JUNE_14), "TTTK"),
    )
    metrics = {m.label: int(m.value) for m in at.metric}
    assert (metrics["Tổng số nhiệm vụ"], metrics["Tổng số phần việc"]) == (tasks.total, parts.total) == (6, 6)
    assert set(at.dataframe[0].value["Đơn vị"]) == {"Trung tâm Thông tin và Thống kê KHCN"}


def test_a_unit_chosen_in_the_sidebar_narrows_every_chart_and_table(monkeypatch):
    at = run_app()
    at.sidebar.date_input[0].set_value(JUNE_14).run()
    at.sidebar.selectbox[0].set_value("VP").run()
    status = sample_status(JUNE_14)
    names = status.plan.units.names()
    for path in ("app_pages/overview.py", "app_pages/units.py", "app_pages/deadlines.py"):
        at.switch_page(path).run()
        assert not at.exception
        frames = [*chart_frames(at), *(table.value for table in at.dataframe)]
        named = [set(frame["Đơn vị"]) for frame in frames if "Đơn vị" in frame]
        assert named and all(units <= {names["VP"], ""} for units in named), (path, named)
    at.switch_page("app_pages/overview.py").run()
    (weekly,) = [frame for frame in chart_frames(at) if "Tuần kết thúc" in frame]
    mine = weekly_trend(status.plan, date(2017, 12, 31), "VP")
    assert list(weekly["Quá hạn"]) == list(up_to(mine, JUNE_14)["overdue"])
    assert list(weekly["assignments"]) != list(
        up_to(weekly_trend(status.plan, END_OF_2017), JUNE_14)["assignments"]
    )


def test_a_google_sheet_source_opens_the_sheet_and_every_cell_named_on_the_to_do_list(monkeypatch, tmp_path):
    from cchc.sources import gsheet
    from emulator import Emulator

    monkeypatch.setattr(gsheet, "_CLIENTS", {})
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "cache"))
    with Emulator.from_source(SAMPLE) as emu:
        monkeypatch.setenv("CCHC_SHEETS_ENDPOINT", emu.base_url)
        at = run_app(f"gsheet:{emu.spreadsheet_id}", monkeypatch)
        assert not at.exception
        (button,) = [b for b in at.sidebar.get("link_button") if b.proto.label == "Mở bảng tính"]
        assert button.proto.url == f"https://docs.google.com/spreadsheets/d/{emu.spreadsheet_id}/edit"
        at.switch_page("app_pages/todo.py").run()
        cells = [m.value for m in at.markdown if m.value.startswith("- ") and "Ô " in m.value]
        plan = load_plan(open_source(SAMPLE), 2026)  # every unit's cells to fix, each with its link
        assert len(cells) == sum(len(issues_table(plan, unit=code)) for code in plan.units.units) == 16
        link = re.compile(
            rf"^- \[Ô [A-Z]+\d+\]\(https://docs\.google\.com/spreadsheets/d/{emu.spreadsheet_id}"
            r"/edit#gid=\d+&range=[A-Z]+\d+\): "
        )
        assert all(link.match(cell) for cell in cells), cells[:3]


def test_progress_header_constant_matches_the_template():
    assert PROGRESS_HEADER[0] == "Ngày cập nhật"


@pytest.mark.parametrize("text, seconds", [(None, 60), ("5", 5), ("abc", 60), ("0", 60), (" 30 ", 30)])
def test_the_read_ttl_comes_from_cchc_ttl_or_stays_60(text, seconds):
    env = {} if text is None else {"CCHC_TTL": text}
    assert load_config(env=env).ttl == seconds


def page_text(at: AppTest) -> list[str]:
    """What a reader reads on the page: its prose, its download buttons and its tables' headers."""
    shown = [e.value for kind in ("markdown", "caption", "info", "error", "warning") for e in at.get(kind)]
    shown += [str(b.proto.label) for b in at.get("download_button")]
    shown += [" ".join(map(str, f.value.columns)) for f in at.dataframe]
    return shown


def _strings(message: Message) -> list[str]:
    """Every string of a protobuf message and of the messages in it (bytes, such as table data, left out)."""
    found: list[str] = []
    for _, value in message.ListFields():
        single = isinstance(value, (str, bytes, Message)) or not hasattr(value, "__iter__")
        values = [value] if single else value  # a repeated field
        for item in values:
            if isinstance(item, str):
                found.append(item)
            elif isinstance(item, Message):
                found += _strings(item)
    return found


def every_text(at: AppTest) -> list[str]:
    """`page_text`, plus every string of the page and the sidebar (titles, labels, help, options,
    chart titles, success messages) and every cell of every table."""
    shown = page_text(at)
    nodes = [node for block in (at.main, at.sidebar) for node in block if node.proto]
    shown += [text for node in nodes for text in _strings(node.proto)]
    shown += [str(cell) for f in at.dataframe for cell in f.value.to_numpy().ravel()]
    return shown


def test_no_page_names_a_command_a_file_format_a_hash_or_an_internal_code():
    at = run_app()
    words = ("python -m", "manifest.json", "SHA-256", ".zip", ".docx", ".xlsx", "CSV", "CCHC_", "Mã lỗi")
    for page in PAGES:
        at.switch_page(page).run()
        shown = page_text(at)
        assert not [w for w in words if any(w in text for text in shown)], page


# SPEC §13: the words a page must not use, each with the one it uses instead.
NOT_WORDS = {
    r"rủi ro": "Tình trạng",  # also «Mức rủi ro»
    r"lâu chưa cập nhật": "Chậm cập nhật",
    r"có nguy cơ trễ": "Có nguy cơ chậm tiến độ",
    r"xong trễ|xong đúng hạn|trễ hạn": "Hoàn thành quá hạn / Hoàn thành đúng hạn",
    r"chưa triển khai|chưa bắt đầu": "Chưa thực hiện",
    r"chưa đến kỳ": "Chưa đến thời gian thực hiện",
    r"phân công": "phần việc / tham gia",
    r"bản chụp": "bản chốt số liệu",
    r"tabs?": "trang tính",
    r"bảng điểm": "kết quả thực hiện của đơn vị",
    r"chưa cập nhật|chưa có báo cáo nào": "chưa có thông tin tiến độ",
}
NOT_WORD = re.compile(rf"(?<!\w)(?:{'|'.join(NOT_WORDS)})(?!\w)", re.IGNORECASE)


def not_words(texts: list[str]) -> set[str]:
    return {m.group(0) for text in texts for m in NOT_WORD.finditer(text)}


def test_the_guard_against_the_words_spec_13_forbids_catches_them():
    assert not_words(["Lịch sử Bản chụp", "Mức rủi ro", "xem tab «Tiến độ»", "Chưa bắt đầu"]) == {
        "Bản chụp",
        "rủi ro",
        "tab",
        "Chưa bắt đầu",
    }
    fine = ["table", "tabular", "Bắt đầu", "ngày bắt đầu", "Thời gian thực hiện", "Chưa thực hiện"]
    assert not not_words(fine)


# Dates across the sample's year, so that most statuses show somewhere: March (not started, upcoming),
# the half-year cut-off (stale, paused), the end of the year (done late, done on time).
AS_OF_DATES = [date(2017, 3, 15), JUNE_14, END_OF_2017]


def every_page_text(at: AppTest) -> dict[str, list[str]]:
    """`every_text` of every page at every date of AS_OF_DATES (Việc cần làm once for each unit)."""
    texts: dict[str, list[str]] = {}
    for as_of in AS_OF_DATES:
        at.sidebar.date_input[0].set_value(as_of).run()
        for page in PAGES:
            at.switch_page(page).run()
            texts[f"{page} at {as_of:%d/%m/%Y}"] = every_text(at)
        units = at.sidebar.selectbox[0] if at.sidebar.selectbox else None
        for unit in [o for o in units.options if o] if units else []:  # every page for each unit
            units.set_value(unit).run()
            for page in PAGES:
                at.switch_page(page).run()
                texts[f"{page} at {as_of:%d/%m/%Y} for {unit}"] = every_text(at)
        if units:
            units.set_value("").run()
    return texts


@pytest.mark.parametrize(
    "make_source",
    [
        None,
        many_errors,
        headers_only,
        missing_progress,
    ],
    ids=["sample", "errors", "empty", "no-progress-tab"],
)
def test_no_page_uses_a_word_spec_13_forbids(make_source, tmp_path, monkeypatch):
    source = make_source(tmp_path) if make_source else None
    history = tmp_path / "lich-su"  # two snapshots, so that Lịch sử compares them
    monkeypatch.setenv("CCHC_SNAPSHOTS", str(history))
    raw = open_source(str(source) if source else SAMPLE)
    plan = load_plan(raw, 2026)
    for hour, as_of in ((9, AS_OF_DATES[0]), (10, END_OF_2017)):
        take_snapshot(assess(plan, as_of), raw.tabs, history, datetime(2017, 12, 31, hour, tzinfo=VIETNAM))
    at = run_app(source, monkeypatch)
    texts = every_page_text(at)
    assert len(texts) >= len(AS_OF_DATES) * len(PAGES)  # every page at every date (Việc cần làm per unit too)
    found = {where: sorted(not_words(shown)) for where, shown in texts.items() if not_words(shown)}
    assert not found, f"SPEC §13 words to use instead: {NOT_WORDS}"
    # nor a value no person should read: an empty cell shown as None or nan, a Python boolean, a code
    codes = re.compile(
        r"^(None|nan|NaN|NaT|<NA>|True|False|lead|support|in_progress|overdue|stale|paused|at_risk|"
        r"done_late|not_started|upcoming|on_track|done_on_time)$"
    )
    raw_values = {
        where: sorted({t for t in shown if codes.match(t.strip())}) for where, shown in texts.items()
    }
    assert not {where: found for where, found in raw_values.items() if found}
