"""The `Tiến độ` tab: validate every progress row, vectorized over the distinct cell values.

Each column's distinct values are parsed once (a year of progress has few distinct dates,
tasks, units and states), so 100,000 rows cost about as much as reading them. Free-text
columns (result, evidence, note, reporter) are kept as typed: `clean_text` normalizes them
for display and export, where only the rows shown or written pay for it.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from cchc.validate.groups import close_neighbours, combined_codes, digit_signatures
from cchc.validate.progress_rules import (
    COMPLETION_DATE,
    RULES,
    Rule,
    channel_of,
    default_measures,
    link_codes,
    measure_of,
    state_of,
    whole_people,
)
from cchc.validate.table import Table
from cchc.validate.tasks import Task
from cchc.validate.units import LOOSE, Directory
from cchc.vocab.issues import Issue
from cchc.vocab.text import loose_key
from cchc.vocab.values import as_text, is_blank, parse_count, parse_date, parse_percent, task_key

KEY_FIELDS = ("date", "task", "unit", "state", "percent")
COLUMNS = (
    "row",
    "date",
    "task_id",
    "unit",
    "state",
    "percent",
    "result",
    "channel",
    "count",
    "evidence",
    "note",
    "reporter",
    "completed_on",
    "measure",
    "attendance",
)


def empty_progress() -> pd.DataFrame:
    """No progress rows, with the column types real rows have (dates, numbers)."""
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    types: dict[str, Any] = {"row": int, "date": "datetime64[ns]", "completed_on": "datetime64[ns]"}
    return frame.astype({**types, "percent": float, "count": "Int64", "attendance": "Int64"})


@dataclass(frozen=True)
class Window:
    """The dates a progress row of this plan is expected to fall in."""

    start: date
    end: date


def _parse_column(
    column: pd.Series, parse: Callable[[object], tuple[Any, str | None]]
) -> tuple[pd.Series, pd.Series]:
    """Values and issue codes of a column, parsing each distinct value once."""
    positions, distinct = pd.factorize(column, use_na_sentinel=False)
    results = [parse(value) for value in distinct]
    values = np.empty(len(results), dtype=object)
    values[:] = [r[0] for r in results]
    codes = np.array([r[1] for r in results], dtype=object)
    return (
        pd.Series(values[positions], index=column.index, dtype=object),
        pd.Series(codes[positions], index=column.index, dtype=object),
    )


class _Checker:
    """Collects the issues of one progress table and the rows whose key cells failed."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.rows = table.rows
        self.issues: list[Issue] = []
        self.failed: set[int] = set()

    def report(self, key: str, codes: pd.Series, message: Callable[[str, object], str]) -> None:
        """One issue per row with a code; an error in a key cell leaves the row out."""
        mask = codes.notna()  # a code, or None
        if not mask.any():
            return
        place = self.table.place(key)
        raws = self.rows[key]
        for row, code, raw in zip(codes.index[mask], codes[mask], raws[mask], strict=True):
            if (int(row), key) in self.table.bad:
                continue  # already reported as legacy text or an overlong cell
            rule: Rule = RULES[code]
            self.issues.append(place.issue(code, int(row), raw, message(code, raw), warn=rule.warn))
            if not rule.warn and key in KEY_FIELDS:
                self.failed.add(int(row))

    def legacy_keys(self) -> None:
        """Key cells typed in a legacy encoding leave their row out (reported by the table)."""
        self.failed.update(row for row, key in self.table.bad if key in KEY_FIELDS)


def _dates(check: _Checker, window: Window) -> pd.Series:
    values, codes = _parse_column(check.rows["date"], parse_date)
    dates = pd.to_datetime(values)
    outside = (dates < pd.Timestamp(window.start)) | (dates > pd.Timestamp(window.end))
    codes = codes.where(~outside, "date.outside_year")
    check.report("date", codes, lambda c, raw: RULES[c].text(raw, window))
    return dates


def _tasks(check: _Checker, tasks: dict[str, Task]) -> pd.Series:
    def parse(raw: object) -> tuple[str | None, str | None]:
        if is_blank(raw):
            return None, "task.missing"
        task = tasks.get(task_key(raw))
        return (task.task_id, None) if task else (None, "task.unknown")

    values, codes = _parse_column(check.rows["task"], parse)
    ids = [t.task_id for t in tasks.values()]
    check.report("task", codes, lambda c, raw: RULES[c].text(raw, ids))
    return values


