"""`python -m cchc report --kind half_year|annual|internal|unit [--period half_year|annual] [--unit CODE]
[SOURCE | --snapshot DIR] --out FILE.docx [--final]`.

A report is always built from a snapshot, so its figures are frozen and can be produced again:
from a live source, a dated snapshot is taken first (into the snapshots folder, see
`Config.snapshots`), cut at the report's own data cut-off and named for it («Chốt số liệu báo
cáo 6 tháng 2017»), and the report is built from what that snapshot holds.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from cchc.cli.arguments import source_command
from cchc.config import Config, now
from cchc.report.common import KINDS, PERIODS, chooses_period, covered_period
from cchc.sources import open_source
from cchc.validate.plan import load_plan
from cchc.vocab.errors import ExportError

OK, BLANKS, CANNOT_RUN = 0, 1, 2


def add_parser(commands: argparse._SubParsersAction) -> None:
    report = source_command(commands, "report", "soạn dự thảo báo cáo (.docx)")
    report.add_argument(
        "--kind",
        required=True,
        choices=KINDS,
        help="half_year, annual (gửi Sở Nội vụ), internal (Lãnh đạo Sở) hoặc unit (báo cáo của một đơn vị)",
    )
    report.add_argument(
        "--period",
        choices=PERIODS,
        help="kỳ của báo cáo internal hoặc unit (mặc định: half_year)",
    )
    report.add_argument("--unit", help="mã đơn vị của báo cáo unit")
    report.add_argument(
        "--final", action="store_true", help="từ chối (mã thoát 1) khi báo cáo còn chỗ trống cần điền"
    )
    report.add_argument("--year", type=_year, help="năm báo cáo (mặc định: năm kế hoạch)")
    report.add_argument("--snapshot", type=Path, help="lập từ bản chốt số liệu đã xuất thay vì đọc nguồn")
    report.add_argument("--out", required=True, type=Path, help="tệp .docx sẽ tạo")


def _year(text: str) -> int:
    if not text.isdigit() or not 1990 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f"năm «{text}» phải là số có bốn chữ số, từ 1990 đến 2100")
    return int(text)


def _target(out: Path) -> None:
    if out.suffix.lower() != ".docx":
        raise ExportError(f"Tên tệp «{out}» phải có đuôi .docx.")
    if out.exists():
        raise ExportError(f"Tệp «{out}» đã tồn tại; không ghi đè. Hãy chọn tên tệp khác.")
    if not out.parent.is_dir():
        raise ExportError(f"Không có thư mục «{out.parent}» để ghi «{out.name}». Hãy tạo thư mục trước.")


def _fresh_snapshot(config: Config, moment: datetime, kind: str, year: int | None) -> Path | None:
    """Read the source and keep it as the report's dated snapshot; None when a required tab is missing."""
    from cchc.present.history_views import purpose_label
    from cchc.snapshot.purpose import report_purpose
    from cchc.snapshot.store import take_report_snapshot

    raw = open_source(config.source, config.google)
    plan = load_plan(raw, fallback_year=moment.year)
    if not plan.complete:
        return None
    if plan.stale:
        print(f"Cảnh báo: báo cáo lập từ lần đọc trước. {plan.stale_reason}", file=sys.stderr)
    try:
        folder, _ = take_report_snapshot(plan, raw.tabs, config.snapshots, moment, kind, year)
    except OSError as error:
        raise ExportError(
            f"Không lưu được bản chốt số liệu vào «{config.snapshots}» "
            f"({error.strerror or type(error).__name__}). "
            "Hãy kiểm tra quyền ghi (CCHC_SNAPSHOTS) rồi chạy lại."
        ) from None
    label = purpose_label(report_purpose(kind, year or plan.year), moment)
    print(f"Đã lưu bản chốt số liệu «{label}» vào «{folder}».")
    return folder


def write_atomically(out: Path, data: bytes) -> None:
    """Write a file whole or not at all (a reader never sees half a document)."""
    handle, staging = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(staging, out)
    except BaseException:
        Path(staging).unlink(missing_ok=True)
        raise


def _period(args: argparse.Namespace) -> str:
    """The report's period: the kind itself for the reports to Sở Nội vụ, `--period` for the others."""
    if not chooses_period(args.kind) and args.period and args.period != args.kind:
        raise ExportError(f"Báo cáo --kind {args.kind} đã là kỳ {args.kind}; bỏ --period {args.period}.")
    if args.kind == "unit" and not args.unit:
        raise ExportError("Báo cáo của đơn vị cần --unit MÃ_ĐƠN_VỊ, ví dụ --unit TTTK.")
    return covered_period(args.kind, args.period)


def run(args: argparse.Namespace, config: Config) -> int:
    from cchc.report.files import report_from_snapshot  # python-docx loads only for this command

    period = _period(args)
    if args.unit and args.kind != "unit":
        raise ExportError("--unit chỉ dùng với --kind unit.")
    _target(args.out)
    moment = now()
    folder = args.snapshot
    if folder is None:
        folder = _fresh_snapshot(config, moment, period, args.year)
        if folder is None:
            print(
                "Không lập được báo cáo vì nguồn thiếu trang tính hoặc cột bắt buộc (xem `validate`).",
                file=sys.stderr,
            )
            return CANNOT_RUN
    elif args.source:
        raise ExportError("Chỉ chọn một trong hai: nguồn dữ liệu hoặc --snapshot.")
    draft, data = report_from_snapshot(folder, args.kind, args.year, moment.year, period, args.unit)
    blanks = draft.placeholders()
    if args.final and blanks:
        listed = "\n".join(f"  - [{hint}]" for hint in blanks)
        print(
            f"Báo cáo còn {len(blanks)} chỗ trống cần điền, chưa phải bản cuối:\n{listed}\n"
            "Hãy điền các mục này (trang tính «Cấu hình» hoặc «Báo cáo») rồi lập lại.",
            file=sys.stderr,
        )
        return BLANKS
    try:
        write_atomically(args.out, data)
    except OSError as error:
        raise ExportError(
            f"Không ghi được «{args.out}» ({error.strerror or type(error).__name__})."
        ) from None
    span = f"{draft.period_start:%d/%m/%Y} – {draft.period_end:%d/%m/%Y}"
    left = f"; còn {len(blanks)} chỗ trống được tô vàng cần điền" if blanks else ""
    print(f"Đã soạn «{args.out}» từ bản chốt số liệu «{folder}» (số liệu {span}{left}).")
    return OK
