"""Benchmark `python -m cchc status` against a plain pandas read of the same plan (`make bench`).

Generates synthetic plans (SPEC §2 layout, 2017, 20 units, 50 tasks, N progress rows with ~0.1%
deliberate errors) as a CSV folder and as an .xlsx workbook under `.bench/`, reusing files from
earlier runs unless `--regen` is given. For each source it times a whole `status` process and a
whole process that only imports pandas and reads the same files, and prints a Markdown table
with the ratio, each process's peak RSS and the targets of the issue (PASS/FAIL). Exits 1 when
a target fails or a `status` process exits non-zero.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / ".bench"
TEMP_DIR = DATA_DIR / "tmp"
AS_OF = "2017-10-01"
YEAR = 2017
SEED = 2017
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
QUICK_SIZES = (10_000, 100_000)
MAX_ROWS = 1_048_575  # Excel's 1,048,576 rows, less the header
REPEATS_BELOW_1M = 3
PROGRESS_EVERY = 100_000
RSS_LIMIT_BYTES = 1.5e9
BAD_DATE = "31/02/2017"
UNKNOWN_UNIT = "DV99"
ERROR_RATE = 0.0005  # per kind of error: ~0.1% of rows in all
STDERR_TAIL = 2000

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


@dataclass(frozen=True)
class Run:
    """One finished child process."""

    seconds: float
    max_rss_kib: int
    exit_code: int
    stderr_tail: str


@dataclass(frozen=True)
class Case:
    """The measurements for one source."""

    kind: str
    rows: int
    size_bytes: int
    status: Run
    baseline: Run

    @property
    def ratio(self) -> float:
        return self.status.seconds / self.baseline.seconds


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


# --- measurement ----------------------------------------------------------------------------

CSV_READ = (
    "import sys\nimport pandas as pd\n"
    "for f in sys.argv[1:]:\n    pd.read_csv(f, dtype=str, keep_default_na=False)\n"
)
XLSX_READ = (
    "import sys\nimport pandas as pd\n"
    "pd.read_excel(sys.argv[1], sheet_name=None, dtype=str, engine='calamine')\n"
)


def status_command(path: Path) -> list[str]:
    args = ["status", str(path), "--as-of", AS_OF, "--format", "json"]
    return [sys.executable, "-m", "cchc", *args]


def baseline_command(kind: str, path: Path) -> list[str]:
    if kind == "xlsx":
        return [sys.executable, "-c", XLSX_READ, str(path)]
    files = [str(path / f"{name}.csv") for name in SHEET_NAMES]
    return [sys.executable, "-c", CSV_READ, *files]


def run_once(command: Sequence[str]) -> Run:
    """Run a child with stdout to /dev/null; wall time and its own rusage from wait4."""
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr)
        _, wait_status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(wait_status)
        stderr.seek(0)
        tail = stderr.read()[-STDERR_TAIL:].decode("utf-8", errors="replace")
    return Run(seconds, usage.ru_maxrss, child.returncode, tail)


def best_of(command: Sequence[str], repeats: int) -> Run:
    """The fastest of `repeats` runs with the highest peak RSS seen; the first failed run."""
    runs: list[Run] = []
    for _ in range(repeats):
        runs.append(run_once(command))
        if runs[-1].exit_code:
            return runs[-1]
    fastest = min(runs, key=lambda run: run.seconds)
    return replace(fastest, max_rss_kib=max(run.max_rss_kib for run in runs))


def measure(kind: str, rows: int, path: Path) -> Case:
    repeats = REPEATS_BELOW_1M if rows < 1_000_000 else 1
    log(f"measuring {kind} {rows:,} rows ({repeats} run(s) each)")
    baseline = best_of(baseline_command(kind, path), repeats)
    status = best_of(status_command(path), repeats)
    if status.exit_code:
        log(f"  status exited {status.exit_code}; stderr tail:\n{status.stderr_tail}")
    return Case(kind, rows, size_of(path), status, baseline)


def warm_up() -> None:
    """Compile and cache imports once so a single 1M run is not charged for it."""
    run_once([sys.executable, "-c", "import pandas, python_calamine"])
    run_once([sys.executable, "-m", "cchc", "--help"])


# --- report ---------------------------------------------------------------------------------


def verdict(case: Case) -> tuple[str, str]:
    """The issue's target for this case, and PASS/FAIL ("—" when it has none and ran fine)."""
    finished = case.status.exit_code == 0 and case.baseline.exit_code == 0
    if case.kind == "csv" and case.rows == 100_000:
        passed = finished and case.ratio <= 3 and case.status.seconds < 2
        return "ratio ≤ 3, status < 2 s", "PASS" if passed else "FAIL"
    if case.kind == "csv" and case.rows == 1_000_000:
        passed = finished and case.status.max_rss_kib * 1024 < RSS_LIMIT_BYTES
        return "finishes, peak RSS < 1.5 GB", "PASS" if passed else "FAIL"
    return "—", "—" if finished else "FAIL"


