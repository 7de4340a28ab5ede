"""The Google Sheet source through gspread's real HTTP path, against the loopback emulator."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime

import pytest

import ui.data
from cchc.assess.status import assess
from cchc.cli.main import main
from cchc.config import load_config
from cchc.snapshot.serialize import status_json
from cchc.sources import SAMPLE, SourceError, gsheet, open_source, parse_source
from cchc.validate.plan import load_plan
from emulator import Emulator
from tests.support.plans import plan_tabs, progress_row

AS_OF = date(2017, 10, 15)


@pytest.fixture(autouse=True)
def google_env(monkeypatch, tmp_path):
    """No real credentials, a private last-good folder, and no waiting between retries."""
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(gsheet, "RETRY_DELAYS", (0.01, 0.01, 0.01))


@pytest.fixture
def sample_sheet(monkeypatch):
    with Emulator.from_source(SAMPLE) as server:
        monkeypatch.setenv("CCHC_SHEETS_ENDPOINT", server.base_url)
        yield server


def _open(spec):
    """Read `spec` the way a shell does: with the Google settings of this moment's configuration."""
    return open_source(spec, load_config().google)


def _summary(raw):
    plan = load_plan(raw, 2017)
    document = status_json(assess(plan, AS_OF))
    issues = [(i.code, i.sheet, i.cell, i.severity) for i in plan.issues]
    return {k: document[k] for k in ("assignments", "tasks", "units", "reports", "issue_counts")}, issues


def test_the_google_source_gives_the_same_validation_and_status_as_the_csv_source(sample_sheet):
    google = _open(f"gsheet:{sample_sheet.spreadsheet_id}")
    assert google.kind == "gsheet"
    assert _summary(google) == _summary(_open(SAMPLE))


def test_one_read_costs_two_requests_metadata_and_one_batch_get(sample_sheet):
    _open(f"gsheet:{sample_sheet.spreadsheet_id}")
    assert len(sample_sheet.requests) == 2
    assert sample_sheet.count(":batchGet") == 1


def test_the_sheet_url_works_as_a_source(sample_sheet):
    url = f"https://docs.google.com/spreadsheets/d/{sample_sheet.spreadsheet_id}/edit#gid=0"
    assert _open(url).name == f"gsheet:{sample_sheet.spreadsheet_id}"


def test_ragged_rows_empty_tabs_and_vietnamese_numbers_and_dates_are_read(monkeypatch):
    tabs = plan_tabs(
        progress=[progress_row("15/06/2017", 1, "TTTK", "Đang thực hiện", "30,5"), ["01/07/2017", "2"]]
    )
    tabs["Ghi chép trống"] = []
    with Emulator(tabs) as server:
        monkeypatch.setenv("CCHC_SHEETS_ENDPOINT", server.base_url)
        raw = _open(f"gsheet:{server.spreadsheet_id}")
    plan = load_plan(raw, 2017)
    assert plan.progress["percent"].tolist() == [30.5]
    assert [(i.code, i.cell) for i in plan.issues] == [("unit.missing", "C3"), ("state.missing", "D3")]
    assert next(t for t in raw.tabs if t.title == "Ghi chép trống").grid.empty


def test_quota_errors_twice_then_success_is_retried(sample_sheet):
    sample_sheet.fail_next(429, times=2)
    raw = _open(f"gsheet:{sample_sheet.spreadsheet_id}")
    assert not raw.stale and len(sample_sheet.requests) == 4


def test_quota_forever_gives_up_and_serves_the_last_good_read_with_its_reason(sample_sheet):
    key = sample_sheet.spreadsheet_id
    first = _open(f"gsheet:{key}")
    sample_sheet.fail_always(429)
    before = len(sample_sheet.requests)
    served = _open(f"gsheet:{key}")
    assert len(sample_sheet.requests) - before == 1 + len(gsheet.RETRY_DELAYS)  # bounded
    assert served.stale and "giới hạn" in served.stale_reason and "lần cuối" in served.stale_reason
    assert _summary(served) == _summary(first)


