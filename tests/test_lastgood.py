"""Google Sheet source pieces that need no server: ids, cell links, credentials, the last good read."""

import json
from datetime import datetime

import pytest

from cchc.sources import lastgood
from cchc.sources.base import RawSource, RawTab, SourceError, grid_from_rows
from cchc.sources.google_auth import credentials
from cchc.sources.spec import GoogleAccess, cell_link, spreadsheet_id
from cchc.vocab.terms import VIETNAM

KEY = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"


@pytest.mark.parametrize(
    "spec, expected",
    [
        (f"gsheet:{KEY}", KEY),
        (f"https://docs.google.com/spreadsheets/d/{KEY}/edit#gid=0", KEY),
        (f"https://docs.google.com/spreadsheets/d/{KEY}", KEY),
        ("gsheet:short", None),
        ("cchc/sample", None),
        ("bang.xlsx", None),
    ],
)
def test_a_google_sheet_is_named_by_gsheet_id_or_its_url(spec, expected):
    assert spreadsheet_id(spec) == expected


def test_a_cell_link_opens_the_tab_at_the_cell():
    assert cell_link(KEY, 42, "D12") == f"https://docs.google.com/spreadsheets/d/{KEY}/edit#gid=42&range=D12"
    assert cell_link(KEY, None, "D12") is None


def _source():
    rows = [["Ngày cập nhật", "Mã nhiệm vụ"], ["15/06/2017", "1"], []]
    return RawSource(
        "gsheet", f"gsheet:{KEY}", (RawTab("Tiến độ", grid_from_rows(rows), 7),), datetime(2017, 6, 15, 9, 30)
    )


def test_the_last_good_read_round_trips_and_no_temporary_file_is_left(tmp_path):
    lastgood.save(_source(), KEY, tmp_path)
    again = lastgood.load(KEY, tmp_path)
    assert again is not None
    assert again.tabs[0].title == "Tiến độ" and again.tabs[0].gid == 7
    assert again.tabs[0].grid.values.tolist() == _source().tabs[0].grid.values.tolist()
    assert [p.name for p in tmp_path.iterdir()] == [f"{KEY}.json"]


def test_a_read_kept_without_its_offset_comes_back_in_vietnam_time(tmp_path):
    lastgood.save(_source(), KEY, tmp_path)  # naive: as files kept before reads carried their offset
    when = datetime(2017, 6, 15, 9, 30, tzinfo=VIETNAM)
    again = lastgood.load(KEY, tmp_path)
    assert again is not None and again.read_at == when and again.read_at.tzinfo is not None
    assert lastgood.read_time(KEY, tmp_path) == when


def test_a_transient_failure_serves_the_last_good_read_marked_stale(tmp_path):
    lastgood.save(_source(), KEY, tmp_path)
    served = lastgood.served_stale(SourceError("gsheet.quota", "Google đang giới hạn."), KEY, tmp_path)
    assert served.stale and "15/06/2017 09:30" in served.stale_reason and "giới hạn" in served.stale_reason


@pytest.mark.parametrize("code", ["gsheet.not_found", "gsheet.permission", "gsheet.credentials"])
def test_a_permanent_failure_is_not_hidden_behind_an_old_read(tmp_path, code):
    lastgood.save(_source(), KEY, tmp_path)
    with pytest.raises(SourceError) as error:
        lastgood.served_stale(SourceError(code, "x"), KEY, tmp_path)
    assert error.value.code == code


def test_without_a_last_good_read_the_failure_is_reported(tmp_path):
    with pytest.raises(SourceError):
        lastgood.served_stale(SourceError("gsheet.quota", "x"), KEY, tmp_path)


def test_missing_credentials_say_how_to_provide_them(tmp_path):
    with pytest.raises(SourceError) as error:
        credentials(GoogleAccess())
    assert (
        error.value.code == "gsheet.credentials" and "GOOGLE_APPLICATION_CREDENTIALS" in error.value.message
    )


def test_a_broken_key_file_is_reported_without_its_content(tmp_path):
    key = tmp_path / "key.json"
    fake = "-" * 5 + "BEGIN NOT-A-REAL-KEY"  # built at run time: no key-shaped text in the repository
    key.write_text(json.dumps({"type": "service_account", "private_key": fake, "client_email": "x"}))
    with pytest.raises(SourceError) as error:
        credentials(GoogleAccess(key_file=str(key)))
    assert "NOT-A-REAL-KEY" not in error.value.message and "BEGIN" not in str(error.value)
