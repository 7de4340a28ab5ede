"""The bundled sample's status at three dates, computed by hand from its CSV rows (SPEC §3.2, §5).

Nothing here was produced by the program: each value was worked out from `cchc/sample/Tiến độ.csv`
with the rules of SPEC revision 2, so the model is checked against the plan, not against itself.
«L» numbers are the rows of `Tiến độ` as a user sees them (CSV lines; header = L1).

What the sample holds (its plan is the 2017 plan exactly, §7):
- leads: TTTK on tasks 1-6; PC and VP on task 7; PC supports task 5. Every other unit's row is a
  contribution (QLCN L23 on task 1, TTRA L55 on task 2, QLKH L58 on task 6, VP L187 on task 3):
  never an assignment, never in a task's output or attendance.
- rows left out (an error in a key cell): L30 (120 %), L39 (31/02/2017), L72 (task 8), L109
  (06/15/2017), L147 (unit «Phòng Tổng hợp»), L163 (state «Chờ duyệt»).
- rows that count despite an issue: L124 (Kết quả in TCVN3; its count 1 counts), L201 («hai bài»:
  counts with no count), L22 (possible duplicate of L12: its 8 still counts), L82 («Van phong So»),
  L180 (Kênh «Zalo»; no count), L219 («Hoan thanh» = done).
- task 1 (Quý 1/2017): start 01/01, due 31/03; every other task is ongoing, cycle 30 days.
- outputs count from 15/12/2016 (start of the reporting year) to the as-of date; a row's measure is
  its `Đơn vị tính`, else its channel's (Trang TTĐT, Báo/đài/tạp chí → tin, bài; Hội nghị/tập huấn,
  Đối thoại/họp mặt, Họp giao ban → hội nghị, cuộc họp; Niêm yết → thủ tục hành chính; none → khác).
"""

from __future__ import annotations

import json

import pytest

from cchc.cli.main import main

ON = "on_track"

# ---------------------------------------------------------------- 15/03/2017
MARCH = {
    "assignments": {
        # L45 (10/03) reports 50 %, the latest valid percent (L30's 120 % is left out); the straight
        # line from 01/01 to 31/03 stands at 73/89 = 82 % on 15/03, and 50 < 82 − 25. Due is 16 days
        # away (> canh_bao_truoc 14), so it is the pace rule that decides.
        ("1", "TTTK", "lead"): "at_risk",
        ("2", "TTTK", "lead"): ON,  # L43 09/03
        ("3", "TTTK", "lead"): ON,  # L46 10/03
        # L47 (13/03) «Không phát sinh» is a fresh update; without it the age would run from
        # L27 (10/02): 33 days, stale.
        ("4", "TTTK", "lead"): ON,
        ("5", "TTTK", "lead"): ON,  # L48 13/03
        ("6", "TTTK", "lead"): ON,  # L42 09/03
        ("7", "PC", "lead"): ON,  # L44 09/03
        ("7", "VP", "lead"): ON,  # L36 22/02: 21 days
        # L24 (08/02) is PC's last row on task 5: 35 days > 30. A support's risk stays out of the task's.
        ("5", "PC", "support"): "stale",
    },
    "tasks": {"1": "at_risk", "2": ON, "3": ON, "4": ON, "5": ON, "6": ON, "7": ON},
    "outputs": {
        "1": {
            ("Trang TTĐT", "tin, bài"): 4,  # L6 1 + L33 3 (L30 is left out)
            ("Họp giao ban", "hội nghị, cuộc họp"): 1,  # L16 (QLCN's L23 is a contribution)
            ("Hội nghị/tập huấn", "hội nghị, cuộc họp"): 1,  # L45
        },
        "2": {
            ("Trang TTĐT", "tin, bài"): 5,  # L20, L43
            ("Trang TTĐT", "lượt người"): 4,  # L8: questions answered, Đơn vị tính «lượt người»
            ("Khác", "lượt người"): 6,  # L37
            ("Đối thoại/họp mặt", "hội nghị, cuộc họp"): 1,  # L9
        },
        "3": {
            ("Trang TTĐT", "văn bản"): 8,  # L13, L26, L34, L40, L46 (L39 31/02 is left out)
            ("Trang TTĐT", "tin, bài"): 3,  # L3, L18: no Đơn vị tính, the channel's measure
        },
        "4": {("Trang TTĐT", "văn bản"): 1, ("Trang TTĐT", "tin, bài"): 1},  # L14, L27
        "5": {("Trang TTĐT", "thủ tục hành chính"): 15},  # L5, L10, L19, L25, L35, L41 (PC is support)
        "6": {("Trang TTĐT", "tin, bài"): 13, ("Báo/đài/tạp chí", "tin, bài"): 4},  # L4, L17, L21, L42; L31
        "7": {
            # PC: L12 8, L22 8 (the possible duplicate still counts), L32 6, L44 2
            ("Niêm yết", "thủ tục hành chính"): 24,
            ("Niêm yết", "khác"): 4,  # VP L36: ISO procedures, Đơn vị tính «khác»
        },
    },
    # task 1: L16 28 + L45 82; task 2: L9 45
    "attendance": {"1": 110, "2": 45, "3": 0, "4": 0, "5": 0, "6": 0, "7": 0},
    "contributions": {("1", "QLCN"): 1},  # L23
}

