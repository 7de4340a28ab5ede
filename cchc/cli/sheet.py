"""`python -m cchc sheet init|check SOURCE`: set up the shared Google Sheet, write checks into it."""

from __future__ import annotations

import argparse
from datetime import datetime

from cchc.config import Config, now

OK, DATA_ERRORS = 0, 1


def add_parser(commands: argparse._SubParsersAction, parser_class: type[argparse.ArgumentParser]) -> None:
    """The `sheet` command and its two subcommands."""
    sheet = commands.add_parser("sheet", help="thiết lập và ghi kết quả kiểm tra vào bảng tính Google")
    sheet_commands = sheet.add_subparsers(dest="sheet_command", required=True, parser_class=parser_class)
    init = sheet_commands.add_parser(
        "init", help="tạo trang tính, tiêu đề, cố định và bảo vệ dòng tiêu đề, thêm kiểm tra dữ liệu"
    )
    check = sheet_commands.add_parser("check", help="ghi kết quả kiểm tra vào trang tính «Kiểm tra»")
    check.add_argument("--notes", action="store_true", help="ghi thêm ghi chú [CCHC] lên từng ô có lỗi")
    for sub in (init, check):
        sub.add_argument("source", nargs="?", help="gsheet:<mã> hoặc đường dẫn bảng tính Google")
        sub.add_argument("--dry-run", action="store_true", help="chỉ in những gì sẽ thay đổi, không ghi")


def _init(args: argparse.Namespace, config: Config, moment: datetime) -> int:
    from cchc.sheet.sync import init_sheet

    plan, outcome = init_sheet(config.source.text, config.google, moment, args.dry_run)
    if plan.conflicts:
        print("Không thay đổi gì, vì dòng tiêu đề hiện có không khớp với mẫu:")
        print("\n".join(f"- {c}" for c in plan.conflicts))
        return DATA_ERRORS
    if not plan.requests:
        print("Bảng tính đã được thiết lập đầy đủ; không cần thay đổi gì.")
        return OK
    print("\n".join(f"- {change}" for change in plan.changes))
    verb = "Đã gửi" if outcome.sent else "Sẽ gửi (chạy thử, chưa ghi)"
    print(f"{verb} 1 yêu cầu batchUpdate: {outcome.kinds()}.")
    return OK


def _check(args: argparse.Namespace, config: Config, moment: datetime) -> int:
    from cchc.sheet.sync import check_sheet, load_sheet_plan

    plan = load_sheet_plan(config.source.text, config.google, moment)
    decided, outcome = check_sheet(plan, config.google, moment, args.notes, args.dry_run)
    errors = sum(1 for i in plan.issues if i.severity == "error")
    verb = "Đã ghi" if outcome.sent else "Sẽ ghi (chạy thử, chưa ghi)"
    print(
        f"{verb} {decided.rows} dòng vào trang tính «Kiểm tra» "
        f"({errors} lỗi, {len(plan.issues) - errors} cảnh báo)."
    )
    if args.notes:
        print(
            f"Ghi chú [CCHC]: {decided.notes_set} ghi mới hoặc cập nhật, {decided.notes_removed} gỡ bỏ; "
            f"{decided.notes_kept} ô có ghi chú riêng của người dùng nên để nguyên."
        )
    print(f"1 yêu cầu batchUpdate: {outcome.kinds()}.")
    return OK


def run(args: argparse.Namespace, config: Config) -> int:
    moment = now()
    return (_init if args.sheet_command == "init" else _check)(args, config, moment)
