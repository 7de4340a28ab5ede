"""README «Thiết lập bảng tính dùng chung», step by step, from an empty Google Sheet to the dashboard.

Google is the loopback emulator; what a clerk types in the browser is put into the emulator's
cells directly, the way the Sheets web page would (not through the API).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ui.data
from cchc.cli.main import main
from cchc.sources import SAMPLE_DIR, gsheet
from emulator import Emulator

ROOT = Path(__file__).resolve().parent.parent
PLAN_TEXT = Path(__file__).parent / "fixtures" / "plan_2017.txt"


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _paste(emu: Emulator, title: str, rows: list[list[str]], first_row: int) -> None:
    tab = emu.book.tabs[title]
    for r, line in enumerate(rows):
        for c, value in enumerate(line):
            if value:
                tab.put(first_row - 1 + r, c, value)


@pytest.fixture
def google(monkeypatch, tmp_path):
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(gsheet, "RETRY_DELAYS", (0.01,))
    with Emulator.blank() as emu:
        monkeypatch.setenv("CCHC_SHEETS_ENDPOINT", emu.base_url)
        ui.data.load.clear()
        yield emu
        ui.data.load.clear()


def test_from_an_empty_google_sheet_to_a_working_dashboard(google, tmp_path, capsys):
    emu = google
    url = f"https://docs.google.com/spreadsheets/d/{emu.spreadsheet_id}/edit"

    # Step 3: set the sheet up.
    assert main(["sheet", "init", url]) == 0

    # Step 4: the units, typed (here: the sample's list), then the plan's task table imported.
    _paste(emu, "Đơn vị", _csv_rows(SAMPLE_DIR / "Đơn vị.csv")[1:], first_row=2)
    assert main(["plan", "import", str(PLAN_TEXT), "--units", url, "--out", str(tmp_path / "nhap")]) == 0
    _paste(emu, "Nhiệm vụ", _csv_rows(tmp_path / "nhap" / "Nhiệm vụ.csv")[1:], first_row=2)
    _paste(emu, "Cấu hình", [["ten_ke_hoach", "Kế hoạch tuyên truyền CCHC năm 2017"], ["nam", "2017"]], 2)

    # Step 5: units log their progress; one date is impossible.
    _paste(
        emu,
        "Tiến độ",
        [
            ["10/03/2017", "1", "TTTK", "Hoàn thành", "100", "Đăng 4 tin", "Trang TTĐT", "4"],
            ["31/02/2017", "3", "TTTK", "Đang thực hiện", "40"],
        ],
        first_row=2,
    )
    capsys.readouterr()

    # Step 6: the check goes back into the sheet, where units work.
    assert main(["sheet", "check", url, "--notes"]) == 0
    check = emu.grid("Kiểm tra")
    assert any(row[8] == "date.invalid" and row[3] == "A3" for row in check[1:])
    assert emu.book.tabs["Tiến độ"].notes[(2, 0)].startswith("[CCHC]")

    # Step 7: status and the dashboard read the same sheet.
    capsys.readouterr()
    assert main(["status", url, "--as-of", "2017-04-01", "--format", "json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert [t["task_id"] for t in status["tasks"]] == ["1", "2", "3", "4", "5", "6", "7"]
    assert status["tasks"][0]["risk"] == "done_on_time"

    secrets = tmp_path / ".streamlit" / "secrets.toml"
    secrets.parent.mkdir()
    secrets.write_text(f'[cchc]\nsource = "{url}"\nallow_write = true\n', encoding="utf-8")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not app.exception
    app.switch_page("app_pages/quality.py").run()
    assert not app.exception
    writes = len(emu.writes())
    app.button(key="write_check").click().run()
    assert not app.exception
    assert app.success and "trang tính «Kiểm tra»" in app.success[0].value
    assert len(emu.writes()) == writes + 1


def test_the_dashboard_offers_no_write_unless_configured(google, tmp_path):
    url = f"gsheet:{google.spreadsheet_id}"
    main(["sheet", "init", url])
    secrets = tmp_path / ".streamlit" / "secrets.toml"
    secrets.parent.mkdir()
    secrets.write_text(f'[cchc]\nsource = "{url}"\n', encoding="utf-8")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    app.switch_page("app_pages/quality.py").run()
    assert not app.exception
    assert not [b for b in app.button if b.key == "write_check"]