def _units(check: _Checker, units: Directory) -> pd.Series:
    def parse(raw: object) -> tuple[str | None, str | None]:
        if is_blank(raw):
            return None, "unit.missing"
        code, how = units.match(as_text(raw))
        if code is None:
            return None, "unit.unknown"
        return code, "unit.loose_match" if how == LOOSE else None

    values, codes = _parse_column(check.rows["unit"], parse)
    check.report("unit", codes, lambda c, raw: RULES[c].text(raw, units))
    return values


def _infer_state(percent: float) -> str:
    """The state an empty `Trạng thái` cell means when a percent is given."""
    return "not_started" if percent == 0 else "done" if percent == 100 else "in_progress"


def _states(check: _Checker, percents: pd.Series) -> pd.Series:
    values, codes = _parse_column(check.rows["state"], state_of)
    missing = codes.eq("state.missing") & percents.notna()
    if missing.any():
        values = values.where(~missing, percents[missing].map(_infer_state))
        codes = codes.where(~missing, None)
    check.report("state", codes, lambda c, raw: RULES[c].text(raw, None))
    return values


def _optional(check: _Checker) -> dict[str, pd.Series]:
    """Outputs: count, channel, measure (the channel's when empty or unknown) and attendance."""
    parsed = {}
    for key, parse in (
        ("count", parse_count),
        ("channel", channel_of),
        ("measure", measure_of),
        ("attendance", whole_people),
    ):
        parsed[key], codes = _parse_column(check.rows[key], parse)
        check.report(key, codes, lambda c, raw: RULES[c].text(raw, None))
    check.report("evidence", link_codes(check.rows["evidence"]), lambda c, raw: RULES[c].text(raw, None))
    measures = parsed["measure"]
    parsed["measure"] = measures.where(measures.notna(), default_measures(parsed["channel"]))
    return parsed


def _optional_date(raw: object) -> tuple[date | None, str | None]:
    return (None, None) if is_blank(raw) else parse_date(raw)


def _completion(check: _Checker, dates: pd.Series, states: pd.Series, window: Window) -> pd.Series:
    """`Ngày hoàn thành` of a `Hoàn thành` row, within the reporting year and not after its update."""
    values, codes = _parse_column(check.rows["completed_on"], _optional_date)
    if codes.isna().all() and values.isna().all():  # the usual column: nobody typed a completion date
        return pd.Series(pd.NaT, index=dates.index, dtype=dates.dtype)
    completed = pd.to_datetime(values)
    not_done = completed.notna() & states.notna() & states.ne("done")
    codes = codes.where(~not_done, "completion.not_done")
    codes = codes.where(~(completed > dates), "completion.after_update")
    codes = codes.where(~(completed < pd.Timestamp(window.start)), "completion.before_year")

    def message(code: str, raw: object) -> str:
        rule = COMPLETION_DATE if code == "date.invalid" else RULES[code]
        return rule.text(raw, window)

    check.report("completed_on", codes, message)
    return completed.where(codes.isna(), pd.NaT)


def _assignment_check(check: _Checker, frame: pd.DataFrame, tasks: dict[str, Task]) -> None:
    task_codes, task_ids = pd.factorize(frame["task_id"], use_na_sentinel=False)
    unit_codes, unit_ids = pd.factorize(frame["unit"], use_na_sentinel=False)
    planned = np.zeros((len(task_ids), len(unit_ids)), dtype=bool)
    unit_at = {u: i for i, u in enumerate(unit_ids)}
    for i, task_id in enumerate(task_ids):
        task = next((t for t in tasks.values() if t.task_id == task_id), None)
        for unit in task.units if task else ():
            if unit in unit_at:
                planned[i, unit_at[unit]] = True
    known = frame["task_id"].notna() & frame["unit"].notna()
    outside = known & ~planned[task_codes, unit_codes]
    codes = pd.Series(None, index=frame.index, dtype=object).where(~outside, "unit.not_assigned")
    check.report("unit", codes, lambda c, raw: RULES[c].text(raw, None))


DUPLICATE_DAYS = 45  # SPEC §3.2: the same result and count within this many days may be typed twice


