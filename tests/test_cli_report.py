"""`python -m cchc report`: a draft always built from a snapshot, taken first from a live source."""

from __future__ import annotations

import docx
import pytest

from cchc.cli import main
from cchc.history import list_snapshots


@pytest.fixture
def history(monkeypatch, tmp_path):
    folder = tmp_path / "lich-su"
    monkeypatch.setenv("CCHC_SNAPSHOTS", str(folder))
    monkeypatch.delenv("CCHC_SOURCE", raising=False)
    return folder


def test_a_report_from_a_live_source_keeps_the_snapshot_it_was_built_from(history, tmp_path, capsys):
    out = tmp_path / "bao-cao.docx"
    assert main(["report", "--kind", "half_year", "--out", str(out)]) == 0
    (taken,) = list_snapshots(history)
    assert taken.source_kind == "sample"
    headings = [p.text for p in docx.Document(str(out)).paragraphs if p.text.startswith("I. ")]
    assert headings == ["I. KẾT QUẢ THỰC HIỆN"]
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
        (["--snapshot", "{tmp}", "--out", "{tmp}/bc.docx"], "không phải bản chụp"),
        (["sample", "--snapshot", "{tmp}", "--out", "{tmp}/bc.docx"], "Chỉ chọn một"),
        (["--kind", "quy", "--out", "{tmp}/bc.docx"], "không có lựa chọn"),
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
