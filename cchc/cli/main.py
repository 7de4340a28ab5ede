"""Command line (SPEC §8): `python -m cchc validate|status|export|report|remind|template|plan|sheet`, and
`health`, the monitoring check."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import NoReturn

from cchc.assess.status import assess
from cchc.cli import health as cli_health
from cchc.cli import loading
from cchc.cli import remind as cli_remind
from cchc.cli import report as cli_report
from cchc.cli import sheet as cli_sheet
from cchc.config import Config, load_config, now, today
from cchc.present import textout
from cchc.snapshot import serialize
from cchc.snapshot.export import check_target, export_snapshot
from cchc.snapshot.store import take_snapshot
from cchc.sources import SAMPLE, open_source, parse_source
from cchc.validate.plan import Plan, load_plan
from cchc.vocab.errors import CchcError, ExportError, UsageError

OK, DATA_ERRORS, CANNOT_RUN = 0, 1, 2


_ARGPARSE_VI = {
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "không có lựa chọn %(value)r (chọn một trong %(choices)s)"
    ),
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "expected one argument": "cần một giá trị",
    "invalid %(type)s value: %(value)r": "giá trị %(value)r không hợp lệ",
    "usage: ": "cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
}


@contextlib.contextmanager
def _vietnamese_argparse() -> Iterator[None]:
    """argparse looks its messages up through gettext: answer in Vietnamese while we parse."""
    english = argparse._  # type: ignore[attr-defined]
    argparse._ = lambda message: _ARGPARSE_VI.get(message, english(message))  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = english  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"Lệnh không đúng: {message}. Xem `python -m cchc --help`.")


def _as_of(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày «{text}» phải có dạng YYYY-MM-DD") from None


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m cchc", description="Theo dõi kế hoạch tuyên truyền CCHC.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, help_text, formats in (
        ("validate", "kiểm tra dữ liệu, liệt kê lỗi theo ô", ("text", "json")),
        ("status", "tình trạng từng nhiệm vụ, phần việc và đơn vị", ("text", "json", "csv")),
        ("export", "xuất bản chốt số liệu (CSV) làm minh chứng", None),
    ):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("source", nargs="?", help="thư mục CSV, tệp .xlsx (mặc định: dữ liệu mẫu)")
        sub.add_argument(
            "--as-of",
            type=_as_of,
            help="tính đến ngày YYYY-MM-DD (mặc định: hôm nay, giới hạn trong năm kế hoạch)",
        )
        if formats:
            sub.add_argument("--format", choices=formats, default="text")
        else:
            sub.add_argument(
                "--out",
                type=Path,
                help="thư mục mới hoặc trống (mặc định: một thư mục ghi ngày trong thư mục lịch sử)",
            )
    plan = commands.add_parser("plan", help="nhập bảng nhiệm vụ từ văn bản kế hoạch")
    plan_commands = plan.add_subparsers(dest="plan_command", required=True, parser_class=_Parser)
    imported = plan_commands.add_parser(
        "import", help="đọc bảng nhiệm vụ (.txt, .md, .docx), ghi trang tính «Nhiệm vụ»"
    )
    imported.add_argument("file", type=Path, help="văn bản kế hoạch")
    imported.add_argument("--out", type=Path, help="thư mục để ghi «Nhiệm vụ.csv» (mặc định: chỉ in kết quả)")
    imported.add_argument(
        "--units", help="nguồn có trang tính «Đơn vị» để đối chiếu tên (mặc định: nguồn đang dùng)"
    )
    cli_sheet.add_parser(commands, _Parser)
    cli_report.add_parser(commands)
    cli_remind.add_parser(commands, _as_of)
    cli_health.add_parser(commands)
    template = commands.add_parser("template", help="tạo tệp .xlsx mẫu để tải lên Google Drive")
    template.add_argument("--out", required=True, type=Path, help="tệp .xlsx sẽ tạo")
    template.add_argument("--empty", action="store_true", help="chỉ có dòng tiêu đề")
    return parser


def _incomplete(plan: Plan) -> int | None:
    return CANNOT_RUN if loading.incomplete(plan, "Không tính được tình trạng") else None


def _validate(args: argparse.Namespace, config: Config) -> int:
    _, plan, _ = loading.load(args, config)
    if args.format == "json":
        doc = {"source": plan.name, "issues": [i.to_dict() for i in plan.issues]}
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        print(textout.issues_text(plan.name, plan.issues))
    return DATA_ERRORS if any(i.severity == "error" for i in plan.issues) else OK


def _status(args: argparse.Namespace, config: Config) -> int:
    _, plan, as_of = loading.load(args, config)
    if (code := _incomplete(plan)) is not None:
        return code
    status = assess(plan, as_of)
    if args.format == "json":
        print(json.dumps(serialize.status_json(status), ensure_ascii=False, indent=2))
    elif args.format == "csv":
        sys.stdout.write(serialize.assignments_frame(status).to_csv(index=False))
    else:
        print(textout.status_text(status))
    return OK


def _export(args: argparse.Namespace, config: Config) -> int:
    if args.out is not None:
        check_target(args.out)
    raw, plan, as_of = loading.load(args, config)
    if (code := _incomplete(plan)) is not None:
        return code
    if plan.stale:  # the snapshot records it too (source.stale); the person running it must see it now
        print(
            "Cảnh báo: bản chốt số liệu lấy từ lần đọc trước, không phải dữ liệu mới nhất. "
            f"{plan.stale_reason}",
            file=sys.stderr,
        )
    status, moment = assess(plan, as_of), now()
    target = args.out or config.snapshots
    try:
        if args.out is None:
            target, manifest = take_snapshot(status, raw.tabs, target, moment)
        else:
            manifest = export_snapshot(status, raw.tabs, target, created_at=moment)
    except OSError as error:
        raise ExportError(
            f"Không ghi được bản chốt số liệu vào «{target}» ({error.strerror or type(error).__name__}). "
            "Hãy kiểm tra quyền ghi và dung lượng đĩa, rồi chạy lại."
        ) from None
    files = len(manifest["sha256"])
    print(f"Đã xuất bản chốt số liệu vào «{target}» ({files} tệp, tính đến {as_of:%d/%m/%Y}).")
    return OK


def _template(args: argparse.Namespace, config: Config) -> int:
    from cchc.sheet.template import write_template

    out: Path = args.out
    if out.exists():
        raise ExportError(f"Tệp «{out}» đã tồn tại; không ghi đè. Hãy chọn tên tệp khác.")
    if out.suffix.lower() != ".xlsx":
        raise UsageError(f"Tên tệp «{out}» phải có đuôi .xlsx.")
    if not out.parent.is_dir():
        raise ExportError(f"Không có thư mục «{out.parent}» để ghi «{out.name}». Hãy tạo thư mục trước.")
    write_template(out, None if args.empty else open_source(SAMPLE))
    print(f"Đã tạo «{out}». Tải lên Google Drive và mở bằng Google Trang tính để dùng làm bảng chung.")
    return OK


def _plan(args: argparse.Namespace, config: Config) -> int:
    from cchc.sheet import plan_import

    where = parse_source(args.units) if args.units else config.source
    units = load_plan(open_source(where, config.google), fallback_year=today().year).units
    result = plan_import.import_plan(plan_import.read_plan_table(args.file), units)
    print(plan_import.summary_text(result))
    if args.out is not None:
        try:
            written = plan_import.write_tasks_csv(result, args.out)
        except FileExistsError:
            if args.out.exists() and not args.out.is_dir():
                raise ExportError(
                    f"«{args.out}» là một tệp, không phải thư mục. Hãy chọn một thư mục."
                ) from None
            raise ExportError(
                f"«{args.out / plan_import.TASKS_FILE}» đã có; không ghi đè. Hãy chọn thư mục khác."
            ) from None
        print(f"Đã ghi «{written}».")
    return DATA_ERRORS if result.unknown or result.problems else OK


COMMANDS = {
    "validate": _validate,
    "status": _status,
    "export": _export,
    "template": _template,
    "plan": _plan,
    "sheet": cli_sheet.run,
    "report": cli_report.run,
    "remind": cli_remind.run,
    "health": cli_health.run,
}


def main(argv: list[str] | None = None) -> int:
    """Run one command; print Vietnamese messages, never a traceback; return the exit code."""
    try:
        with _vietnamese_argparse():
            args = _parser().parse_args(argv)
        config = load_config(getattr(args, "source", None))
        return COMMANDS[args.command](args, config)
    except CchcError as error:
        print(error.explain(), file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:
        # The reader (e.g. `| head`) stopped early: not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OK
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
    except Exception as error:
        if os.environ.get("CCHC_DEBUG"):
            raise
        print(
            f"Lỗi ngoài dự kiến ({type(error).__name__}). Hãy chạy lại với CCHC_DEBUG=1 và gửi "
            "thông báo cho người quản trị.",
            file=sys.stderr,
        )
    return CANNOT_RUN
