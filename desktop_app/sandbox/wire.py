"""Exact JSON for the wire: money goes out as the very decimal text it was generated as.

The standard ``json`` module cannot write a ``Decimal`` as a number, and going through
``float`` could turn 72502.07 into 72502.06999999. Clients parse with
``parse_float=Decimal``, so what the sandbox writes is exactly what they read back.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

PENNY = Decimal("0.01")

JsonValue = Any
"""A tree of dict/list/str/int/bool/None/Decimal; floats are refused."""


def pence(value: Decimal) -> Decimal:
    """Round to the minor unit half-up, as the providers' ledgers do (never "-0.00")."""
    rounded = value.quantize(PENNY, rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded.is_zero() else rounded


def from_minor_units(minor: int) -> Decimal:
    """Build an exact two-place amount from a whole number of pence."""
    return Decimal(minor).scaleb(-2)


def encode_json(value: JsonValue) -> bytes:
    """Serialise ``value`` compactly, writing every ``Decimal`` as its exact plain text."""
    parts: list[str] = []
    _write(value, parts)
    return "".join(parts).encode("utf-8")


def _write(value: JsonValue, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif isinstance(value, bool):
        out.append("true" if value else "false")
    elif isinstance(value, int):
        out.append(str(value))
    elif isinstance(value, Decimal):
        out.append(_decimal_text(value))
    elif isinstance(value, str):
        out.append(json.dumps(value, ensure_ascii=False))
    elif isinstance(value, dict):
        _write_object(value, out)
    elif isinstance(value, list | tuple):
        _write_array(value, out)
    else:
        raise TypeError(f"cannot put {type(value).__name__} on the wire (floats are refused)")


def _write_object(value: dict[str, JsonValue], out: list[str]) -> None:
    out.append("{")
    for index, (key, item) in enumerate(value.items()):
        if index:
            out.append(",")
        out.append(json.dumps(str(key), ensure_ascii=False))
        out.append(":")
        _write(item, out)
    out.append("}")


def _write_array(value: list[JsonValue] | tuple[JsonValue, ...], out: list[str]) -> None:
    out.append("[")
    for index, item in enumerate(value):
        if index:
            out.append(",")
        _write(item, out)
    out.append("]")


def _decimal_text(value: Decimal) -> str:
    if not value.is_finite():
        raise ValueError(f"JSON has no representation for {value}")
    return format(value, "f")
