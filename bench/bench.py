"""Benchmark `python -m cchc status` against a plain pandas read of the same plan (`make bench`).

Uses the synthetic plans of `synth.py` (N progress rows with ~0.1% deliberate errors) as a CSV
folder and as an .xlsx workbook under `.bench/`, reusing files from earlier runs unless
`--regen` is given. For each source it times a whole `status` process and a
whole process that only imports pandas and reads the same files, and prints a Markdown table
with the ratio, each process's peak RSS and the targets of the issue (PASS/FAIL). Exits 1 when
a target fails or a `status` process exits non-zero.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from synth import ROOT, SHEET_NAMES, TEMP_DIR, generate_all, log, size_of

sys.path.insert(0, str(ROOT))
from cchc.sources.limits import MAX_ROWS as READ_LIMIT_ROWS

AS_OF = "2017-10-01"
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
QUICK_SIZES = (10_000, 100_000)
MAX_ROWS = 1_048_575  # Excel's 1,048,576 rows, less the header
REPEATS_BELOW_1M = 3
RSS_LIMIT_BYTES = 1.5e9
STDERR_TAIL = 2000


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
        passed = finished and case.ratio <= 1.7
        return "ratio ≤ 1.7 (issue #12)", "PASS" if passed else "FAIL"
    if case.kind == "csv" and case.rows == 1_000_000:
        passed = finished and case.status.max_rss_kib * 1024 < RSS_LIMIT_BYTES
        return "finishes, peak RSS < 1.5 GB", "PASS" if passed else "FAIL"
    if case.kind == "xlsx" and case.rows > READ_LIMIT_ROWS:  # over the reading limits: refused, never read
        small = case.status.max_rss_kib * 1024 < RSS_LIMIT_BYTES and case.status.seconds < 10
        return (
            "refused (exit 2), < 10 s, < 1.5 GB",
            "PASS" if case.status.exit_code == 2 and small else "FAIL",
        )
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
