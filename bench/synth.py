"""Synthetic plans for `make bench`: SPEC §2 layout, 2017, 20 units, 50 tasks, N progress rows.

Written as a CSV folder or an .xlsx workbook (shared strings, date and number cells, as a sheet
app writes them) under `.bench/`, reusing files of earlier runs unless asked to regenerate.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import shutil
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / ".bench"
TEMP_DIR = DATA_DIR / "tmp"
YEAR = 2017
SEED = 2017
PROGRESS_EVERY = 100_000
BAD_DATE = "31/02/2017"
UNKNOWN_UNIT = "DV99"
ERROR_RATE = 0.0005  # per kind of error: ~0.1% of rows in all


Cell = str | int | dt.date | None
Row = tuple[Cell, ...]

SETTINGS = "Cấu hình"
UNITS = "Đơn vị"
TASKS = "Nhiệm vụ"
PROGRESS = "Tiến độ"
SHEET_NAMES = (SETTINGS, UNITS, TASKS, PROGRESS)
SETTINGS_HEADER = ("Khóa", "Giá trị")
SETTINGS_ROWS: tuple[Row, ...] = (("nam", YEAR), ("chu_ky_cap_nhat", 30), ("canh_bao_truoc", 14))
UNITS_HEADER = ("Mã đơn vị", "Tên đơn vị", "Tên khác", "Người phụ trách", "Email")
TASKS_HEADER = (
    "Mã nhiệm vụ",
    "Nội dung",
    "Thời gian",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Hình thức",
    "Hạn hoàn thành",
    "Chỉ tiêu",
)
PROGRESS_HEADER = (
    "Ngày cập nhật",
    "Mã nhiệm vụ",
    "Đơn vị",
    "Trạng thái",
    "Tiến độ (%)",
    "Kết quả",
    "Kênh",
    "Số lượng",
    "Minh chứng",
    "Ghi chú",
    "Người cập nhật",
)

UNIT_NAMES = (
    "Văn phòng Sở",
    "Thanh tra Sở",
    "Bộ phận Pháp chế",
    "Phòng Kế hoạch - Tài chính",
    "Phòng Quản lý Khoa học",
    "Phòng Quản lý Công nghệ và Thị trường công nghệ",
    "Phòng Quản lý Chuyên ngành",
    "Chi cục Tiêu chuẩn Đo lường Chất lượng",
    "Trung tâm Thông tin và Thống kê KHCN",
    "Trung tâm Ứng dụng tiến bộ KHCN",
    *(f"Phòng Quản lý số {number}" for number in range(11, 21)),
)
UNIT_ALIASES = {
    "DV03": "Pháp chế",
    "DV08": "Chi cục TĐC",
    "DV09": "TTTK; Trung tâm Thông tin KHCN",
}
PEOPLE = (
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Hoàng Cường",
    "Phạm Thị Dung",
    "Hoàng Minh Đức",
    "Võ Thị Hà",
    "Đặng Quốc Huy",
    "Bùi Thị Lan",
    "Đỗ Thanh Long",
    "Huỳnh Thị Mai",
    "Ngô Văn Nam",
    "Dương Thị Oanh",
    "Lý Minh Phúc",
    "Trương Thị Quyên",
    "Phan Văn Sơn",
    "Vũ Thị Thu",
    "Đinh Công Tuấn",
    "Tạ Thị Uyên",
    "Châu Văn Vinh",
    "Mai Thị Yến",
)
TASK_TOPICS = (
    "Tuyên truyền Kế hoạch cải cách hành chính năm 2017 của Sở",
    "Đăng tải tin, bài về CCHC trên Trang thông tin điện tử của Sở",
    "Niêm yết công khai thủ tục hành chính tại Bộ phận một cửa",
    "Tập huấn nghiệp vụ kiểm soát thủ tục hành chính",
    "Phổ biến văn bản quy phạm pháp luật về khoa học và công nghệ",
    "Lồng ghép nội dung CCHC trong các cuộc họp giao ban",
    "Khảo sát mức độ hài lòng của người dân, doanh nghiệp",
    "Giới thiệu dịch vụ công trực tuyến mức độ 3, 4",
    "Tuyên truyền hệ thống quản lý chất lượng ISO 9001:2008",
    "Báo cáo kết quả công tác thông tin, tuyên truyền CCHC",
)
TIMEFRAMES = (
    "Quý 1/2017",
    "Quý 2/2017",
    "Quý 3/2017",
    "Quý 4/2017",
    "Quý I/2017",
    "Quý II/2017",
    "Quý III/2017",
    "Quý IV/2017",
    "Tháng 6/2017",
    "6 tháng đầu năm",
    "Năm 2017",
    "Thường xuyên",
)
FORMS = ("Đăng tin, bài", "Hội nghị", "Lồng ghép họp giao ban", "Niêm yết", None)
TARGETS = (None, None, 4, 6, 12, 24, 48)
STATES = ("Chưa thực hiện", "Đang thực hiện", "Hoàn thành")
CHANNELS = ("Trang TTĐT", "Hội nghị/tập huấn", "Họp giao ban", "Niêm yết")
ACTIONS = (
    "Đã đăng tải",
    "Đã biên tập và đăng",
    "Đã phổ biến",
    "Đã niêm yết công khai",
    "Đã tổ chức tuyên truyền",
    "Đã cập nhật",
    "Đã lồng ghép giới thiệu",
)
OBJECTS = (
    "{k} tin, bài về CCHC trên Trang TTĐT",
    "{k} thủ tục hành chính tại Bộ phận một cửa",
    "Kế hoạch CCHC năm 2017 tới {k} phòng, đơn vị",
    "kết quả giải quyết hồ sơ trực tuyến của {k} lĩnh vực",
    "{k} văn bản pháp luật về khoa học và công nghệ",
    "quy chế văn hóa công sở tới {k} đơn vị",
)
SUFFIXES = (" (cập nhật lần {n})", ", văn bản số {n}/SKHCN", ", đợt {n} năm 2017")
NOTES = (
    "Bổ sung minh chứng sau",
    "Chờ lãnh đạo Sở duyệt",
    "Lùi thời hạn do thay đổi nhân sự",
    "Phối hợp với Sở Nội vụ",
)
LINK = "https://skhcn.baria-vungtau.gov.vn/cchc/{unit}/{n}"


@dataclass(frozen=True)
class Unit:
    """A unit of the synthetic plan."""

    code: str
    name: str
    person: str


@dataclass(frozen=True)
class Task:
    """A task of the synthetic plan: its id and its units, the lead first."""

    task_id: int
    units: tuple[Unit, ...]


@dataclass(frozen=True)
class Sheet:
    """One tab: its name, header and rows (the progress rows are a one-shot generator)."""

    name: str
    header: tuple[str, ...]
    rows: Iterable[Row]


# --- synthetic plan -------------------------------------------------------------------------


def make_units() -> list[Unit]:
    return [
        Unit(f"DV{number:02d}", name, person)
        for number, (name, person) in enumerate(zip(UNIT_NAMES, PEOPLE, strict=True), 1)
    ]


def unit_row(unit: Unit) -> Row:
    email = None if unit.code.endswith("7") else f"{unit.code.lower()}@skhcn.baria-vungtau.gov.vn"
    return (unit.code, unit.name, UNIT_ALIASES.get(unit.code), unit.person, email)


def make_tasks(rng: random.Random, units: Sequence[Unit]) -> list[Task]:
    tasks = []
    for task_id in range(1, 51):
        lead = rng.choice(units)
        others = [unit for unit in units if unit != lead]
        tasks.append(Task(task_id, (lead, *rng.sample(others, rng.randint(0, 3)))))
    return tasks


def task_row(rng: random.Random, task: Task) -> Row:
    index = task.task_id - 1
    lead, *support = task.units
    return (
        task.task_id,
        f"{TASK_TOPICS[index % len(TASK_TOPICS)]} (đợt {index // len(TASK_TOPICS) + 1})",
        TIMEFRAMES[index % len(TIMEFRAMES)],
        lead.code,
        "; ".join(unit.code for unit in support) or None,
        rng.choice(FORMS),
        dt.date(YEAR, 11, 15) if task.task_id % 10 == 7 else None,
        rng.choice(TARGETS),
    )


def state_and_percent(rng: random.Random, year_part: float) -> tuple[str, int | None]:
    draw = rng.random()
    if draw < 0.15 * (1 - year_part):
        state, percent = STATES[0], 0
    elif draw < 0.6 + 0.1 * year_part:
        state, percent = STATES[1], rng.randint(5, 95)
    else:
        state, percent = STATES[2], 100
    return state, None if rng.random() < 0.2 else percent


def result_text(rng: random.Random, counter: int) -> str:
    subject = rng.choice(OBJECTS).format(k=rng.randint(2, 30))
    return f"{rng.choice(ACTIONS)} {subject}" + rng.choice(SUFFIXES).format(n=counter)


def progress_rows(rng: random.Random, tasks: Sequence[Task], count: int) -> Iterator[Row]:
    """Yield `count` progress rows, dated in roughly increasing order over the year."""
    days = [dt.date(YEAR, 1, 1) + dt.timedelta(days=day) for day in range(365)]
    for index in range(count):
        day = max(0, index * 365 // count - rng.randrange(8))
        task = rng.choice(tasks)
        unit = rng.choice(task.units)
        state, percent = state_and_percent(rng, day / 365)
        yield (
            BAD_DATE if rng.random() < ERROR_RATE else days[day],
            task.task_id,
            unit_cell(rng, unit),
            state,
            percent,
            result_text(rng, index + 1),
            rng.choice(CHANNELS),
            rng.randint(0, 5) if rng.random() < 0.7 else None,
            LINK.format(unit=unit.code.lower(), n=index + 1) if rng.random() < 0.5 else None,
            rng.choice(NOTES) if rng.random() < 0.03 else None,
            unit.person if rng.random() < 0.9 else rng.choice(PEOPLE),
        )


def unit_cell(rng: random.Random, unit: Unit) -> str:
    draw = rng.random()
    if draw < ERROR_RATE:
        return UNKNOWN_UNIT
    return unit.name if draw < 0.08 else unit.code


def plan_sheets(progress_count: int) -> list[Sheet]:
    """The four tabs of a plan; the same rows on every call (fixed seed)."""
    rng = random.Random(SEED)
    units = make_units()
    tasks = make_tasks(rng, units)
    return [
        Sheet(SETTINGS, SETTINGS_HEADER, SETTINGS_ROWS),
        Sheet(UNITS, UNITS_HEADER, [unit_row(unit) for unit in units]),
        Sheet(TASKS, TASKS_HEADER, [task_row(rng, task) for task in tasks]),
        Sheet(PROGRESS, PROGRESS_HEADER, progress_rows(rng, tasks, progress_count)),
    ]


# --- writers --------------------------------------------------------------------------------


def reporting(rows: Iterable[Row], label: str) -> Iterator[Row]:
    """Pass rows through, printing a line every PROGRESS_EVERY rows."""
    start = time.perf_counter()
    for index, row in enumerate(rows, 1):
        yield row
        if index % PROGRESS_EVERY == 0:
            log(f"  {label}: {index:,} rows ({time.perf_counter() - start:.0f} s)")


def csv_cell(value: Cell) -> Cell:
    return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else value


def write_csv_folder(path: Path, sheets: Sequence[Sheet]) -> None:
    path.mkdir()
    for sheet in sheets:
        with (path / f"{sheet.name}.csv").open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file, lineterminator="\n")
            writer.writerow(sheet.header)
            rows = reporting(sheet.rows, f"{path.name} {sheet.name}")
            writer.writerows(tuple(csv_cell(value) for value in row) for row in rows)


def write_xlsx(path: Path, sheets: Sequence[Sheet]) -> None:
    """Write a workbook as a sheet app would: shared strings, date cells, number cells."""
    options = {
        "default_date_format": "dd/mm/yyyy",
        "strings_to_formulas": False,
        "strings_to_urls": False,
    }
    workbook = xlsxwriter.Workbook(str(path), options)
    for sheet in sheets:
        worksheet = workbook.add_worksheet(sheet.name)
        worksheet.write_row(0, 0, sheet.header)
        for index, row in enumerate(reporting(sheet.rows, f"{path.name} {sheet.name}"), 1):
            worksheet.write_row(index, 0, row)
    log(f"  {path.name}: assembling and zipping the workbook")
    workbook.close()


def generate_all(jobs: Sequence[tuple[str, int]], regen: bool) -> list[Path]:
    """Make the sources in worker processes, two at a time.

    A child's ru_maxrss counts its parent's peak RSS at fork time, so the process that starts
    the measured children must never hold the generated data itself.
    """
    kinds, sizes = zip(*jobs, strict=True)
    with ProcessPoolExecutor(max_workers=2) as pool:
        return list(pool.map(ensure_source, kinds, sizes, [regen] * len(jobs)))


def source_path(kind: str, rows: int) -> Path:
    return DATA_DIR / (f"plan-{rows}.xlsx" if kind == "xlsx" else f"plan-{rows}")


def ensure_source(kind: str, rows: int, regen: bool) -> Path:
    """Generate a source unless an earlier run left a complete one (written, then renamed)."""
    path = source_path(kind, rows)
    if path.exists() and not regen:
        log(f"reusing {path.relative_to(ROOT)}")
        return path
    temporary = TEMP_DIR / path.name
    remove(temporary)
    start = time.perf_counter()
    writer = write_xlsx if kind == "xlsx" else write_csv_folder
    writer(temporary, plan_sheets(rows))
    remove(path)
    temporary.rename(path)
    log(f"generated {path.relative_to(ROOT)} in {time.perf_counter() - start:.1f} s")
    return path


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def size_of(path: Path) -> int:
    files = path.iterdir() if path.is_dir() else [path]
    return sum(file.stat().st_size for file in files)


def log(message: str) -> None:
    """A progress line on stderr (stdout carries the report)."""
    print(message, file=sys.stderr, flush=True)