# ---------------------------------------------------------------- 14/06/2017
JUNE = {
    "assignments": {
        # L64, typed 05/04 («5/4/2017») with Ngày hoàn thành 30/03/2017: completed_on 30/03 ≤ 31/03.
        # By its update date alone it would be done_late.
        ("1", "TTTK", "lead"): "done_on_time",
        ("2", "TTTK", "lead"): ON,  # L107 13/06
        ("3", "TTTK", "lead"): ON,  # L102 08/06
        ("4", "TTTK", "lead"): "paused",  # L93 20/05 and L103 09/06 «Tạm dừng»
        ("5", "TTTK", "lead"): ON,  # L101 06/06
        ("6", "TTTK", "lead"): ON,  # L108 14/06 (on the as-of day: it counts)
        ("7", "PC", "lead"): ON,  # L106 12/06 (L109 06/15/2017 is left out)
        ("7", "VP", "lead"): "stale",  # L82 04/05 («Van phong So»): 41 days > 30
        ("5", "PC", "support"): ON,  # L96 26/05
    },
    "tasks": {"1": "done_on_time", "2": ON, "3": ON, "4": "paused", "5": ON, "6": ON, "7": "stale"},
    "outputs": {
        "1": {
            ("Trang TTĐT", "tin, bài"): 7,  # L6, L33, L50 (L64, the completion row, has no count)
            ("Họp giao ban", "hội nghị, cuộc họp"): 1,  # L16
            ("Hội nghị/tập huấn", "hội nghị, cuộc họp"): 1,  # L45
        },
        "2": {
            ("Trang TTĐT", "tin, bài"): 10,  # L20, L43, L66, L87, L104
            ("Trang TTĐT", "lượt người"): 4,  # L8
            ("Khác", "lượt người"): 10,  # L37, L78 (TTRA's L55 is a contribution)
            ("Đối thoại/họp mặt", "hội nghị, cuộc họp"): 2,  # L9, L105
            ("Đối thoại/họp mặt", "lượt người"): 12,  # L107: people guided at the dialogue
        },
        "3": {
            ("Trang TTĐT", "văn bản"): 16,  # L13 … L102, 11 rows
            ("Trang TTĐT", "tin, bài"): 4,  # L3, L18, L56
        },
        "4": {("Trang TTĐT", "văn bản"): 1, ("Trang TTĐT", "tin, bài"): 1},  # nothing new while paused
        "5": {
            ("Trang TTĐT", "thủ tục hành chính"): 38,  # 13 TTTK rows, L5 … L101
            ("Trang TTĐT", "tin, bài"): 1,  # L74: a news item on new TTHC, no Đơn vị tính
        },
        "6": {
            ("Trang TTĐT", "tin, bài"): 28,  # 11 rows, L4 … L100 (QLKH's L58 is a contribution)
            ("Báo/đài/tạp chí", "tin, bài"): 10,  # L31, L75, L108
            ("Báo/đài/tạp chí", "ấn phẩm"): 1,  # L61: the quarterly bulletin
        },
        "7": {
            ("Niêm yết", "thủ tục hành chính"): 51,  # PC 45 (10 rows) + VP 6 (L65, L82)
            ("Niêm yết", "khác"): 4,  # L36
        },
    },
    "attendance": {"1": 110, "2": 105, "3": 0, "4": 0, "5": 0, "6": 0, "7": 0},  # task 2: L9 45 + L105 60
    "contributions": {("1", "QLCN"): 1, ("2", "TTRA"): 1, ("6", "QLKH"): 1},  # L23, L55, L58
}

