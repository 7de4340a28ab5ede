"""The bundled sample (cchc/sample/) holds a realistic year of progress with a few
deliberate clerk mistakes. Validation must report exactly those, and nothing else.

Rows are the row numbers a user sees in the sheet (CSV line numbers; the header is
row 1 of `Tiến độ`, and the one blank line, row 152, still counts).
"""

import json
import re

from cchc.cli.main import main

EXPECTED = {
    # --- errors in key cells: the row is left out of the computation ---
    ("percent.range", "progress", "E36"),  # 14/02, TTTK, task 1: 120 %
    ("date.invalid", "progress", "A50"),  # 31/02/2017: no such day
    ("task.unknown", "progress", "B101"),  # task 8: the plan has tasks 1-7
    ("date.invalid", "progress", "A150"),  # 06/15/2017: month-first (month 15)
    ("unit.unknown", "progress", "C197"),  # "Phòng Tổng hợp": not in `Đơn vị`
    ("state.unknown", "progress", "D216"),  # "Chờ duyệt": not an allowed state
    # --- errors in optional cells: reported, the row still counts ---
    ("text.legacy_encoding", "progress", "F170"),  # Kết quả typed in TCVN3
    ("count.invalid", "progress", "H263"),  # Số lượng "hai bài", not a number
    # --- warnings: the row still counts ---
    ("unit.not_assigned", "progress", "C74"),  # TTRA on task 2 (not lead/support)
    ("unit.loose_match", "progress", "C120"),  # "Van phong So" = VP, task 7
    ("link.invalid", "progress", "I124"),  # Minh chứng "xem email ngày 12/5"
    ("channel.unknown", "progress", "G237"),  # Kênh "Zalo": not in the list
    ("state.loose_match", "progress", "D279"),  # "Hoan thanh", PC support, task 5
}

WARNING_CODES = {
    "unit.not_assigned",
    "unit.loose_match",
    "state.loose_match",
    "channel.unknown",
    "link.invalid",
}

# Letters only Vietnamese uses (beyond ASCII): a message written in Vietnamese has some.
VIETNAMESE = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]",
    re.IGNORECASE,
)


def _validate_sample(capsys):
    # no CCHC_SOURCE, no .streamlit/secrets.toml (the autouse `isolated` fixture): the bundled sample is used
    code = main(["validate", "--format", "json"])
    return code, json.loads(capsys.readouterr().out)["issues"]


def test_sample_validation_reports_exactly_the_deliberate_mistakes(capsys):
    code, issues = _validate_sample(capsys)
    assert {(i["code"], i["sheet"], i["cell"]) for i in issues} == EXPECTED
    assert len(issues) == len(EXPECTED)  # each mistake is reported once
    assert code == 1


def test_sample_error_messages_are_vietnamese_and_name_the_cell(capsys):
    _code, issues = _validate_sample(capsys)
    errors = [i for i in issues if i["severity"] == "error"]
    # items 9-13 of the sample (assignment, accent-less names, channel, link) are warnings
    assert {(i["code"], i["sheet"], i["cell"]) for i in errors} == {
        e for e in EXPECTED if e[0] not in WARNING_CODES
    }
    for i in errors:
        assert i["message"].strip(), i
        assert VIETNAMESE.search(i["message"]), i
        assert i["cell"] in i["message"], i
