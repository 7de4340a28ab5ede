"""Why a snapshot was taken: for a report (the figures it is drafted from) or saved (the button,
an export, a download), kept as the manifest's optional `purpose` key, and its moment in Việt Nam time.

- A report's snapshot is taken at that report's data cut-off (`chot_so_lieu_6_thang` /
  `chot_so_lieu_nam`) and writes `{"kind": "report", "report": "half_year"|"annual", "year": …}`;
  every other snapshot writes `{"kind": "saved"}`.
- **A manifest without `purpose`** was written before purposes were kept, and nothing in it says
  why it was taken (a report used to take its snapshot at the page's as-of date, like the button),
  so it reads as saved («Lưu lúc …»): guessing a report from its dates would name a snapshot saved
  by hand in the days before a deadline as the report's. The one exception is the sample's own
  snapshot (`cchc.sources.SAMPLE_HISTORY`), which ships with the program as the snapshot the sample's
  half-year report was drafted from: a snapshot there without `purpose` is that report's.
- **Times**: a moment without its UTC offset (an old or hand-written manifest) is Việt Nam time,
  the one zone of every page, log and snapshot name; every moment is shown in Việt Nam time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from cchc.sources import SAMPLE_HISTORY
from cchc.sources.snapshot import Manifest
from cchc.vocab.terms import VIETNAM

REPORT_KINDS = ("half_year", "annual")


@dataclass(frozen=True)
class Purpose:
    """Why a snapshot was taken: `report` (with the report's kind and year) or `saved`."""

    kind: Literal["report", "saved"]
    report: str | None = None  # "half_year" or "annual" for a report's snapshot
    year: int | None = None

    def to_json(self) -> dict[str, Any]:
        """The manifest's `purpose` value."""
        if self.kind == "saved":
            return {"kind": "saved"}
        return {"kind": "report", "report": self.report, "year": self.year}

    @classmethod
    def from_json(cls, data: object) -> Purpose | None:
        """A `purpose` value as written; None when it is missing or not one."""
        if not isinstance(data, dict):
            return None
        if data.get("kind") == "saved":
            return SAVED
        report, year = data.get("report"), data.get("year")
        if data.get("kind") != "report" or report not in REPORT_KINDS or type(year) is not int:
            return None
        return report_purpose(str(report), year)


SAVED = Purpose("saved")


def report_purpose(kind: str, year: int) -> Purpose:
    """The purpose of the snapshot the `kind` report of `year` is drafted from."""
    if kind not in REPORT_KINDS:
        raise ValueError(f"kind must be one of {', '.join(REPORT_KINDS)}, not {kind!r}")
    return Purpose("report", kind, year)


def in_vietnam(moment: datetime) -> datetime:
    """A moment in Việt Nam time; one without its offset is taken as Việt Nam time already."""
    return moment.replace(tzinfo=VIETNAM) if moment.tzinfo is None else moment.astimezone(VIETNAM)


def vn_time(moment: datetime) -> str:
    """A moment as Việt Nam time, dd/mm/yyyy HH:MM."""
    return f"{in_vietnam(moment):%d/%m/%Y %H:%M}"


def purpose_of(folder: Path, manifest: Manifest) -> Purpose:
    """Why the snapshot in `folder` was taken, by the rule of this module's docstring."""
    written = Purpose.from_json(manifest.purpose)
    if written is not None:
        return written
    if folder.parent.resolve() == SAMPLE_HISTORY.resolve():
        return report_purpose("half_year", manifest.year or manifest.as_of.year)
    return SAVED
