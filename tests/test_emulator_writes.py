"""The emulator's write side: batchUpdate all or nothing, grid data, and Google's schema checks."""

from __future__ import annotations

import pytest
import requests

from emulator import Emulator, schema


@pytest.fixture
def blank():
    with Emulator.blank() as server:
        yield server


def _post(emu: Emulator, body: object) -> requests.Response:
    url = f"{emu.base_url}/v4/spreadsheets/{emu.spreadsheet_id}:batchUpdate"
    return requests.post(url, json=body, timeout=5)


def _get(emu: Emulator, **params: object) -> requests.Response:
    return requests.get(f"{emu.base_url}/v4/spreadsheets/{emu.spreadsheet_id}", params=params, timeout=5)


def _add(title: str, sheet_id: int) -> dict:
    return {
        "addSheet": {
            "properties": {"sheetId": sheet_id, "title": title, "gridProperties": {"frozenRowCount": 1}}
        }
    }


def test_bodies_are_checked_against_googles_discovery_document():
    assert schema.available(), "google-api-python-client (a dev requirement) ships the Sheets v4 document"


def test_a_new_blank_spreadsheet_has_one_empty_tab_of_a_thousand_rows(blank):
    sheet = _get(blank).json()["sheets"][0]["properties"]
    assert (sheet["title"], sheet["gridProperties"]) == ("Trang tính1", {"rowCount": 1000, "columnCount": 26})


def test_add_sheet_answers_the_new_properties_and_the_metadata_lists_the_tab(blank):
    answer = _post(blank, {"requests": [_add("Tiến độ", 77)]})
    assert answer.status_code == 200
    added = answer.json()["replies"][0]["addSheet"]["properties"]
    assert (added["sheetId"], added["index"], added["gridProperties"]["frozenRowCount"]) == (77, 1, 1)
    titles = [s["properties"]["title"] for s in _get(blank).json()["sheets"]]
    assert titles == ["Trang tính1", "Tiến độ"]


def test_one_invalid_request_fails_the_whole_batch_and_changes_nothing(blank):
    answer = _post(blank, {"requests": [_add("Mới", 5), _add("trang tính1", 6)]})
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["status"] == "INVALID_ARGUMENT"
    assert error["message"].startswith('Invalid requests[1].addSheet: A sheet with the name "trang tính1"')
    assert len(_get(blank).json()["sheets"]) == 1


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"requests": [{"addSheet": {"properties": {"titel": "X"}}}]}, 'Unknown name "titel"'),
        ({"requests": [{"addSheet": {"properties": {"sheetId": "abc"}}}]}, "TYPE_INT32"),
        (
            {
                "requests": [
                    {"setDataValidation": {"range": {}, "rule": {"condition": {"type": "ONE_OF_LIS"}}}}
                ]
            },
            "enum",
        ),
        ({"requests": [{"updateCells": {"fields": "note", "rows": {"values": []}}}]}, "list expected"),
        ({"request": []}, 'Unknown name "request"'),
    ],
)
def test_a_body_that_google_would_reject_answers_400(blank, body, expected):
    answer = _post(blank, body)
    assert answer.status_code == 400 and expected in answer.json()["error"]["message"]


def test_an_unknown_query_parameter_answers_400(blank):
    assert _get(blank, includeGridDatas="true").status_code == 400


def test_update_cells_writes_values_notes_and_rules_read_back_as_grid_data(blank):
    cells = [
        {"userEnteredValue": {"stringValue": "Mã"}, "note": "[CCHC] sửa"},
        {"dataValidation": {"condition": {"type": "DATE_IS_VALID"}, "strict": True}},
    ]
    request = {"start": {"sheetId": 0, "rowIndex": 1, "columnIndex": 2}, "rows": [{"values": cells}]}
    request["fields"] = "userEnteredValue,note,dataValidation"
    assert _post(blank, {"requests": [{"updateCells": request}]}).status_code == 200
    fields = "sheets(data(rowData(values(formattedValue,note,dataValidation))))"
    data = _get(blank, includeGridData="true", fields=fields).json()["sheets"][0]["data"][0]
    assert data["rowData"][0] == {}
    assert data["rowData"][1]["values"][2:] == [
        {"formattedValue": "Mã", "note": "[CCHC] sửa"},
        {"dataValidation": {"condition": {"type": "DATE_IS_VALID"}, "strict": True}},
    ]
    assert blank.grid("Trang tính1") == [[], ["", "", "Mã"]]


