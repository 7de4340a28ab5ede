"""A Google Sheets API v4 emulator on loopback, for tests and demos: no network, no credentials.

    with Emulator({"Tiến độ": [["Ngày cập nhật", "Mã nhiệm vụ"], ["03/01/2017", "2"]]}) as emu:
        emu.base_url          # http://127.0.0.1:PORT (send https://sheets.googleapis.com here)
        emu.fail_next(429, times=2)  # also: delay(…), trickle(…) a body, answer_with(503, "<html>…")
        emu.requests          # [LoggedRequest(method, path, query), …]

It serves one spreadsheet: metadata (with grid data on request), `values/{range}`, `values.append`,
`values:batchGet` and `batchUpdate` (see `emulator.api`, `emulator.griddata`,
`emulator.writes`), with `majorDimension`, `valueRenderOption`, `dateTimeRenderOption` and
`fields`; cells are rendered as a `vi_VN` sheet shows them (see `emulator.cells` for which
input becomes which type) and ranges follow A1 notation (see `emulator.ranges`). Errors carry
Google's body `{"error": {"code", "message", "status"}}` (see `emulator.shapes`).

Compared field by field with Google's answers recorded in gspread's public test cassettes
(repository burnash/gspread, tests/cassettes/):
- metadata: `ClientTest.test_open_by_key_has_metadata.json`,
  `ClientTest.test_access_private_spreadsheet.json` — same keys and order (`spreadsheetId`,
  `properties` {title, locale, autoRecalc, timeZone}, `sheets[].properties` {sheetId, title,
  index, sheetType GRID, gridProperties {rowCount, columnCount}}, `spreadsheetUrl` ending in
  `/edit`); left out on purpose: `properties.defaultFormat` and `properties.spreadsheetTheme`
  (styling nothing here reads). The grid is as large as the data (Google's default is
  1000 × 26), so a whole-tab range echoes the data's size.
- values: `SpreadsheetTest.test_values_get.json` (a bare tab name echoes the whole grid,
  `'🌵 test_values_get 1'!A1:J10`), `WorksheetTest.test_get_all_records_value_render_options.json`
  and `WorksheetTest.test_get_all_values_date_time_render_options.json` (`'Sheet1'` is echoed
  unquoted as `Sheet1!A1:D2`; UNFORMATTED whole numbers and date serials are JSON integers;
  FORMATTED_STRING turns only dates into text; FORMATTED_VALUE ignores the date option; an empty
  range has `range` and `majorDimension` and no `values` key).
- batchGet: `SpreadsheetTest.test_values_batch_get.json` (`{"spreadsheetId", "valueRanges"}`;
  `A:A` is echoed as `A1:A10`, clipped to the grid; trailing empty cells trimmed).
- errors: `ClientTest.test_access_non_existing_spreadsheet.json` (404 body exactly
  `{"error": {"code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND"}}`).
  No cassette holds a 403, 429, 500 or 503: their messages follow Google's documented
  wording, and the real 429 also carries `details` (ErrorInfo), which the emulator leaves out.
Other differences: JSON is compact, for speed (Google pretty-prints with a 2-space indent;
`pretty=True` gives that layout), never gzipped; headers are only Content-Type, Content-Length,
Server and Date.
No credentials are checked.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote

from emulator.api import Book, Options, answer
from emulator.faults import FaultPlan, LoggedRequest
from emulator.shapes import ApiError, error_body

DEFAULT_ID = "1CchcEmulatorSampleSheet-vi_VN-0000000000000"
JSON_TYPE = "application/json; charset=UTF-8"
DEFAULT_TITLE = "Kế hoạch CCHC (bảng tính giả lập)"
_UNREADABLE = object()


@dataclass(frozen=True)
class Reply:
    """What the emulator sends back: status, body bytes, their type, and the trickle fault if any."""

    status: int
    payload: bytes
    content_type: str = JSON_TYPE
    trickle: float = 0.0


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    emulator: Emulator

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that gave up waiting
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "ESF"
    sys_version = ""

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        reply = self.server.emulator.reply(self.command, self.path, body)
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.payload)))
            self.end_headers()
            self._send_body(reply)
        except ConnectionError:
            pass

    def _send_body(self, reply: Reply) -> None:
        """The body at once, or one byte at a time (a trickle fault) until done or the emulator stops."""
        if not reply.trickle:
            self.wfile.write(reply.payload)
            return
        for index in range(len(reply.payload)):
            if index and self.server.emulator.pause(reply.trickle):
                return
            self.wfile.write(reply.payload[index : index + 1])

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.emulator.verbose:
            super().log_message(format, *args)


class Emulator:
    """One spreadsheet served on 127.0.0.1 (port 0 = any free port) in a background thread."""

    def __init__(
        self,
        source_grids: Mapping[str, Sequence[Sequence[object]]],
        spreadsheet_id: str = DEFAULT_ID,
        title: str = DEFAULT_TITLE,
        *,
        port: int = 0,
        locale: str = "vi_VN",
        time_zone: str = "Asia/Ho_Chi_Minh",
        pretty: bool = False,
        verbose: bool = False,
        min_grid: tuple[int, int] = (1, 1),
    ) -> None:
        self.book = Book(source_grids, spreadsheet_id, title, locale, time_zone, min_grid)
        self.requests: list[LoggedRequest] = []
        self.pretty, self.verbose = pretty, verbose
        self._port = port
        self._faults = FaultPlan()
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @classmethod
    def from_source(cls, path: str | Path, **kwargs: Any) -> Emulator:
        """Serve a CSV folder, an .xlsx workbook or `sample`, read by `cchc.sources.open_source`."""
        from emulator.source import grids_from_source

        return cls(grids_from_source(str(path)), **kwargs)

    @classmethod
    def blank(cls, **kwargs: Any) -> Emulator:
        """A new spreadsheet as Google creates it: one empty 1000 × 26 tab, `Trang tính1`."""
        return cls({"Trang tính1": []}, min_grid=(1000, 26), **kwargs)

    def grid(self, title: str) -> list[list[str]]:
        """A tab's values as a unit sees them (FORMATTED_VALUE), trailing empties trimmed."""
        answer_body = self.book.value_range(f"'{title}'", Options("ROWS", "FORMATTED_VALUE", "SERIAL_NUMBER"))
        return list(answer_body.get("values", []))

    @property
    def spreadsheet_id(self) -> str:
        return self.book.spreadsheet_id

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the emulator is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> Emulator:
        if self._server is not None:
            return self
        self._stopping.clear()
        self._server = _Server(("127.0.0.1", self._port), _Handler)
        self._server.emulator = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._stopping.set()  # wakes requests sleeping in a delay
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self._server = self._thread = None

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # Fault injection -------------------------------------------------------------------------
    def fail_next(
        self, status: int, times: int = 1, *, message: str | None = None, match: str | None = None
    ) -> None:
        """Answer the next `times` requests (whose path contains `match`) with error `status`."""
        self._faults.fail_next(status, times, message, match)

    def fail_always(self, status: int, *, message: str | None = None, match: str | None = None) -> None:
        """Answer every request (whose path contains `match`) with `status` until `clear_faults()`."""
        self._faults.fail_always(status, message, match)

    def delay(self, seconds: float, times: int | None = None, *, match: str | None = None) -> None:
        """Sleep `seconds` before answering (the next `times` requests, or all); 0 stops delaying."""
        self._faults.delay(seconds, times, match)

    def trickle(self, seconds: float, times: int | None = None, *, match: str | None = None) -> None:
        """Send each answer's body one byte every `seconds` (the next `times` requests, or all); 0 stops."""
        self._faults.trickle(seconds, times, match)

    def answer_with(
        self,
        status: int,
        body: object,
        *,
        content_type: str = JSON_TYPE,
        times: int | None = None,
        match: str | None = None,
    ) -> None:
        """Answer with exactly `body` (text or bytes as given, anything else as JSON) and `status`:
        a proxy's HTML error page, or a 200 of a shape Google never sends (`times` None = always)."""
        raw = body.encode() if isinstance(body, str) else body if isinstance(body, bytes) else None
        raw = self._encode(body) if raw is None else raw
        self._faults.answer_with(status, raw, content_type, times, match)

    def pause(self, seconds: float) -> bool:
        """Wait `seconds` unless the emulator stops first; True when it is stopping."""
        return self._stopping.wait(seconds)

    def clear_faults(self) -> None:
        self._faults.clear()

    def count(self, path_contains: str = "") -> int:
        """How many requests were received whose decoded path contains `path_contains`."""
        with self._lock:
            return sum(path_contains in r.path for r in self.requests)

    # Answering ---------------------------------------------------------------------------------
    def writes(self) -> list[LoggedRequest]:
        """The requests that could change the spreadsheet (every method but GET)."""
        with self._lock:
            return [r for r in self.requests if r.method != "GET"]

    def dispatch(self, method: str, target: str, payload: bytes = b"") -> tuple[int, bytes]:
        """Status and JSON bytes for `method target` (target = raw path with its query)."""
        reply = self.reply(method, target, payload)
        return reply.status, reply.payload

    def reply(self, method: str, target: str, payload: bytes = b"") -> Reply:
        """The whole answer to `method target`, faults applied (target = raw path with its query)."""
        raw_path, _, query_text = target.partition("?")
        query = parse_qs(query_text, keep_blank_values=True)
        path = unquote(raw_path)
        try:
            body = json.loads(payload) if payload else None
        except ValueError:
            body = _UNREADABLE
        with self._lock:
            self.requests.append(LoggedRequest(method, path, query, body))
        fault = self._faults.take(path)
        if fault.delay:
            self._stopping.wait(fault.delay)
        if fault.status is None:
            return Reply(*self._answer(method, raw_path, query, body), trickle=fault.trickle)
        error = self._encode(error_body(fault.status, fault.message)) if fault.body is None else fault.body
        return Reply(fault.status, error, fault.content_type or JSON_TYPE, fault.trickle)

    def _answer(
        self, method: str, raw_path: str, query: dict[str, list[str]], body: Any
    ) -> tuple[int, bytes]:
        """Google's answer to a request no fault replaced."""
        try:
            if body is _UNREADABLE:
                raise ApiError(400, "Invalid JSON payload received.")
            if method == "GET":  # a batchUpdate swaps in new tabs whole: a read never sees half of one
                return 200, self._encode(answer(self.book, method, raw_path, query, body))
            with self._write_lock:  # one change at a time, like a spreadsheet's revisions
                return 200, self._encode(answer(self.book, method, raw_path, query, body))
        except ApiError as error:
            return error.code, self._encode(error_body(error.code, error.message))

    def _encode(self, body: object) -> bytes:
        if self.pretty:
            return (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode()
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
