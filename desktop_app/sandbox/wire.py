"""Exact JSON for the wire: money goes out as the very decimal text it was generated as.

The standard ``json`` module cannot write a ``Decimal`` as a number, and going through
``float`` could turn 72502.07 into 72502.06999999. Clients parse with
``parse_float=Decimal``, so what the sandbox writes is exactly what they read back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
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
    return WireEncoder().encode(value)


class WireEncoder:
    """The JSON writer, with a memo for objects known never to change.

    The seeded dataset is read-only once generated, and a big Elevate page re-sends the
    same rows on every call, so each registered row is encoded once and reused. Objects
    built per request (projections, fault-damaged copies) are simply encoded afresh.
    """

    def __init__(self, immutable: Iterable[dict[str, JsonValue]] = ()) -> None:
        self._cacheable = {id(obj): obj for obj in immutable}  # holding obj pins its id
        self._texts: dict[int, str] = {}

    def encode(self, value: JsonValue) -> bytes:
        parts: list[str] = []
        self._write(value, parts)
        return "".join(parts).encode("utf-8")

    def _write(self, value: JsonValue, out: list[str]) -> None:
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
            self._write_object(value, out)
        elif isinstance(value, list | tuple):
            self._write_array(value, out)
        else:
            raise TypeError(f"cannot put {type(value).__name__} on the wire (floats are refused)")

    def _write_object(self, value: dict[str, JsonValue], out: list[str]) -> None:
        key = id(value)
        cached = self._texts.get(key)
        if cached is not None:
            out.append(cached)
            return
        parts = ["{"]
        for index, (name, item) in enumerate(value.items()):
            if index:
                parts.append(",")
            parts.append(json.dumps(str(name), ensure_ascii=False))
            parts.append(":")
            self._write(item, parts)
        parts.append("}")
        text = "".join(parts)
        if self._cacheable.get(key) is value:
            self._texts[key] = text
        out.append(text)

    def _write_array(self, value: list[JsonValue] | tuple[JsonValue, ...], out: list[str]) -> None:
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            self._write(item, out)
        out.append("]")


def _decimal_text(value: Decimal) -> str:
    if not value.is_finite():
        raise ValueError(f"JSON has no representation for {value}")
    return format(value, "f")
