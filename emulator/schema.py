"""Request bodies checked against Google's own Sheets v4 discovery document, as Google checks them.

The document ships with `google-api-python-client`
(`googleapiclient/discovery_cache/documents/sheets.v4.json`, a development dependency). A
field the schema does not know, a value of the wrong JSON type or a value outside an enum
answers 400 with Google's wording (`Invalid JSON payload received. Unknown name "x" at
'requests[0].add_sheet': Cannot find field.`). Without the package the emulator still answers,
unchecked: `available()` says which, and the test suite requires it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from emulator.shapes import ApiError

_DOCUMENT = "discovery_cache/documents/sheets.v4.json"
_INTEGER_FORMATS = {"int32", "int64", "uint32", "uint64"}


@cache
def _document() -> dict[str, Any] | None:
    try:
        text = resources.files("googleapiclient").joinpath(_DOCUMENT).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return None
    document: dict[str, Any] = json.loads(text)
    return document


def available() -> bool:
    """Whether bodies are checked (the discovery document could be loaded)."""
    return _document() is not None


def check_query(query: Mapping[str, object], *path: str) -> None:
    """An unknown query parameter of `spreadsheets.<resource…>.<method>` answers 400, as Google does."""
    document = _document()
    if document is None:
        return
    found: dict[str, Any] = document["resources"]["spreadsheets"]
    for resource in path[:-1]:
        found = found["resources"][resource]
    known = set(found["methods"][path[-1]]["parameters"]) | set(document.get("parameters", {}))
    for name in query:
        if name not in known:
            message = f'Invalid JSON payload received. Unknown name "{name}": Cannot bind query parameter.'
            raise ApiError(400, message)


def snake(name: str) -> str:
    """A camelCase field name as Google's error messages spell it (`major_dimension`)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _invalid(path: str, detail: str) -> ApiError:
    return ApiError(400, f"Invalid value at '{path}' ({detail})")


def _check_scalar(value: Any, prop: dict[str, Any], path: str) -> None:
    kind = prop.get("type")
    if kind == "string":
        if prop.get("format") in _INTEGER_FORMATS and isinstance(value, int) and not isinstance(value, bool):
            return
        if not isinstance(value, str):
            raise _invalid(path, "TYPE_STRING")
        if "enum" in prop and value not in prop["enum"]:
            raise _invalid(path, f'enum, "{value}"')
    elif kind == "integer" and (isinstance(value, bool) or not isinstance(value, int)):
        raise _invalid(path, "TYPE_INT32")
    elif kind == "number" and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise _invalid(path, "TYPE_DOUBLE")
    elif kind == "boolean" and not isinstance(value, bool):
        raise _invalid(path, "TYPE_BOOL")


def _check(value: Any, prop: dict[str, Any], path: str, schemas: dict[str, Any]) -> None:
    if "$ref" in prop:
        _check_object(value, prop["$ref"], path, schemas)
    elif prop.get("type") == "array":
        if not isinstance(value, list):
            raise _invalid(path, "list expected")
        for index, item in enumerate(value):
            _check(item, prop["items"], f"{path}[{index}]", schemas)
    elif prop.get("type") == "object":
        if not isinstance(value, dict):
            raise _invalid(path, "object expected")
        for key, item in value.items():
            _check(item, prop.get("additionalProperties", {}), f"{path}.{key}", schemas)
    else:
        _check_scalar(value, prop, path)


def _check_object(value: Any, ref: str, path: str, schemas: dict[str, Any]) -> None:
    if not isinstance(value, dict):
        raise _invalid(path, f"{ref} expected")
    properties = schemas[ref].get("properties", {})
    for key, item in value.items():
        if key not in properties:
            where = f" at '{path}'" if path else ""
            message = f'Invalid JSON payload received. Unknown name "{key}"{where}: Cannot find field.'
            raise ApiError(400, message)
        _check(item, properties[key], f"{path}.{snake(key)}" if path else snake(key), schemas)


def check_body(body: Any, schema: str) -> None:
    """Raise ApiError(400) when `body` is not a valid `schema` (e.g. BatchUpdateSpreadsheetRequest)."""
    document = _document()
    if document is not None:
        _check_object(body, schema, "", document["schemas"])
