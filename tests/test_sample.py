"""The bundled sample (cchc/sample/) is the 2017 plan exactly (SPEC §7) with a realistic year of
progress and a few deliberate clerk mistakes. Validation must report exactly those, and nothing else.

Rows are the row numbers a user sees in the sheet (CSV line numbers; the header is
row 1 of `Tiến độ`, and the one blank line, row 112, still counts).
"""

import json
import re

from cchc.cli.main import main

EXPECTED = {
    # --- errors in key cells: the row is left out of the computation ---
    ("percent.range", "progress", "E30"),  # 14/02, TTTK, task 1: 120 %
    ("date.invalid", "progress", "A39"),  # 31/02/2017, TTTK, task 3: no such day
    ("task.unknown", "progress", "B72"),  # 19/04, TTTK, task 8: the plan has tasks 1-7
    ("date.invalid", "progress", "A109"),  # 06/15/2017, PC, task 7: month-first (month 15)
    ("unit.unknown", "progress", "C147"),  # 17/08, task 3: "Phòng Tổng hợp" is not in `Đơn vị`
    ("state.unknown", "progress", "D163"),  # 13/09, TTTK, task 6: "Chờ duyệt" is not an allowed state
    # --- errors in optional cells: reported, the row still counts ---
    ("text.legacy_encoding", "progress", "F124"),  # 11/07, TTTK, task 6: Kết quả typed in TCVN3
    ("count.invalid", "progress", "H201"),  # 15/11, TTTK, task 6: Số lượng "hai bài", not a number
    # --- warnings: the row still counts ---
    ("progress.possible_duplicate", "progress", "F22"),  # 06/02, PC, task 7: same as row 12 (16/01)
    ("unit.not_assigned", "progress", "C23"),  # 08/02: QLCN on task 1 (a contribution)
    ("unit.not_assigned", "progress", "C55"),  # 22/03: TTRA on task 2 (a contribution)
    ("unit.not_assigned", "progress", "C58"),  # 27/03: Phòng Quản lý Khoa học on task 6 (a contribution)
    ("unit.loose_match", "progress", "C82"),  # 04/05: "Van phong So" = VP, task 7
    ("link.invalid", "progress", "I90"),  # 16/05, PC, task 5: Minh chứng "xem email ngày 12/5"
    ("channel.unknown", "progress", "G180"),  # 11/10, TTTK, task 2: Kênh "Zalo" is not in the list
    ("unit.not_assigned", "progress", "C187"),  # 23/10: Văn phòng Sở on task 3 (a contribution)
    ("state.loose_match", "progress", "D219"),  # 07/12: "Hoan thanh", PC support, task 5
}

WARNING_CODES = {
    "progress.possible_duplicate",
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
    # the possible duplicate, the contributions, accent-less names, the channel and the link are warnings
    assert {(i["code"], i["sheet"], i["cell"]) for i in errors} == {
        e for e in EXPECTED if e[0] not in WARNING_CODES
    }
    for i in errors:
        assert i["message"].strip(), i
        assert VIETNAMESE.search(i["message"]), i
        assert i["cell"] in i["message"], i
