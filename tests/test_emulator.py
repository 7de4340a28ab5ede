"""The Sheets API v4 emulator, driven through gspread's real HTTP path over loopback."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import gspread
import openpyxl
import pytest
import requests
from gspread.exceptions import APIError, SpreadsheetNotFound, WorksheetNotFound
from gspread.utils import absolute_range_name
from requests.adapters import HTTPAdapter

from cchc.sources import SourceError, open_source
from emulator import DEFAULT_ID, Emulator
from emulator import ranges as a1
from emulator.sheets import DEFAULT_TITLE
from tests.support.isolation import clean_environ

ROOT = Path(__file__).resolve().parent.parent
GOOGLE = ("https://sheets.googleapis.com", "https://www.googleapis.com")
# The sample's six CSV files (cchc/sample/), one tab each, in the order the folder reader gives
# them: sorted by file name ("Báo cáo đã gửi.csv" sorts before "Báo cáo.csv", space < dot).
SAMPLE_TITLES = ["Báo cáo đã gửi", "Báo cáo", "Cấu hình", "Nhiệm vụ", "Tiến độ", "Đơn vị"]
Grids = dict[str, list[list[object]]]
Serve = Callable[[Grids], gspread.Spreadsheet]


class _ToEmulator(HTTPAdapter):
    """Sends what gspread addresses to Google to the emulator instead."""

    def __init__(self, base_url: str) -> None:
        super().__init__()
        self.base_url = base_url

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        assert request.url is not None
        for prefix in GOOGLE:
            if request.url.startswith(prefix):
                request.url = self.base_url + request.url[len(prefix) :]
        return super().send(request, *args, **kwargs)


class _NoInternet(HTTPAdapter):
    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        raise AssertionError(f"a test tried to reach {request.url}")


def gspread_client(emulator: Emulator) -> gspread.Client:
    session = requests.Session()
    session.trust_env = False  # no proxy from the environment
    session.mount("http://", _NoInternet())
    session.mount("https://", _NoInternet())
    adapter = _ToEmulator(emulator.base_url)
    for prefix in GOOGLE:
        session.mount(prefix, adapter)
    return gspread.Client(auth=None, session=session)  # type: ignore[arg-type]


@pytest.fixture
def sample() -> Iterator[Emulator]:
    with Emulator.from_source("sample") as emulator:
        yield emulator


@pytest.fixture
def client(sample: Emulator) -> gspread.Client:
    return gspread_client(sample)


def _trimmed(rows: list[list[object]]) -> list[list[object]]:
    out = []
    for row in rows:
        cells = list(row)
        while cells and cells[-1] in ("", None):
            cells.pop()
        out.append(cells)
    while out and not out[-1]:
        out.pop()
    return out


@pytest.fixture
def serve() -> Iterator[Serve]:
    """Serves some grids, gives the spreadsheet opened through gspread; stopped after the test."""
    started: list[Emulator] = []

    def _serve(grids: Grids) -> gspread.Spreadsheet:
        emulator = Emulator(grids).start()
        started.append(emulator)
        return gspread_client(emulator).open_by_key(DEFAULT_ID)

    yield _serve
    for emulator in started:
        emulator.stop()


# Metadata -------------------------------------------------------------------------------------
def test_open_by_key_gives_title_locale_and_vietnamese_tabs(client: gspread.Client) -> None:
    sheet = client.open_by_key(DEFAULT_ID)
    assert sheet.title == DEFAULT_TITLE
    assert sheet.locale == "vi_VN"
    assert sheet.timezone == "Asia/Ho_Chi_Minh"
    assert [ws.title for ws in sheet.worksheets()] == SAMPLE_TITLES
    progress = sheet.worksheet("Tiến độ")
    # cchc/sample/Tiến độ.csv: a header and 228 rows (229 lines), 14 columns (A «Ngày cập nhật»
    # to N «Số người tham dự»); the fifth tab in SAMPLE_TITLES.
    assert (progress.row_count, progress.col_count, progress.index) == (229, 14, 4)
    assert sheet.worksheets()[0].id == 0
    with pytest.raises(WorksheetNotFound):
        sheet.worksheet("Không có")


def test_metadata_has_googles_shape(client: gspread.Client) -> None:
    body = client.http_client.fetch_sheet_metadata(DEFAULT_ID)
    assert list(body) == ["spreadsheetId", "properties", "sheets", "spreadsheetUrl"]
    assert body["spreadsheetUrl"] == f"https://docs.google.com/spreadsheets/d/{DEFAULT_ID}/edit"
    first = body["sheets"][0]["properties"]
    assert list(first) == ["sheetId", "title", "index", "sheetType", "gridProperties"]
    # The first tab is cchc/sample/Báo cáo đã gửi.csv: a header and one sent report, 5 columns.
    assert (first["sheetId"], first["title"], first["index"]) == (0, "Báo cáo đã gửi", 0)
    assert first["sheetType"] == "GRID" and first["gridProperties"] == {"rowCount": 2, "columnCount": 5}


def test_fields_mask_keeps_only_what_is_asked(client: gspread.Client) -> None:
    http = client.http_client
    masked = http.fetch_sheet_metadata(DEFAULT_ID, params={"fields": "sheets.properties.title"})
    assert masked == {"sheets": [{"properties": {"title": t}} for t in SAMPLE_TITLES]}
    nested = http.fetch_sheet_metadata(
        DEFAULT_ID, params={"fields": "properties(title,locale),spreadsheetId"}
    )
    assert nested == {
        "spreadsheetId": DEFAULT_ID,
        "properties": {"title": DEFAULT_TITLE, "locale": "vi_VN"},
    }
    used_by_gspread = http.fetch_sheet_metadata(
        DEFAULT_ID, params={"fields": "sheets.properties,sheets.protectedRanges"}
    )
    assert list(used_by_gspread) == ["sheets"] and list(used_by_gspread["sheets"][0]) == ["properties"]


# Values -----------------------------------------------------------------------------------------
def test_batch_get_of_every_tab_round_trips_the_sample(client: gspread.Client) -> None:
    source = {tab.title: tab.grid.values.tolist() for tab in open_source("sample").tabs}
    sheet = client.open_by_key(DEFAULT_ID)
    body = sheet.values_batch_get([absolute_range_name(title) for title in SAMPLE_TITLES])
    assert body["spreadsheetId"] == DEFAULT_ID
    # Each range is the CSV file's size (lines × columns) in cchc/sample/.
    assert [r["range"] for r in body["valueRanges"]] == [
        "'Báo cáo đã gửi'!A1:E2",  # header + 1 sent report, Kỳ … Người ký
        "'Báo cáo'!A1:E11",  # header + 10 paragraphs, Kỳ … Người viết
        "'Cấu hình'!A1:B18",  # header + 17 settings keys
        "'Nhiệm vụ'!A1:J10",  # title, blank row, header + the plan's 7 tasks; Mã … Chu kỳ cập nhật
        "'Tiến độ'!A1:N229",  # header + 228 rows; Ngày cập nhật … Số người tham dự
        "'Đơn vị'!A1:E10",  # header + 9 units
    ]
    for title, value_range in zip(SAMPLE_TITLES, body["valueRanges"], strict=True):
        assert value_range["majorDimension"] == "ROWS"
        assert value_range["values"] == _trimmed(source[title])
    cells = sum(len(row) for vr in body["valueRanges"] for row in vr["values"])
    # The six files hold 2879 cells once each row's trailing empties are dropped (2688 of them
    # in Tiến độ.csv's 229 rows): the whole sample came through, not a first page of it.
    assert cells > 2500


def test_one_read_of_every_tab_costs_one_metadata_get_and_one_batch_get(
    sample: Emulator, client: gspread.Client
) -> None:
    sample.requests.clear()
    http = client.http_client
    titles = [s["properties"]["title"] for s in http.fetch_sheet_metadata(DEFAULT_ID)["sheets"]]
    body = http.values_batch_get(DEFAULT_ID, [absolute_range_name(t) for t in titles])
    assert titles == SAMPLE_TITLES and len(body["valueRanges"]) == len(SAMPLE_TITLES) == 6
    logged = [(r.method, r.path) for r in sample.requests]
    base = f"/v4/spreadsheets/{DEFAULT_ID}"
    assert logged == [("GET", base), ("GET", f"{base}/values:batchGet")]
    assert sample.requests[0].query == {"includeGridData": ["false"]}
    assert sample.requests[1].query["ranges"] == [f"'{t}'" for t in SAMPLE_TITLES]
    assert sample.count("values:batchGet") == 1


def test_ragged_rows_lose_their_trailing_empty_cells_and_rows(serve: Serve) -> None:
    ragged: list[list[object]] = [["a", "b", ""], ["c"], ["", "", ""], ["d", "", "e", ""], ["", ""]]
    sheet = serve({"Nhật ký": ragged})
    rows = sheet.values_get("'Nhật ký'")
    columns = sheet.values_get("'Nhật ký'", params={"majorDimension": "COLUMNS"})
    assert rows == {
        "range": "'Nhật ký'!A1:D5",
        "majorDimension": "ROWS",
        "values": [["a", "b"], ["c"], [], ["d", "", "e"]],
    }
    assert columns["majorDimension"] == "COLUMNS"
    assert columns["values"] == [["a", "c", "", "d"], ["b"], ["", "", "", "e"]]


def test_an_empty_range_has_no_values_key(serve: Serve) -> None:
    sheet = serve({"Trống": [], "Thưa": [["x", ""], ["", ""]]})
    empty_tab = sheet.values_get("'Trống'")
    batch = sheet.values_batch_get(["'Trống'", "'Thưa'!B1:B2", "'Thưa'"])
    assert empty_tab == {"range": "'Trống'!A1", "majorDimension": "ROWS"}
    assert [("values" in vr) for vr in batch["valueRanges"]] == [False, False, True]
    assert batch["valueRanges"][1] == {"range": "'Thưa'!B1:B2", "majorDimension": "ROWS"}


def test_quoted_vietnamese_names_and_escaped_quotes(serve: Serve) -> None:
    grid: list[list[object]] = [["a", "b", "c"], ["d", "e", "f"], ["g", "h", "i"]]
    sheet = serve({"Tiến độ": grid, "Kế hoạch 'mới'": grid, "Sheet1": grid})
    body = sheet.values_batch_get(
        ["'Kế hoạch ''mới'''!A1:B2", "Tiến độ!B2:C", "A:A", "'Sheet1'!B:B", "'Tiến độ'!3:3"]
    )
    answered = [(vr["range"], vr["values"]) for vr in body["valueRanges"]]
    assert answered == [
        ("'Kế hoạch ''mới'''!A1:B2", [["a", "b"], ["d", "e"]]),
        ("'Tiến độ'!B2:C3", [["e", "f"], ["h", "i"]]),
        ("'Tiến độ'!A1:A3", [["a"], ["d"], ["g"]]),
        ("Sheet1!B1:B3", [["b"], ["e"], ["h"]]),
        ("'Tiến độ'!A3:C3", [["g", "h", "i"]]),
    ]


def test_an_unknown_tab_is_a_400_unable_to_parse_range(client: gspread.Client) -> None:
    sheet = client.open_by_key(DEFAULT_ID)
    with pytest.raises(APIError) as caught:
        sheet.values_get("'Không có'!A1:K")
    assert caught.value.code == 400
    assert caught.value.error == {
        "code": 400,
        "message": "Unable to parse range: 'Không có'!A1:K",
        "status": "INVALID_ARGUMENT",
    }


def test_a_bad_render_option_is_a_400(client: gspread.Client) -> None:
    sheet = client.open_by_key(DEFAULT_ID)
    with pytest.raises(APIError) as caught:
        sheet.values_get("'Tiến độ'!A1", params={"valueRenderOption": "PRETTY"})
    assert caught.value.code == 400
    assert "value_render_option" in caught.value.error["message"]


# Rendering --------------------------------------------------------------------------------------
@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Số liệu"
    ws.append(["Số", "Nguyên", "Tỉ lệ", "Tỉ lệ lẻ", "Ngày", "Lúc", "Chữ"])
    ws.append([30.5, 12, 0.5, 0.305, date(2017, 3, 1), datetime(2017, 3, 1, 8, 30), "03/01/2017"])
    ws["C2"].number_format = "0%"
    ws["D2"].number_format = "0.0%"
    path = tmp_path / "so-lieu.xlsx"
    book.save(path)
    return path


def _row(sheet: gspread.Spreadsheet, **options: str) -> list[object]:
    params: dict[str, Any] = dict(options)
    return sheet.values_get("'Số liệu'!A2:G2", params=params or None)["values"][0]


def test_formatted_and_unformatted_numbers_percents_and_dates(workbook: Path) -> None:
    with Emulator.from_source(workbook) as emulator:
        sheet = gspread_client(emulator).open_by_key(DEFAULT_ID)
        formatted = _row(sheet)
        unformatted = _row(sheet, valueRenderOption="UNFORMATTED_VALUE")
        date_text = _row(
            sheet, valueRenderOption="UNFORMATTED_VALUE", dateTimeRenderOption="FORMATTED_STRING"
        )
        formula = _row(sheet, valueRenderOption="FORMULA")
    assert formatted == ["30,5", "12", "50%", "30,5%", "01/03/2017", "01/03/2017 08:30:00", "03/01/2017"]
    assert unformatted == [30.5, 12, 0.5, 0.305, 42795, pytest.approx(42795 + 8.5 / 24), "03/01/2017"]
    assert type(unformatted[1]) is int and type(unformatted[4]) is int
    assert date_text == [30.5, 12, 0.5, 0.305, "01/03/2017", "01/03/2017 08:30:00", "03/01/2017"]
    assert formula == unformatted


# Errors and faults ------------------------------------------------------------------------------
def test_an_unknown_spreadsheet_is_a_404_spreadsheet_not_found(client: gspread.Client) -> None:
    with pytest.raises(SpreadsheetNotFound) as caught:
        client.open_by_key("khong-co-bang-tinh-nay")
    response = caught.value.args[0]
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND"}
    }


def test_a_403_is_the_builtin_permission_error(sample: Emulator, client: gspread.Client) -> None:
    sample.fail_next(403)
    with pytest.raises(PermissionError) as caught:
        client.open_by_key(DEFAULT_ID)
    cause = caught.value.__cause__
    assert isinstance(cause, APIError)
    assert cause.error == {
        "code": 403,
        "message": "The caller does not have permission",
        "status": "PERMISSION_DENIED",
    }
    assert client.open_by_key(DEFAULT_ID).title  # only the next request failed


def test_a_429_is_an_api_error_with_its_code(sample: Emulator, client: gspread.Client) -> None:
    sheet = client.open_by_key(DEFAULT_ID)
    sample.fail_next(429)
    with pytest.raises(APIError) as caught:
        sheet.values_batch_get(["'Tiến độ'"])
    assert caught.value.code == 429
    assert caught.value.error["status"] == "RESOURCE_EXHAUSTED"
    assert caught.value.error["message"].startswith("Quota exceeded for quota metric 'Read requests'")


def test_429_twice_then_success(sample: Emulator, client: gspread.Client) -> None:
    sheet = client.open_by_key(DEFAULT_ID)
    sample.fail_next(429, times=2)
    outcomes: list[object] = []
    for _ in range(3):
        try:
            sheet.values_batch_get(["'Tiến độ'"])
            outcomes.append("ok")
        except APIError as error:
            outcomes.append(error.code)
    assert outcomes == [429, 429, "ok"]
    assert sample.count("values:batchGet") == 3


@pytest.mark.parametrize(("status", "name"), [(500, "INTERNAL"), (503, "UNAVAILABLE")])
def test_fail_always_lasts_until_cleared(
    sample: Emulator, client: gspread.Client, status: int, name: str
) -> None:
    sheet = client.open_by_key(DEFAULT_ID)
    sample.fail_always(status)
    for _ in range(3):
        with pytest.raises(APIError) as caught:
            sheet.values_batch_get(["'Tiến độ'"])
        assert (caught.value.code, caught.value.error["status"]) == (status, name)
    sample.clear_faults()
    assert sheet.values_batch_get(["'Tiến độ'"])["valueRanges"]


def test_a_fault_can_target_one_endpoint(sample: Emulator, client: gspread.Client) -> None:
    sample.fail_next(500, match="values:batchGet", message="Boom")
    sheet = client.open_by_key(DEFAULT_ID)  # metadata passes
    with pytest.raises(APIError) as caught:
        sheet.values_batch_get(["'Tiến độ'"])
    assert caught.value.error == {"code": 500, "message": "Boom", "status": "INTERNAL"}


def test_a_slow_answer_beyond_the_client_timeout_raises_a_timeout(
    sample: Emulator, client: gspread.Client
) -> None:
    sheet = client.open_by_key(DEFAULT_ID)
    client.set_timeout(0.2)
    sample.delay(0.6, times=1)
    started = time.monotonic()
    with pytest.raises(requests.exceptions.Timeout):
        sheet.values_batch_get(["'Tiến độ'"])
    assert time.monotonic() - started < 0.5
    assert sheet.values_batch_get(["'Tiến độ'"])["valueRanges"]  # the delay was for one request


def test_writes_are_not_implemented(client: gspread.Client) -> None:
    sheet = client.open_by_key(DEFAULT_ID)
    with pytest.raises(APIError) as caught:
        sheet.values_update("'Tiến độ'!A1", params={"valueInputOption": "RAW"}, body={"values": [["x"]]})
    assert (caught.value.code, caught.value.error["status"]) == (501, "UNIMPLEMENTED")


def test_from_source_refuses_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(SourceError):
        Emulator.from_source(tmp_path / "khong-co")


# A1 notation ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'Tiến độ'", "'Tiến độ'!A1:K296"),
        ("'Tiến độ'!A:K", "'Tiến độ'!A1:K296"),
        ("'Tiến độ'!A2:K", "'Tiến độ'!A2:K296"),
        ("'Tiến độ'!$B$3", "'Tiến độ'!B3"),
        ("'Tiến độ'!c5:a1", "'Tiến độ'!A1:C5"),
        ("'Tiến độ'!A1:Z9999", "'Tiến độ'!A1:K296"),
        ("Tiến độ!10:12", "'Tiến độ'!A10:K12"),
        ("B2", "'Tiến độ'!B2"),
    ],
)
def test_ranges_are_echoed_clipped_to_the_grid(text: str, expected: str) -> None:
    parsed = a1.parse(text, ["Tiến độ"])
    assert a1.format_range(parsed.title, a1.resolve(parsed, 296, 11)) == expected


@pytest.mark.parametrize("text", ["'Tiến độ", "'Tiến độ'A1", "Tiến độ!", "Tiến độ!A1:1", "Khác!A1"])
def test_ranges_that_google_cannot_parse(text: str) -> None:
    with pytest.raises(a1.RangeError, match="Unable to parse range"):
        a1.parse(text, ["Tiến độ"])


def test_a_range_outside_the_grid_exceeds_its_limits() -> None:
    with pytest.raises(a1.RangeError, match=r"exceeds grid limits. Max rows: 296, max columns: 11"):
        a1.resolve(a1.parse("'Tiến độ'!A300:B301", ["Tiến độ"]), 296, 11)


def test_column_letters_round_trip() -> None:
    for number, letters in [(1, "A"), (26, "Z"), (27, "AA"), (702, "ZZ"), (703, "AAA"), (18278, "ZZZ")]:
        assert a1.column_letters(number) == letters and a1.column_number(letters) == number


# By hand ----------------------------------------------------------------------------------------
def test_python_m_emulator_serves_until_interrupted() -> None:
    command = [sys.executable, "-m", "emulator", "--source", "cchc/sample", "--port", "0"]
    # the environment of a user's shell: no machine setting, and no coverage of the test run
    env = {k: v for k, v in clean_environ().items() if not k.startswith(("COV_", "COVERAGE_"))}
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("Sheets API emulator: http://127.0.0.1:")
        base_url = first.split(": ", 1)[1].strip()
        assert DEFAULT_ID in process.stdout.readline()
        session = requests.Session()
        session.trust_env = False
        body = session.get(f"{base_url}/v4/spreadsheets/{DEFAULT_ID}", timeout=5).json()
        assert [s["properties"]["title"] for s in body["sheets"]] == SAMPLE_TITLES
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=120) == 0  # a loaded machine can be slow to stop it
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_raw_http_accepts_an_unencoded_range_and_pretty_prints_on_request() -> None:
    grids: Grids = {"Sheet1": [["a", "b"], ["c", "d"]]}
    with Emulator(grids, pretty=True) as emulator:
        session = requests.Session()
        session.trust_env = False
        url = f"{emulator.base_url}/v4/spreadsheets/{DEFAULT_ID}/values/Sheet1!A1:B1"
        response = session.get(url, timeout=5)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json; charset=UTF-8"
    expected = '{\n  "range": "Sheet1!A1:B1",\n  "majorDimension": "ROWS",\n  "values": [\n'
    expected += '    [\n      "a",\n      "b"\n    ]\n  ]\n}\n'
    assert response.text == expected