def test_the_cli_reports_a_stale_read_in_its_json(sample_sheet, capsys):
    key = sample_sheet.spreadsheet_id
    _open(f"gsheet:{key}")
    sample_sheet.fail_always(500)
    assert main(["status", f"gsheet:{key}", "--as-of", "2017-10-15", "--format", "json"]) == 0
    source = json.loads(capsys.readouterr().out)["source"]
    assert source["stale"] is True and "500" in source["stale_reason"]


def test_an_export_of_a_stale_read_says_so_and_records_it(sample_sheet, capsys, tmp_path):
    key = sample_sheet.spreadsheet_id
    _open(f"gsheet:{key}")
    sample_sheet.fail_always(500)
    assert main(["export", f"gsheet:{key}", "--as-of", "2017-10-15", "--out", str(tmp_path / "snap")]) == 0
    warned = capsys.readouterr().err
    assert "Cảnh báo" in warned and "lần đọc trước" in warned and "500" in warned
    manifest = json.loads((tmp_path / "snap" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["source"]["stale"] is True


def test_a_server_error_without_any_earlier_read_is_a_clear_failure(sample_sheet, capsys):
    sample_sheet.fail_always(500)
    assert main(["validate", f"gsheet:{sample_sheet.spreadsheet_id}"]) == 2
    assert "gsheet.unavailable" in capsys.readouterr().err


def test_a_slow_answer_beyond_the_timeout_is_retried_then_reported(sample_sheet, monkeypatch):
    monkeypatch.setattr(gsheet, "TIMEOUT_SECONDS", 0.2)
    sample_sheet.delay(0.6)
    with pytest.raises(SourceError) as error:
        _open(f"gsheet:{sample_sheet.spreadsheet_id}")
    assert error.value.code == "gsheet.unreachable"


def test_an_unknown_sheet_says_to_check_the_id(sample_sheet):
    with pytest.raises(SourceError) as error:
        _open("gsheet:1ThisSheetDoesNotExist000000")
    assert error.value.code == "gsheet.not_found" and "1ThisSheetDoesNotExist000000" in error.value.message


def test_a_sheet_not_shared_names_the_service_account_to_share_it_with(sample_sheet, monkeypatch):
    sample_sheet.fail_always(403)
    monkeypatch.setattr(
        gsheet, "client", _client_with_email(gsheet.client, "cchc@du-an.iam.gserviceaccount.com")
    )
    with pytest.raises(SourceError) as error:
        _open(f"gsheet:{sample_sheet.spreadsheet_id}")
    assert error.value.code == "gsheet.permission"
    assert "cchc@du-an.iam.gserviceaccount.com" in error.value.message and "Chia sẻ" in error.value.message


def _client_with_email(build, email):
    def client(google, write=False):
        found, _ = build(google, write)
        return found, email

    return client


def test_a_missing_tab_is_named(monkeypatch):
    tabs = plan_tabs()
    del tabs["Tiến độ"]
    with Emulator(tabs) as server:
        monkeypatch.setenv("CCHC_SHEETS_ENDPOINT", server.base_url)
        plan = load_plan(_open(f"gsheet:{server.spreadsheet_id}"), 2017)
    missing = [i for i in plan.issues if i.code == "tab.missing"]
    assert [i.value for i in missing] == ["Tiến độ"] and "Tiến độ" in missing[0].message


def test_twenty_directors_opening_the_dashboard_at_once_cost_one_read(sample_sheet):
    ui.data.load.clear()
    spec = f"gsheet:{sample_sheet.spreadsheet_id}"
    results: list[object] = []
    google = load_config().google
    read = lambda: results.append(ui.data.load(parse_source(spec), google))  # noqa: E731
    threads = [threading.Thread(target=read) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ui.data.load.clear()
    assert len(results) == 20 and all(r.plan is not None for r in results)
    assert len(sample_sheet.requests) == 2


def test_read_time_is_kept_with_the_last_good_read(sample_sheet):
    raw = _open(f"gsheet:{sample_sheet.spreadsheet_id}")
    assert isinstance(raw.read_at, datetime)


def _app(monkeypatch, spec):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CCHC_SOURCE", spec)
    ui.data.load.clear()
    return AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=30).run()


def test_the_dashboard_on_the_emulator_links_each_issue_to_its_cell(sample_sheet, monkeypatch):
    at = _app(monkeypatch, f"gsheet:{sample_sheet.spreadsheet_id}")
    at.switch_page("app_pages/quality.py").run()
    links = list(at.dataframe[0].value["Mở ô"])
    ui.data.load.clear()
    # one link per issue of the sample: 17 (8 errors, 9 warnings; see tests/test_export.py)
    assert len(links) == 17 and all("#gid=" in link and "&range=" in link for link in links)
    assert not at.exception


def test_the_dashboard_shows_a_banner_when_it_serves_the_last_good_read(sample_sheet, monkeypatch):
    at = _app(monkeypatch, f"gsheet:{sample_sheet.spreadsheet_id}")
    sample_sheet.fail_always(429)
    at.sidebar.button[0].click().run()  # refresh: Google now refuses
    ui.data.load.clear()
    banner = " ".join(w.value for w in at.warning)
    assert "Không làm mới được dữ liệu" in banner and "lần cuối" in banner
    assert len(at.metric) == 6 and not at.exception


def test_a_malformed_sheet_id_is_named_as_such():
    with pytest.raises(SourceError) as error:
        _open("gsheet:abc")
    assert error.value.code == "gsheet.invalid_id"


def test_a_spare_copy_that_cannot_be_written_does_not_spoil_a_good_read(sample_sheet, monkeypatch):
    from cchc.sources import lastgood

    def refuse(*args):
        raise OSError("read-only file system")

    monkeypatch.setattr(lastgood, "save", refuse)
    assert not _open(f"gsheet:{sample_sheet.spreadsheet_id}").stale


def test_a_sheet_in_a_month_first_locale_is_an_error_that_says_how_to_fix_it(monkeypatch):
    with Emulator(plan_tabs(), locale="en_US") as server:
        monkeypatch.setenv("CCHC_SHEETS_ENDPOINT", server.base_url)
        plan = load_plan(_open(f"gsheet:{server.spreadsheet_id}"), 2017)
    found = [i for i in plan.issues if i.code == "gsheet.locale"]
    assert len(found) == 1 and found[0].severity == "error" and "Việt Nam" in found[0].message


def test_google_sign_in_failures_are_explained_and_a_network_one_serves_the_last_good_read(
    sample_sheet, monkeypatch
):
    from google.auth.exceptions import RefreshError, TransportError

    key = sample_sheet.spreadsheet_id
    _open(f"gsheet:{key}")

    def failing(error):
        def fetch(client, sheet_key):
            raise error

        return fetch

    monkeypatch.setattr(gsheet, "_fetch", failing(TransportError("no route to oauth2.googleapis.com")))
    assert _open(f"gsheet:{key}").stale
    monkeypatch.setattr(gsheet, "_fetch", failing(RefreshError("invalid_grant: key deleted")))
    with pytest.raises(SourceError) as error:
        _open(f"gsheet:{key}")
    assert error.value.code == "gsheet.credentials" and "invalid_grant" not in error.value.message


def test_one_client_is_kept_between_reads_so_its_token_is_reused(sample_sheet):
    gsheet._CLIENTS.clear()
    for _ in range(2):
        _open(f"gsheet:{sample_sheet.spreadsheet_id}")
    assert len(gsheet._CLIENTS) == 1 and len(sample_sheet.requests) == 4


def test_a_key_replaced_in_the_secrets_file_makes_a_new_client(sample_sheet, tmp_path):
    gsheet._CLIENTS.clear()
    _open(f"gsheet:{sample_sheet.spreadsheet_id}")
    (tmp_path / ".streamlit").mkdir()
    key = '[gcp_service_account]\nclient_email = "moi@du-an.iam.gserviceaccount.com"\n'
    (tmp_path / ".streamlit" / "secrets.toml").write_text(key, encoding="utf-8")
    _open(f"gsheet:{sample_sheet.spreadsheet_id}")
    assert len(gsheet._CLIENTS) == 2
