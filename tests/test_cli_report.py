"""`python -m cchc report`: a draft always built from a snapshot, taken first from a live source."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from cchc.cli.main import main
from cchc.snapshot.history import list_snapshots

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def history(monkeypatch, tmp_path):
    folder = tmp_path / "lich-su"
    monkeypatch.setenv("CCHC_SNAPSHOTS", str(folder))
    return folder


def test_a_report_from_a_live_source_keeps_the_snapshot_it_was_built_from(history, tmp_path, capsys):
    out = tmp_path / "bao-cao.docx"
    assert main(["report", "--kind", "half_year", "--out", str(out)]) == 0
    (taken,) = list_snapshots(history)
    assert taken.source_kind == "sample"
    headings = [p.text for p in docx.Document(str(out)).paragraphs if p.text.startswith("I. ")]
    assert headings == ["I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"]
    assert str(taken.path) in capsys.readouterr().out


def test_the_same_snapshot_gives_the_same_report_again(history, tmp_path):
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    main(["report", "--kind", "annual", "--out", str(first)])
    (taken,) = list_snapshots(history)
    assert main(["report", "--kind", "annual", "--snapshot", str(taken.path), "--out", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    assert len(list_snapshots(history)) == 1  # a report from a snapshot takes no new one


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["--out", "{tmp}/bc.txt"], "đuôi .docx"),
        (["--out", "{tmp}/khong-co/bc.docx"], "Không có thư mục"),
        (["--snapshot", "{tmp}", "--out", "{tmp}/bc.docx"], "không phải bản chốt số liệu"),
        (["sample", "--snapshot", "{tmp}", "--out", "{tmp}/bc.docx"], "Chỉ chọn một"),
        (["--kind", "quy", "--out", "{tmp}/bc.docx"], "không có lựa chọn"),
        (["--year", "1", "--out", "{tmp}/bc.docx"], "từ 1990 đến 2100"),
        (["--year", "0", "--out", "{tmp}/bc.docx"], "từ 1990 đến 2100"),
        (["--kind", "unit", "--out", "{tmp}/bc.docx"], "cần --unit"),
        (["--kind", "unit", "--unit", "XYZ", "--out", "{tmp}/bc.docx"], "Không có đơn vị «XYZ»"),
        (["--unit", "TTTK", "--out", "{tmp}/bc.docx"], "--unit chỉ dùng với --kind unit"),
        (["--period", "annual", "--out", "{tmp}/bc.docx"], "bỏ --period annual"),
    ],
)
def test_a_wrong_report_call_exits_2_with_a_vietnamese_reason(history, tmp_path, capsys, arguments, expected):
    kind = [] if "--kind" in arguments else ["--kind", "half_year"]
    assert main(["report", *kind, *(a.replace("{tmp}", str(tmp_path)) for a in arguments)]) == 2
    assert expected in capsys.readouterr().err


def test_a_report_never_overwrites_a_file(history, tmp_path, capsys):
    out = tmp_path / "bc.docx"
    out.write_bytes(b"ban cu")
    assert main(["report", "--kind", "half_year", "--out", str(out)]) == 2
    assert out.read_bytes() == b"ban cu" and "không ghi đè" in capsys.readouterr().err


def test_snapshots_taken_in_the_same_second_each_get_their_own_folder(tmp_path):
    import threading
    from datetime import date, datetime

    from cchc.assess.status import assess
    from cchc.config import VIETNAM
    from cchc.snapshot.store import take_snapshot
    from cchc.sources import SAMPLE, open_source
    from cchc.validate.plan import load_plan

    raw = open_source(SAMPLE)
    status = assess(load_plan(raw, 2017), date(2017, 6, 14))
    moment = datetime(2017, 6, 14, 8, 30, tzinfo=VIETNAM)
    taken: list[str] = []
    threads = [
        threading.Thread(
            target=lambda: taken.append(take_snapshot(status, raw.tabs, tmp_path, moment)[0].name)
        )
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    base = "2017-06-14_20170614T083000"
    assert sorted(taken) == [base, f"{base}-2", f"{base}-3", f"{base}-4"]
    assert len(list_snapshots(tmp_path)) == 4


@pytest.mark.parametrize(
    ("kind", "cut_off", "label"),
    [
        ("half_year", "2017-06-14", "Chốt số liệu báo cáo 6 tháng 2017"),
        ("annual", "2017-12-14", "Chốt số liệu báo cáo năm 2017"),
    ],
)
def test_a_report_from_a_live_source_keeps_a_snapshot_cut_at_its_own_cut_off_and_named_for_it(
    history, tmp_path, capsys, kind, cut_off, label
):
    assert main(["report", "--kind", kind, "--out", str(tmp_path / "bc.docx")]) == 0
    (taken,) = list_snapshots(history)
    assert taken.as_of.isoformat() == cut_off  # the sample's chot_so_lieu_*, not today kept in the plan year
    assert (taken.purpose.kind, taken.purpose.report, taken.purpose.year) == ("report", kind, 2017)
    assert f"Đã lưu bản chốt số liệu «{label}»" in capsys.readouterr().out


def test_a_source_missing_a_tab_is_explained_on_stderr_and_nothing_is_written(history, tmp_path, capsys):
    folder = tmp_path / "thieu-tab"
    folder.mkdir()
    for name in ("Đơn vị.csv", "Nhiệm vụ.csv"):
        (folder / name).write_bytes((ROOT / "cchc" / "sample" / name).read_bytes())
    out = tmp_path / "bc.docx"
    assert main(["report", str(folder), "--kind", "annual", "--out", str(out)]) == 2
    said = capsys.readouterr()
    assert "thiếu trang tính" in said.err and "thiếu trang tính" not in said.out and not out.exists()


def test_final_refuses_a_draft_with_blanks_listing_them_and_writes_nothing(history, tmp_path, capsys):
    out = tmp_path / "bao-cao-nam.docx"
    # the sample's `Báo cáo` has no «Tồn tại, hạn chế», «Nguyên nhân», «Phương hướng», «Kiến nghị»
    assert main(["report", "--kind", "annual", "--final", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "còn 4 chỗ trống" in err and "[Nêu nguyên nhân]" in err and not out.exists()
    assert main(["report", "--kind", "annual", "--out", str(out)]) == 0  # a draft is made all the same
    assert "còn 4 chỗ trống được tô vàng" in capsys.readouterr().out


def test_final_accepts_a_draft_with_every_blank_filled(history, tmp_path):
    out = tmp_path / "bao-cao-6-thang.docx"
    assert main(["report", "--kind", "half_year", "--final", "--out", str(out)]) == 0
    assert out.exists()


@pytest.mark.parametrize(
    ("arguments", "heading"),
    [
        (["--kind", "internal", "--period", "annual"], "IV. ĐỀ XUẤT KHEN THƯỞNG"),
        (["--kind", "unit", "--unit", "TTTK"], "I. NHIỆM VỤ ĐƯỢC GIAO"),
    ],
)
def test_the_internal_and_a_units_report_come_from_the_command_line(history, tmp_path, arguments, heading):
    out = tmp_path / "bc.docx"
    assert main(["report", *arguments, "--out", str(out)]) == 0
    assert heading in [p.text for p in docx.Document(str(out)).paragraphs]