def test_update_cells_over_a_range_clears_what_the_rows_do_not_cover(blank):
    def fill(lines):
        rows = [{"values": [{"userEnteredValue": {"stringValue": t}} for t in line]} for line in lines]
        return {"updateCells": {"range": {"sheetId": 0}, "rows": rows, "fields": "userEnteredValue"}}

    _post(blank, {"requests": [fill([["a", "b"], ["c", "d"], ["e"]])]})
    _post(blank, {"requests": [fill([["x"]])]})
    assert blank.grid("Trang tính1") == [["x"]]


def test_writing_outside_the_grid_answers_googles_grid_limits_error(blank):
    request = {
        "start": {"sheetId": 0, "rowIndex": 1000},
        "rows": [{"values": [{"note": "x"}]}],
        "fields": "note",
    }
    answer = _post(blank, {"requests": [{"updateCells": request}]})
    assert (
        answer.status_code == 400
        and "exceeds grid limits. Max rows: 1000" in answer.json()["error"]["message"]
    )


def test_frozen_rows_and_warning_only_protections_show_in_the_metadata(blank):
    freeze = {"properties": {"sheetId": 0, "gridProperties": {"frozenRowCount": 3}}}
    freeze["fields"] = "gridProperties.frozenRowCount"
    protect = {
        "protectedRange": {"range": {"sheetId": 0, "startRowIndex": 2, "endRowIndex": 3}, "warningOnly": True}
    }
    answer = _post(blank, {"requests": [{"updateSheetProperties": freeze}, {"addProtectedRange": protect}]})
    replies = answer.json()["replies"]
    assert replies[0] == {} and replies[1]["addProtectedRange"]["protectedRange"]["warningOnly"] is True
    sheet = _get(blank).json()["sheets"][0]
    assert sheet["properties"]["gridProperties"]["frozenRowCount"] == 3
    assert sheet["protectedRanges"][0]["range"] == {"sheetId": 0, "startRowIndex": 2, "endRowIndex": 3}


def test_grid_data_of_named_ranges_starts_where_the_range_starts(blank):
    request = {
        "start": {"sheetId": 0, "rowIndex": 4, "columnIndex": 1},
        "rows": [{"values": [{"note": "n"}]}],
    }
    _post(blank, {"requests": [{"updateCells": {**request, "fields": "note"}}]})
    answer = _get(blank, includeGridData="true", ranges="'Trang tính1'!B5:C6", fields="sheets(data)").json()
    data = answer["sheets"][0]["data"][0]
    assert (data["startRow"], data["startColumn"], data["rowData"]) == (4, 1, [{"values": [{"note": "n"}]}])


def test_the_request_log_keeps_each_write_body(blank):
    _post(blank, {"requests": [_add("A", 3)]})
    assert [w.body for w in blank.writes()] == [{"requests": [_add("A", 3)]}]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"valueInputOption": "TYPED"}, "Invalid value at 'value_input_option'"),
        ({"valueInputOption": "INPUT_VALUE_OPTION_UNSPECIFIED"}, "Invalid valueInputOption"),
        (
            {"valueInputOption": "RAW", "insertDataOption": "INPUT_VALUE_OPTION_UNSPECIFIED"},
            "Invalid value at 'insert_data_option' (type.googleapis.com/google.apps.sheets.v4.InsertData",
        ),
        ({"valueInputOption": "RAW", "insertDataOption": "APPEND"}, "Invalid value at 'insert_data_option'"),
    ],
)
def test_an_append_option_outside_its_enum_is_named_in_the_400(blank, params, expected):
    url = f"{blank.base_url}/v4/spreadsheets/{blank.spreadsheet_id}/values/A1:append"
    answer = requests.post(url, params=params, json={"values": [["x"]]}, timeout=5)
    assert answer.status_code == 400 and expected in answer.json()["error"]["message"]
