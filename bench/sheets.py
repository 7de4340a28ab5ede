"""Google Sheets path cost (`make bench`): requests per refresh, and a 100k-row sheet's read time.

The emulator (loaded with the same synthetic plan as the CSV benchmark) runs in this process;
`python -m cchc status` runs as a child process against it through gspread's real HTTP path
(`CCHC_SHEETS_ENDPOINT`), and again on the CSV folder for comparison.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

from synth import ROOT, ensure_source

sys.path.insert(0, str(ROOT))
from emulator import Emulator

ROWS = 100_000
REPEATS = 3


def _status(source: str, env: dict[str, str]) -> float:
    command = [sys.executable, "-m", "cchc", "status", source, "--as-of", "2017-10-01", "--format", "json"]
    best = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=True)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    folder = ensure_source("csv", ROWS, regen=False)
    with Emulator.from_source(folder) as server, tempfile.TemporaryDirectory() as cache:
        env = os.environ | {"CCHC_SHEETS_ENDPOINT": server.base_url, "CCHC_CACHE_DIR": cache}
        google = _status(f"gsheet:{server.spreadsheet_id}", env)
        per_refresh = len(server.requests) / REPEATS
        batch_gets = server.count(":batchGet") / REPEATS
    csv = _status(str(folder), dict(os.environ))
    print("| Source (100k progress rows) | status, whole process (s) | Requests per refresh |")
    print("|---|--:|--:|")
    print(f"| Google Sheet via the emulator | {google:.2f} | {per_refresh:g} ({batch_gets:g} batchGet) |")
    print(f"| CSV folder | {csv:.2f} | — |")
    return 0 if per_refresh <= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
