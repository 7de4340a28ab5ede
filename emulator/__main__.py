"""`python -m emulator [--source PATH] [--port N]`: serve a source until Ctrl-C."""

from __future__ import annotations

import argparse
import signal
import sys
import time

from cchc.sources import SourceError
from emulator.sheets import DEFAULT_ID, Emulator


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m emulator", description="Google Sheets API v4 emulator on 127.0.0.1."
    )
    parser.add_argument("--source", default="sample", help="CSV folder, .xlsx workbook or 'sample' (default)")
    parser.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1; 0 picks a free one")
    parser.add_argument("--id", default=DEFAULT_ID, help="spreadsheet id to answer to")
    parser.add_argument("--verbose", action="store_true", help="log every request on stderr")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    # Ctrl-C stops it even when started by a process that ignores SIGINT (an ignored signal is
    # inherited, and Python then leaves it ignored)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    args = _arguments(argv)
    try:
        emulator = Emulator.from_source(
            args.source, spreadsheet_id=args.id, port=args.port, verbose=args.verbose
        )
        emulator.start()
    except SourceError as error:
        print(error.message, file=sys.stderr)
        return 2
    except OSError as error:
        print(f"Cannot listen on 127.0.0.1:{args.port}: {error}", file=sys.stderr)
        return 2
    print(f"Sheets API emulator: {emulator.base_url}", flush=True)
    print(f"Spreadsheet id: {emulator.spreadsheet_id}", flush=True)
    print(f"Tabs: {', '.join(emulator.book.tabs)}", flush=True)
    print(f"Use it: CCHC_SHEETS_ENDPOINT={emulator.base_url} with source gsheet:{emulator.spreadsheet_id}")
    print("Ctrl-C stops it.", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        emulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
