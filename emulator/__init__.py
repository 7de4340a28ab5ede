"""A Google Sheets API v4 emulator on loopback (tests and demos never reach Google).

`python -m emulator --source cchc/sample --port 8765` serves a source by hand; from Python,
`Emulator.from_source("sample")` or `Emulator({"Tab": [[...], ...]})`. See `emulator.sheets`.
"""

from emulator.cells import Percent
from emulator.faults import LoggedRequest
from emulator.sheets import DEFAULT_ID, Emulator

__all__ = ["DEFAULT_ID", "Emulator", "LoggedRequest", "Percent"]
