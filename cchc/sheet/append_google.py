"""The Google side of appending a progress row: read the `Tiến độ` tab, then one `values.append`.

The range given to `values.append` is the tab's last non-empty row: Google appends after the
"table" it finds there, so the row lands at the end of the log even when a blank row sits
inside it (a range at the header would have the row inserted into that gap instead).

The append is sent once, never retried: after a timeout or a 5xx Google may have added the row
already, and a second try could add it twice. The failure says so, and the person looks at the
sheet before sending again.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import quote

from gspread.http_client import HTTPClient

from cchc.sheet.write import fetch_tabs
from cchc.sources.base import RawSource, RawTab, SourceError, text_grid
from cchc.sources.gsheet import StatusError, call
from cchc.sources.spec import GoogleAccess
from cchc.validate.table import match_tab
from cchc.vocab.a1 import column_letter, quoted_tab
from cchc.vocab.schema import PROGRESS

APPEND_URL = "https://sheets.googleapis.com/v4/spreadsheets/{key}/values/{range}:append"
APPEND_PARAMS = {
    "valueInputOption": "USER_ENTERED",
    "insertDataOption": "INSERT_ROWS",  # new rows are inserted: nothing below is ever written over
    "includeValuesInResponse": "false",
}
_UPDATED_ROW = re.compile(r"![A-Z]+(\d+)")


def progress_tab(key: str, google: GoogleAccess) -> RawSource:
    """The `Tiến độ` tab as it is now (2 GETs): its header, columns and last row."""
    titles = [t.title for t in fetch_tabs(key, google)]
    at = match_tab(titles, PROGRESS)
    if at is None:
        raise SourceError("tab.missing", "Bảng tính chưa có trang tính «Tiến độ».")
    title = titles[at]
    answer = call(key, google, lambda http: http.values_get(key, quoted_tab(title)), write=True)
    tab = RawTab(title, text_grid(answer.get("values", [])))
    return RawSource("gsheet", f"gsheet:{key}", (tab,), datetime.now().astimezone())


def _post_once(http: HTTPClient, key: str, target: str, values: list[Any]) -> dict[str, Any]:
    url = APPEND_URL.format(key=key, range=quote(target, safe=""))
    body = {"range": target, "majorDimension": "ROWS", "values": [values]}
    response = http.session.request("post", url, params=APPEND_PARAMS, json=body, timeout=http.timeout)
    if not response.ok:
        raise StatusError(response)
    answer: dict[str, Any] = response.json()
    return answer


def post_append(key: str, google: GoogleAccess, title: str, last_row: int, values: list[Any]) -> int | None:
    """Append one row after the tab's last non-empty row; the sheet row it took, as Google says."""
    target = f"{quoted_tab(title)}!A{last_row}:{column_letter(len(values) - 1)}{last_row}"
    try:
        answer = call(key, google, lambda http: _post_once(http, key, target, values), write=True)
    except SourceError as error:
        if error.code in ("gsheet.unreachable", "gsheet.unavailable", "gsheet.unexpected"):
            raise SourceError(
                error.code,
                f"{error.message} Chưa chắc dòng đã được ghi hay chưa: hãy mở bảng tính, xem trang tính "
                f"«{title}» trước khi gửi lại, để không ghi hai lần.",
            ) from None
        raise
    found = _UPDATED_ROW.search(str(answer.get("updates", {}).get("updatedRange", "")))
    return int(found[1]) if found else None