# ---------------------------------------------------------------- 10/12/2017
DECEMBER = {
    "assignments": {
        ("1", "TTTK", "lead"): "done_on_time",  # L64, as in June
        ("2", "TTTK", "lead"): ON,  # L216, L217 06/12
        ("3", "TTTK", "lead"): ON,  # L211 04/12
        # resumed L132 (24/07); last row L183 16/10: 55 days > 30 (L221 15/12 is after the as-of date)
        ("4", "TTTK", "lead"): "stale",
        ("5", "TTTK", "lead"): ON,  # L212 04/12
        ("6", "TTTK", "lead"): ON,  # L215 05/12
        ("7", "PC", "lead"): ON,  # L213 04/12
        ("7", "VP", "lead"): ON,  # L214 04/12: VP is back on its cycle
        # L219 07/12 «Hoan thanh» (accent-less, a warning) = done: on an ongoing task a fresh update
        ("5", "PC", "support"): ON,
    },
    "tasks": {"1": "done_on_time", "2": ON, "3": ON, "4": "stale", "5": ON, "6": ON, "7": ON},
    "outputs": {
        "1": {
            ("Trang TTĐT", "tin, bài"): 7,
            ("Họp giao ban", "hội nghị, cuộc họp"): 1,
            ("Hội nghị/tập huấn", "hội nghị, cuộc họp"): 1,
        },
        "2": {
            ("Trang TTĐT", "tin, bài"): 22,  # 10 rows, L20 … L202
            ("Trang TTĐT", "lượt người"): 16,  # L8, L125, L138, L167, L195
            ("Khác", "lượt người"): 10,  # L37, L78
            ("Khác", "ấn phẩm"): 50,  # L210: 50 leaflets
            ("Đối thoại/họp mặt", "hội nghị, cuộc họp"): 3,  # L9, L105, L217
            ("Đối thoại/họp mặt", "lượt người"): 12,  # L107 (L180 «Zalo» has no count)
        },
        "3": {
            ("Trang TTĐT", "văn bản"): 36,  # 22 rows (L147 «Phòng Tổng hợp» is left out)
            ("Trang TTĐT", "tin, bài"): 8,  # L3, L18, L56, L127, L152, L203 (VP's L187 is a contribution)
        },
        "4": {
            ("Trang TTĐT", "văn bản"): 1,  # L14
            ("Trang TTĐT", "tin, bài"): 4,  # L27, L132, L135, L183
            ("Họp giao ban", "hội nghị, cuộc họp"): 1,  # L155
        },
        "5": {
            ("Trang TTĐT", "thủ tục hành chính"): 66,  # 22 TTTK rows (PC's «thủ tục hành chính» is support)
            ("Trang TTĐT", "tin, bài"): 5,  # L74, L136, L189, L206
        },
        "6": {
            # 24 rows: L124 (Kết quả in TCVN3) counts its 1; L201 («hai bài») counts no number;
            # L163 («Chờ duyệt») is left out
            ("Trang TTĐT", "tin, bài"): 58,
            ("Báo/đài/tạp chí", "tin, bài"): 18,  # L31, L75, L108, L118, L139, L198
            ("Báo/đài/tạp chí", "ấn phẩm"): 2,  # L61, L174
            ("Hội nghị/tập huấn", "hội nghị, cuộc họp"): 1,  # L149
        },
        "7": {
            ("Niêm yết", "thủ tục hành chính"): 83,  # 23 rows of PC and VP
            ("Niêm yết", "khác"): 4,  # L36
        },
    },
    # task 2: 45 + 60 + L217 52; task 4: L155 34; task 6: L149 26 (VP's 35 at L187 is a contribution)
    "attendance": {"1": 110, "2": 157, "3": 0, "4": 34, "5": 0, "6": 26, "7": 0},
    "contributions": {("1", "QLCN"): 1, ("2", "TTRA"): 1, ("6", "QLKH"): 1, ("3", "VP"): 1},
}

DATES = {"2017-03-15": MARCH, "2017-06-14": JUNE, "2017-12-10": DECEMBER}


def _status(capsys: pytest.CaptureFixture[str], as_of: str) -> dict:
    # no source (the autouse fixture isolates the environment): the bundled sample
    code = main(["status", "--format", "json", "--as-of", as_of])
    assert code == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("as_of", DATES)
def test_every_assignment_has_its_hand_computed_risk(capsys, as_of):
    status = _status(capsys, as_of)
    got = {(a["task_id"], a["unit"], a["role"]): a["risk"] for a in status["assignments"]}
    assert got == DATES[as_of]["assignments"]


@pytest.mark.parametrize("as_of", DATES)
def test_every_task_has_the_worst_risk_of_its_leads(capsys, as_of):
    status = _status(capsys, as_of)
    assert {t["task_id"]: t["risk"] for t in status["tasks"]} == DATES[as_of]["tasks"]


@pytest.mark.parametrize("as_of", DATES)
def test_each_task_output_counts_its_leads_rows_by_channel_and_measure(capsys, as_of):
    status = _status(capsys, as_of)
    got = {
        t["task_id"]: {(o["channel"], o["measure"]): o["count"] for o in t["outputs"]["lead"] if o["count"]}
        for t in status["tasks"]
    }
    assert got == DATES[as_of]["outputs"]


@pytest.mark.parametrize("as_of", DATES)
def test_each_task_attendance_sums_its_leads_rows(capsys, as_of):
    status = _status(capsys, as_of)
    assert {t["task_id"]: t["outputs"]["attendance"] for t in status["tasks"]} == DATES[as_of]["attendance"]


@pytest.mark.parametrize("as_of", DATES)
def test_rows_of_units_not_in_the_plan_are_contributions_not_assignments(capsys, as_of):
    status = _status(capsys, as_of)
    assert {(c["task_id"], c["unit"]): c["rows"] for c in status["contributions"]} == DATES[as_of][
        "contributions"
    ]
