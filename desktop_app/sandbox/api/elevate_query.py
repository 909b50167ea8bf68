"""Elevate's list-query language: required paging, ``sort``, ``fields`` and typed filters.

Date filters take ``yyyy-MM-dd`` (equals), ``lt:``/``gt:`` (exclusive) and ``gtn:``
(greater than, or no date at all); several conditions may be repeated or comma-joined and
must all hold. String filters take a value, ``in:a,b`` or ``like:pattern`` (SQL ``%``/``_``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

MAX_PAGE_SIZE = 1000

ID_FILTERS = ("id", "contractOwnerId", "billingCycleId", "billRunId", "customerId", "siteId")
DATE_FILTERS = ("invoiceDate", "dueDate")
STRING_FILTERS = (
    "billRunType",
    "billRunStatus",
    "paymentMethod",
    "mandateStatus",
    "paymentStatus",
    "thirdPartyPaymentStatus",
    "invoiceNumber",
    "createdDate",
    "thirdPartyPaymentStatusUpdatedTime",
    "paymentStatusUpdatedDate",
    "refundStatusUpdatedDate",
    "thirdPartyRefundStatus",
    "paymentStatusUpdatedTime",
)

Row = dict[str, Any]
Predicate = Callable[[Row], bool]


class QueryError(ValueError):
    """A request Elevate would refuse with 400 Bad Request."""


def run_query(rows: list[Row], query: Mapping[str, list[str]]) -> list[Row]:
    page, page_size = _paging(query)
    predicates = _predicates(query)
    selected = [row for row in rows if all(p(row) for p in predicates)]
    selected = _sorted(selected, _first(query, "sort"))
    window = selected[(page - 1) * page_size : page * page_size]
    return _project(window, _first(query, "fields"))


def _first(query: Mapping[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[0] if values else None


def _paging(query: Mapping[str, list[str]]) -> tuple[int, int]:
    page = _required_int(query, "page")
    page_size = _required_int(query, "pageSize")
    if page < 1:
        raise QueryError(f"page must be 1 or more, got {page}")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise QueryError(f"pageSize must be between 1 and {MAX_PAGE_SIZE}, got {page_size}")
    return page, page_size


def _required_int(query: Mapping[str, list[str]], name: str) -> int:
    raw = _first(query, name)
    if raw is None or raw == "":
        raise QueryError(
            f"Required request parameter '{name}' for method parameter type Integer is not present"
        )
    try:
        return int(raw)
    except ValueError:
        raise QueryError(f"Failed to convert value of '{name}' to Integer: {raw!r}") from None


def _predicates(query: Mapping[str, list[str]]) -> list[Predicate]:
    predicates: list[Predicate] = []
    for name, values in query.items():
        for value in values:
            if name in ID_FILTERS:
                predicates.append(_id_predicate(name, value))
            elif name in DATE_FILTERS:
                predicates.extend(_date_predicate(name, part.strip()) for part in value.split(","))
            elif name in STRING_FILTERS:
                predicates.append(_string_predicate(name, value))
    return predicates


def _id_predicate(name: str, value: str) -> Predicate:
    try:
        wanted = int(value)
    except ValueError:
        raise QueryError(f"Invalid value for '{name}': {value!r}") from None
    return lambda row: row.get(name) == wanted


def _date_predicate(name: str, condition: str) -> Predicate:
    operator, _, raw = condition.rpartition(":")
    try:
        bound = date.fromisoformat(raw)
    except ValueError:
        raise QueryError(
            f"Invalid date filter for '{name}': {condition!r} (expected yyyy-MM-dd)"
        ) from None
    if operator == "":
        return lambda row: _row_date(row, name) == bound
    if operator == "lt":
        return lambda row: (d := _row_date(row, name)) is not None and d < bound
    if operator == "gt":
        return lambda row: (d := _row_date(row, name)) is not None and d > bound
    if operator == "gtn":
        return lambda row: (d := _row_date(row, name)) is None or d > bound
    raise QueryError(f"Unknown date operator {operator!r} for '{name}'")


def _row_date(row: Row, name: str) -> date | None:
    value = row.get(name)
    return date.fromisoformat(value[:10]) if isinstance(value, str) and value else None


def _string_predicate(name: str, value: str) -> Predicate:
    if value.startswith("in:"):
        options = set(value[3:].split(","))
        return lambda row: row.get(name) in options
    if value.startswith("like:"):
        pattern = _like_regex(value[5:])
        return lambda row: (
            isinstance(row.get(name), str) and pattern.fullmatch(row[name]) is not None
        )
    return lambda row: row.get(name) == value


def _like_regex(pattern: str) -> re.Pattern[str]:
    parts = (".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in pattern)
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def _sorted(rows: list[Row], sort: str | None) -> list[Row]:
    keys = [part.strip() for part in (sort or "id").split(",") if part.strip()]
    result = list(rows)
    for key in reversed(keys):  # stable sorts applied least-significant first
        field, _, direction = key.partition(":")
        if rows and field not in rows[0]:
            raise QueryError(f"Cannot sort by unknown field '{field}'")
        if direction not in {"", "asc", "desc"}:
            raise QueryError(f"Unknown sort direction '{direction}' for '{field}'")
        result.sort(key=_sort_key_for(field), reverse=direction == "desc")
    return result


def _sort_key_for(field: str) -> Callable[[Row], tuple[int, Any]]:
    """Nulls sort first, as in SQL ascending order."""

    def key(row: Row) -> tuple[int, Any]:
        value = row.get(field)
        return (0, "") if value is None else (1, value)

    return key


def _project(rows: list[Row], fields: str | None) -> list[Row]:
    if not fields:
        return rows
    wanted = [f.strip() for f in fields.split(",") if f.strip()]
    return [{f: row[f] for f in wanted if f in row} for row in rows]