def _duplicate_check(check: _Checker, frame: pd.DataFrame, signatures: pd.Series) -> None:
    """`progress.possible_duplicate` on a counted row whose unit, task, result (by the forgiving key)
    and count equal an earlier row's within DUPLICATE_DAYS; it names the nearest such earlier row.

    The forgiving key of a result is costly, so it is computed only for rows that pass a cheap test
    first: another row of the same task, unit and count, with the same digits in its result (the
    key keeps digits, `digit_signatures`), within the window.
    """
    counted = frame["count"].notna() & frame["date"].notna() & ~frame.index.isin(list(check.failed))
    rows = frame.loc[counted, ["row", "date", "task_id", "unit", "count"]]  # no text: cheap to copy
    days = rows["date"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    same = combined_codes(rows["task_id"], rows["unit"], rows["count"], signatures[counted])
    near = close_neighbours(same, days, rows["row"].to_numpy(), DUPLICATE_DAYS)
    if not near.any():
        return
    rows, days = rows[near], days[near]
    positions, distinct = pd.factorize(frame["result"].loc[rows.index], use_na_sentinel=False)
    keys = np.array([loose_key(as_text(v)) for v in distinct], dtype=object)[positions]
    code = combined_codes(rows["task_id"], rows["unit"], rows["count"], pd.Series(keys, index=rows.index))
    sheet_rows, index = rows["row"].to_numpy(), rows.index.to_numpy()
    order = np.lexsort((sheet_rows, days, code))
    same = (code[order][1:] == code[order][:-1]) & (keys[order][1:] != "")
    gap = np.diff(days[order])
    place = check.table.place("result")
    rule = RULES["progress.possible_duplicate"]
    for pair in np.flatnonzero(same & (gap <= DUPLICATE_DAYS)):
        later, earlier = order[pair + 1], order[pair]
        raw = check.rows.at[index[later], "result"]
        context = (int(sheet_rows[earlier]), int(gap[pair]))
        check.issues.append(
            place.issue(
                "progress.possible_duplicate", int(index[later]), raw, rule.text(raw, context), warn=True
            )
        )


def _issue_units(check: _Checker, frame: pd.DataFrame) -> dict[int, str]:
    """For each row with an issue: its unit's code, or the `Đơn vị` cell as typed if unknown."""
    rows = {i.row for i in check.issues if i.row is not None} | {row for row, _ in check.table.bad}
    units = frame["unit"]
    return {
        row: units[row] if isinstance(units[row], str) else as_text(check.rows.at[row, "unit"])
        for row in rows
    }


def read_progress(
    table: Table | None, units: Directory, tasks: list[Task], window: Window
) -> tuple[pd.DataFrame, list[Issue], dict[int, str]]:
    """Valid progress rows (normalized, with sheet row numbers), the issues, and their rows' units."""
    if table is None:
        return empty_progress(), [], {}
    with ThreadPoolExecutor(max_workers=1) as pool:  # numpy lets go of the GIL: overlap with parsing
        signatures = pool.submit(digit_signatures, table.rows["result"])
        return _read(table, units, tasks, window, signatures)


def _read(
    table: Table, units: Directory, tasks: list[Task], window: Window, signatures: Future[np.ndarray]
) -> tuple[pd.DataFrame, list[Issue], dict[int, str]]:
    check = _Checker(table)
    check.legacy_keys()
    by_key = {t.key: t for t in tasks}
    percents, codes = _parse_column(table.rows["percent"], parse_percent)
    check.report("percent", codes, lambda c, raw: RULES[c].text(raw, None))
    optional = _optional(check)
    dates, states = _dates(check, window), _states(check, percents)
    frame = pd.DataFrame(
        {
            "row": table.rows.index.astype(int),
            "date": dates,
            "task_id": _tasks(check, by_key),
            "unit": _units(check, units),
            "state": states,
            "percent": percents.astype(float),
            "result": table.rows["result"],
            "channel": optional["channel"],
            "count": optional["count"],
            "evidence": table.rows["evidence"],
            "note": table.rows["note"],
            "reporter": table.rows["reporter"],
            "completed_on": _completion(check, dates, states, window),
            "measure": optional["measure"],
            "attendance": optional["attendance"],
        },
        index=table.rows.index,
    )
    _assignment_check(check, frame, by_key)
    _duplicate_check(check, frame, pd.Series(signatures.result(), index=frame.index))
    keep = ~frame.index.isin(list(check.failed))
    # by (date, sheet row): the as-of cut is then a prefix (`Plan.up_to`), and latest rows come last
    order = np.lexsort((frame["row"].to_numpy()[keep], frame["date"].to_numpy()[keep]))
    valid = frame.iloc[np.flatnonzero(keep)[order]].reset_index(drop=True)
    return valid, check.issues, _issue_units(check, frame)


TEXT_COLUMNS = ("result", "evidence", "note", "reporter")


def clean_text(progress: pd.DataFrame) -> pd.DataFrame:
    """Progress rows with their free-text columns NFC-normalized and trimmed."""
    return progress.assign(**{c: progress[c].map(as_text) for c in TEXT_COLUMNS if c in progress})
