"""How one cell is answered, per `valueRenderOption` and `dateTimeRenderOption`.

Which input becomes which type (the emulator never guesses from text):

| cell given to the emulator            | FORMATTED_VALUE (vi_VN)   | UNFORMATTED_VALUE / FORMULA          |
| ------------------------------------- | ------------------------- | ------------------------------------ |
| `str` (every CSV cell)                | the text as is            | the text as is                       |
| `None`, `""`, NaN                     | empty                     | empty                                |
| `int` / `float`                       | `12`, `30,5`, `-0,25`     | JSON number; whole → integer (`12`)  |
| `Percent(0.5)` (a %-formatted cell)   | `50%`, `30,5%`            | `0.5`                                |
| `datetime.date`                       | `01/03/2017`              | serial `42795` (days from 1899-12-30) |
| `datetime.datetime`                   | `01/03/2017 08:30:00`     | serial with a fraction               |
| `datetime.time`                       | `08:30:00`                | fraction of a day                    |
| `bool`                                | `TRUE` / `FALSE`          | JSON `true` / `false`                |

With `dateTimeRenderOption=FORMATTED_STRING`, dates and times under UNFORMATTED_VALUE come as
their formatted text while numbers stay numbers (as in gspread's recorded answers);
FORMATTED_VALUE ignores the option. So a CSV source behaves like a sheet typed as plain text: its FORMATTED
values are what a Vietnamese sheet shows, but UNFORMATTED ones stay text, where a real sheet
would have turned `03/01/2017` into a date serial. Numbers show with the automatic format: no
thousands separator, up to 10 decimals, comma as the decimal mark. There are no formulas:
FORMULA answers like UNFORMATTED_VALUE.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from datetime import date, datetime, time

FORMATTED_VALUE = "FORMATTED_VALUE"
UNFORMATTED_VALUE = "UNFORMATTED_VALUE"
FORMULA = "FORMULA"
SERIAL_NUMBER = "SERIAL_NUMBER"
FORMATTED_STRING = "FORMATTED_STRING"
VALUE_OPTIONS = (FORMATTED_VALUE, UNFORMATTED_VALUE, FORMULA)
DATE_OPTIONS = (SERIAL_NUMBER, FORMATTED_STRING)
EPOCH = date(1899, 12, 30)

Rendered = str | int | float | bool


@dataclass(frozen=True)
class Percent:
    """A percent-formatted number: `Percent(0.5)` shows `50%` and is 0.5 unformatted."""

    value: float


def is_empty(cell: object) -> bool:
    return cell is None or cell == "" or (isinstance(cell, float) and math.isnan(cell))


def json_number(value: float) -> int | float:
    """A number as Google writes it in JSON: whole values without a fraction."""
    number = float(value)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def number_text(value: float) -> str:
    """`30,5`, `12`, `-0,25`: the vi_VN automatic number format."""
    number = float(value)
    if number.is_integer():
        return str(int(number))
    return f"{number:.10f}".rstrip("0").rstrip(".").replace(".", ",")


def _seconds(moment: time | datetime) -> float:
    return moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6


def serial(moment: date | time) -> int | float:
    """Days since 1899-12-30, the fraction being the time of day."""
    if isinstance(moment, time):
        return json_number(_seconds(moment) / 86400)
    if isinstance(moment, datetime):
        return json_number((moment.date() - EPOCH).days + _seconds(moment) / 86400)
    return (moment - EPOCH).days


def date_text(moment: date | time) -> str:
    """`dd/mm/yyyy`, `dd/mm/yyyy HH:MM:SS` or `HH:MM:SS`, as a vi_VN sheet shows them."""
    if isinstance(moment, time):
        return moment.strftime("%H:%M:%S")
    day = f"{moment.day:02d}/{moment.month:02d}/{moment.year:04d}"
    return f"{day} {moment.strftime('%H:%M:%S')}" if isinstance(moment, datetime) else day


def render(cell: object, value_option: str = FORMATTED_VALUE, date_option: str = SERIAL_NUMBER) -> Rendered:
    """One cell as the API answers it; `""` for an empty cell."""
    if type(cell) is str:
        return cell
    if is_empty(cell):
        return ""
    formatted = value_option == FORMATTED_VALUE
    if isinstance(cell, bool):
        return ("TRUE" if cell else "FALSE") if formatted else cell
    if isinstance(cell, Percent):
        return f"{number_text(round(cell.value * 100, 10))}%" if formatted else json_number(cell.value)
    if isinstance(cell, date | time):
        return date_text(cell) if formatted or date_option == FORMATTED_STRING else serial(cell)
    if isinstance(cell, numbers.Real):
        return number_text(float(cell)) if formatted else json_number(float(cell))
    return str(cell)