def megabytes(kib: int) -> str:
    return f"{kib * 1024 / 1e6:,.0f}"


def table_row(case: Case) -> str:
    target, result = verdict(case)
    status = f"{case.status.seconds:.2f}"
    if case.status.exit_code:
        status += f" (exit {case.status.exit_code})"
    cells = (
        "CSV folder" if case.kind == "csv" else "xlsx",
        f"{case.rows:,}",
        f"{case.size_bytes / 1e6:,.1f}",
        status,
        f"{case.baseline.seconds:.2f}",
        f"{case.ratio:.2f}",
        megabytes(case.status.max_rss_kib),
        megabytes(case.baseline.max_rss_kib),
        target,
        f"**{result}**" if result == "FAIL" else result,
    )
    return "| " + " | ".join(cells) + " |"


def failure_notes(cases: Sequence[Case]) -> list[str]:
    lines = []
    for case in cases:
        for label, run in (("status", case.status), ("pandas-only read", case.baseline)):
            if run.exit_code:
                lines += ["", f"{case.kind} {case.rows:,}: {label} exited {run.exit_code}:"]
                lines += ["```", run.stderr_tail.rstrip(), "```"]
    return lines


def installed(package: str) -> str:
    """`package version`, or that it is missing (pyarrow changes pandas' string memory)."""
    try:
        return f"{package} {version(package)}"
    except PackageNotFoundError:
        return f"no {package}"


def report(cases: Sequence[Case]) -> str:
    versions = ", ".join(installed(name) for name in ("pandas", "pyarrow", "python-calamine"))
    lines = [
        "## `cchc status` benchmark",
        "",
        f"`python -m cchc status SOURCE --as-of {AS_OF} --format json` (stdout to /dev/null) "
        "against a fresh process that only imports pandas and reads the same files "
        "(`read_csv(dtype=str, keep_default_na=False)` per file; "
        "`read_excel(sheet_name=None, dtype=str, engine='calamine')`). "
        f"Wall time of the whole process, best of {REPEATS_BELOW_1M} (1 run at 1M rows); "
        "peak RSS is the child's max RSS (MB = 10⁶ bytes).",
        "",
        f"Python {platform.python_version()}, {versions}, {os.cpu_count()} CPUs, "
        f"{platform.system()} {platform.machine()}.",
        "",
        "| Source | Progress rows | Size (MB) | status (s) | pandas only (s) | Ratio "
        "| status peak RSS (MB) | pandas peak RSS (MB) | Target | Result |",
        "|---|--:|--:|--:|--:|--:|--:|--:|---|---|",
        *(table_row(case) for case in cases),
    ]
    return "\n".join(lines + failure_notes(cases))


# --- command line ---------------------------------------------------------------------------


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parse_sizes(text: str) -> tuple[int, ...]:
    sizes = tuple(sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()}))
    if not sizes or any(not 1 <= size <= MAX_ROWS for size in sizes):
        raise argparse.ArgumentTypeError(f"sizes must be between 1 and {MAX_ROWS:,}")
    return sizes


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=DEFAULT_SIZES,
        help="comma-separated progress row counts (default: 10000,100000,1000000)",
    )
    parser.add_argument("--quick", action="store_true", help="10k and 100k (overrides --sizes)")
    parser.add_argument("--regen", action="store_true", help="regenerate the data in .bench/")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = QUICK_SIZES if args.quick else args.sizes
    TEMP_DIR.mkdir(parents=True, exist_ok=True)
    jobs = [(kind, rows) for rows in sizes for kind in ("csv", "xlsx")]
    paths = generate_all(jobs, args.regen)
    warm_up()
    cases = [measure(kind, rows, path) for (kind, rows), path in zip(jobs, paths, strict=True)]
    print(report(cases))
    return 1 if any(verdict(case)[1] == "FAIL" for case in cases) else 0


if __name__ == "__main__":
    sys.exit(main())
