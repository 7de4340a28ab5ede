"""Hostile Google answers, built for real on loopback: a body that trickles past the deadline, an
HTML error page, a token endpoint that fails or refuses, and 200 answers of the wrong shape."""

from __future__ import annotations

import json
import socket
import time

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from cchc.sheet.write import fetch_tabs
from cchc.sources import GoogleAccess, SourceError, google_auth, gsheet, lastgood, open_source
from emulator import Emulator
from tests.support.plans import plan_tabs

HTML_503 = "<!DOCTYPE html><html><head><title>503</title></head><body>Service Unavailable</body></html>"
TOKEN = "/token"
REFUSED = {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    """No waiting between retries, and no client kept from another test."""
    monkeypatch.setattr(gsheet, "RETRY_DELAYS", (0.01, 0.01, 0.01))
    gsheet._CLIENTS.clear()
    yield
    gsheet._CLIENTS.clear()


@pytest.fixture
def sheet():
    with Emulator(plan_tabs()) as server:
        yield server


@pytest.fixture
def cache(tmp_path):
    return tmp_path / "cache"


@pytest.fixture(scope="module")
def private_key() -> str:
    """A throwaway RSA key made at run time: no key-shaped text is kept in the repository."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode()


@pytest.fixture
def token_endpoint():
    with Emulator({"Trống": []}) as server:  # only its fault rules answer: it stands in for oauth2
        yield server


def _read(server: Emulator, cache):
    return open_source(
        f"gsheet:{server.spreadsheet_id}", GoogleAccess(endpoint=server.base_url, cache_dir=cache)
    )


def _signed_in(private_key: str, token_uri: str, cache) -> GoogleAccess:
    info = {
        "type": "service_account",
        "project_id": "cchc-thu",
        "private_key_id": "0",
        "private_key": private_key,
        "client_email": "cchc-thu@cchc-thu.iam.gserviceaccount.com",
        "client_id": "0",
        "token_uri": token_uri,
    }
    return GoogleAccess(service_account=json.dumps(info), cache_dir=cache)


def _secret_lines(private_key: str) -> list[str]:
    return [line for line in private_key.splitlines() if line and not line.startswith("-----")]


def _kept(cache, key: str) -> bytes:
    return (cache / f"{key}.json").read_bytes()


# 1. One total deadline per request ---------------------------------------------------------------


def test_an_answer_trickling_past_the_deadline_is_cut_off_retried_then_the_last_good_read_is_served(
    sheet, cache, monkeypatch
):
    first = _read(sheet, cache)
    monkeypatch.setattr(google_auth, "REQUEST_DEADLINE_SECONDS", 0.3, raising=False)
    sheet.trickle(0.05)  # one byte every 50 ms: each socket read is quick, the whole body is not
    before, started = len(sheet.requests), time.monotonic()
    served = _read(sheet, cache)
    assert time.monotonic() - started < 5
    assert len(sheet.requests) - before == 1 + len(gsheet.RETRY_DELAYS)  # bounded, like a timeout
    assert served.stale and "lần cuối" in served.stale_reason
    assert [t.grid.values.tolist() for t in served.tabs] == [t.grid.values.tolist() for t in first.tabs]


def test_a_trickle_past_the_deadline_without_a_last_good_read_is_reported_as_unreachable(
    sheet, cache, monkeypatch
):
    monkeypatch.setattr(google_auth, "REQUEST_DEADLINE_SECONDS", 0.3, raising=False)
    sheet.trickle(0.05)
    started = time.monotonic()
    with pytest.raises(SourceError) as error:
        _read(sheet, cache)
    assert time.monotonic() - started < 5
    assert error.value.code == "gsheet.unreachable" and "thử lại" in error.value.message


def test_a_slow_answer_that_ends_within_the_deadline_is_read_whole(sheet, cache, monkeypatch):
    monkeypatch.setattr(google_auth, "REQUEST_DEADLINE_SECONDS", 10.0, raising=False)
    expected = _read(sheet, cache)
    sheet.trickle(0.0005)
    again = _read(sheet, cache)
    assert not again.stale
    assert [t.grid.values.tolist() for t in again.tabs] == [t.grid.values.tolist() for t in expected.tabs]


# 2. Non-JSON error pages count as their HTTP status ----------------------------------------------


@pytest.mark.parametrize(
    "status, body, content_type",
    [
        (503, HTML_503, "text/html; charset=UTF-8"),
        (500, "Internal Server Error", "text/plain"),
        (502, "", "text/html"),
        (503, {"error": "not Google's error object"}, "application/json"),
    ],
)
def test_an_error_page_that_is_not_googles_json_is_retried_then_named_by_its_status(
    sheet, cache, status, body, content_type
):
    sheet.answer_with(status, body, content_type=content_type)
    with pytest.raises(SourceError) as error:
        _read(sheet, cache)
    assert len(sheet.requests) == 1 + len(gsheet.RETRY_DELAYS)
    assert error.value.code == "gsheet.unavailable"
    assert f"Google Sheets trả lỗi {status}" in error.value.message and "<" not in error.value.message


def test_an_html_503_page_twice_then_an_answer_is_an_ordinary_read(sheet, cache):
    sheet.answer_with(503, HTML_503, content_type="text/html", times=2)
    assert not _read(sheet, cache).stale
    assert len(sheet.requests) == 4


def test_an_html_503_page_after_a_good_read_serves_that_read_with_the_status_in_its_reason(sheet, cache):
    _read(sheet, cache)
    sheet.answer_with(503, HTML_503, content_type="text/html")
    served = _read(sheet, cache)
    assert served.stale and "503" in served.stale_reason and "<html" not in served.stale_reason


# 3. The token endpoint: an outage is not a refused key --------------------------------------------


@pytest.mark.parametrize(
    "status, body, content_type",
    [
        (503, {"error": "internal_failure", "error_description": "Backend Error"}, "application/json"),
        (502, HTML_503, "text/html"),
    ],
)
def test_a_token_endpoint_server_error_serves_the_last_good_read_and_does_not_blame_the_key(
    sheet, cache, token_endpoint, private_key, status, body, content_type
):
    _read(sheet, cache)
    token_endpoint.answer_with(status, body, content_type=content_type, match=TOKEN)
    google = _signed_in(private_key, token_endpoint.base_url + TOKEN, cache)
    served = open_source(f"gsheet:{sheet.spreadsheet_id}", google)
    assert served.stale and str(status) in served.stale_reason and "khóa mới" not in served.stale_reason
    assert token_endpoint.count(TOKEN) == 1 + len(gsheet.RETRY_DELAYS)  # bounded, then given up
    assert not any(line in served.stale_reason for line in _secret_lines(private_key))


def test_a_token_endpoint_503_without_a_last_good_read_is_google_unavailable(
    sheet, cache, token_endpoint, private_key
):
    token_endpoint.answer_with(503, {"error": "internal_failure"}, match=TOKEN)
    google = _signed_in(private_key, token_endpoint.base_url + TOKEN, cache)
    with pytest.raises(SourceError) as error:
        open_source(f"gsheet:{sheet.spreadsheet_id}", google)
    assert error.value.code == "gsheet.unavailable" and "503" in error.value.message


def test_a_token_endpoint_503_during_a_sheet_command_is_google_unavailable(
    token_endpoint, private_key, cache
):
    token_endpoint.answer_with(503, HTML_503, content_type="text/html", match=TOKEN)
    google = _signed_in(private_key, token_endpoint.base_url + TOKEN, cache)
    with pytest.raises(SourceError) as error:
        fetch_tabs("1CchcEmulatorSampleSheet-vi_VN-0000000000000", google)
    assert error.value.code == "gsheet.unavailable"


def test_a_token_endpoint_refusing_with_invalid_grant_is_a_refused_key_even_with_a_last_good_read(
    sheet, cache, token_endpoint, private_key
):
    _read(sheet, cache)
    token_endpoint.answer_with(400, REFUSED, match=TOKEN)
    google = _signed_in(private_key, token_endpoint.base_url + TOKEN, cache)
    with pytest.raises(SourceError) as error:
        open_source(f"gsheet:{sheet.spreadsheet_id}", google)
    assert error.value.code == "gsheet.credentials" and "khóa mới" in error.value.message
    assert token_endpoint.count(TOKEN) == 1  # a refusal is not retried
    message = str(error.value)
    assert "invalid_grant" not in message and not any(line in message for line in _secret_lines(private_key))


def test_a_token_endpoint_that_cannot_be_reached_serves_the_last_good_read(sheet, cache, private_key):
    _read(sheet, cache)
    with socket.socket() as probe:  # a port nothing listens on: the connection is refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    google = _signed_in(private_key, f"http://127.0.0.1:{port}{TOKEN}", cache)
    served = open_source(f"gsheet:{sheet.spreadsheet_id}", google)
    assert served.stale and not any(line in served.stale_reason for line in _secret_lines(private_key))


def test_a_signed_in_client_asks_for_one_token_then_reads_within_the_deadline(
    sheet, cache, token_endpoint, private_key, monkeypatch
):
    monkeypatch.setattr(google_auth, "REQUEST_DEADLINE_SECONDS", 0.3)
    token_endpoint.answer_with(200, {"access_token": "ya29.thu", "expires_in": 3600}, match=TOKEN)
    google = _signed_in(private_key, token_endpoint.base_url + TOKEN, cache)
    signed_in, _ = gsheet.client(google)  # kept between reads: sent to the emulator, not to Google
    signed_in.http_client.session.mount("https://sheets.googleapis.com", gsheet._Redirect(sheet.base_url))
    assert not open_source(f"gsheet:{sheet.spreadsheet_id}", google).stale
    sheet.trickle(0.05)
    served = open_source(f"gsheet:{sheet.spreadsheet_id}", google)
    assert served.stale and "ya29" not in served.stale_reason
    assert token_endpoint.count(TOKEN) == 1


def test_a_token_endpoint_answering_200_with_a_page_instead_of_a_token_is_unexpected(
    sheet, cache, token_endpoint, private_key
):
    token_endpoint.answer_with(200, HTML_503, content_type="text/html", match=TOKEN)
    google = _signed_in(private_key, token_endpoint.base_url + TOKEN, cache)
    with pytest.raises(SourceError) as error:
        open_source(f"gsheet:{sheet.spreadsheet_id}", google)
    assert error.value.code == "gsheet.unexpected"


# 4. 200 answers of a shape Google never sends ----------------------------------------------------

_WRONG_SHAPES = [
    pytest.param(None, {"sheets": "x"}, id="sheets-is-text"),
    pytest.param(None, [], id="metadata-is-a-list"),
    pytest.param(None, {}, id="metadata-without-sheets"),
    pytest.param(None, {"sheets": [{"properties": {"title": 5, "sheetId": 0}}]}, id="title-is-a-number"),
    pytest.param(None, {"sheets": [{"properties": {"title": "A"}}]}, id="tab-without-id"),
    pytest.param(None, {"properties": "vi_VN", "sheets": []}, id="properties-is-text"),
    pytest.param(None, "<html>not json</html>", id="metadata-is-not-json"),
    pytest.param(":batchGet", {"valueRanges": [{"values": 5}]}, id="values-is-a-number"),
    pytest.param(":batchGet", {"valueRanges": "x"}, id="value-ranges-is-text"),
    pytest.param(":batchGet", {"valueRanges": [{"values": [["a"]]}]}, id="fewer-ranges-than-tabs"),
    pytest.param(":batchGet", {}, id="no-value-ranges"),
    pytest.param(":batchGet", {"valueRanges": [{"values": ["abc"]}] * 4}, id="a-row-is-text"),
    pytest.param(":batchGet", {"valueRanges": [{"values": [[{"v": 1}]]}] * 4}, id="a-cell-is-an-object"),
    pytest.param(":batchGet", [{"values": [["a"]]}], id="batch-is-a-list"),
    pytest.param(":batchGet", "{truncated", id="batch-is-not-json"),
]


@pytest.mark.parametrize("match, body", _WRONG_SHAPES)
def test_an_answer_of_an_unexpected_shape_is_a_clear_error(sheet, cache, match, body):
    sheet.answer_with(200, body, match=match)
    with pytest.raises(SourceError) as error:
        _read(sheet, cache)
    assert error.value.code == "gsheet.unexpected"
    assert "dự kiến" in error.value.message and "quản trị" in error.value.message


@pytest.mark.parametrize("match, body", _WRONG_SHAPES)
def test_an_answer_of_an_unexpected_shape_never_replaces_the_last_good_read_and_serves_it(
    sheet, cache, match, body
):
    _read(sheet, cache)
    kept = _kept(cache, sheet.spreadsheet_id)
    sheet.answer_with(200, body, match=match)
    served = _read(sheet, cache)
    assert served.stale and "dự kiến" in served.stale_reason
    assert _kept(cache, sheet.spreadsheet_id) == kept


def test_an_unexpected_answer_is_a_transient_failure():
    assert "gsheet.unexpected" in lastgood.TRANSIENT
