"""JSON that keeps decimal numbers exact, for raw provider records, layouts and settings.

The standard ``json`` module can read numbers straight into ``Decimal`` but cannot write a
``Decimal`` back as a number. Converting to float would lose pennies and converting to a
string would change the record's shape, so values are encoded here by hand: the text of a
``Decimal`` is already a valid JSON number, and reading it back with ``parse_float=Decimal``
gives the identical value, exponent included.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

_encode_string = json.JSONEncoder(ensure_ascii=False).encode
# One decoder for all reads: building one per call costs more than decoding a small record.
_DECODER = json.JSONDecoder(parse_float=Decimal)


def dumps(value: Any) -> str:
    """Encode JSON-shaped data (mappings, lists, tuples, str, int, Decimal, bool, None)."""
    if isinstance(value, list | tuple) and all(type(item) is str for item in value):
        return _encode_string(value)  # statement cells: the common case, done in C
    parts: list[str] = []
    _encode(value, parts, "$")
    return "".join(parts)


def loads(text: str) -> Any:
    """Decode JSON with every non-integer number as an exact ``Decimal``."""
    return _DECODER.decode(text)


def _encode(value: Any, parts: list[str], where: str) -> None:
    if value is None or isinstance(value, bool):
        parts.append({None: "null", True: "true", False: "false"}[value])
    elif isinstance(value, str):
        parts.append(_encode_string(value))
    elif isinstance(value, int):
        parts.append(str(value))
    elif isinstance(value, Decimal):
        parts.append(_decimal_text(value, where))
    elif isinstance(value, float):
        # A float can only come from code that parsed JSON without parse_float=Decimal; its
        # shortest repr is the text the provider sent, so that text is what is kept.
        parts.append(_decimal_text(Decimal(repr(value)), where))
    elif isinstance(value, Mapping):
        _encode_mapping(value, parts, where)
    elif isinstance(value, list | tuple):
        parts.append("[")
        for index, item in enumerate(value):
            if index:
                parts.append(",")
            _encode(item, parts, f"{where}[{index}]")
        parts.append("]")
    else:
        raise TypeError(f"cannot store {type(value).__name__} at {where} as JSON")


def _encode_mapping(value: Mapping[Any, Any], parts: list[str], where: str) -> None:
    parts.append("{")
    for index, (key, item) in enumerate(value.items()):
        if not isinstance(key, str):
            raise TypeError(f"JSON object keys must be strings; {key!r} at {where} is not")
        if index:
            parts.append(",")
        parts.append(_encode_string(key))
        parts.append(":")
        _encode(item, parts, f"{where}.{key}")
    parts.append("}")


def _decimal_text(value: Decimal, where: str) -> str:
    if not value.is_finite():
        raise ValueError(f"cannot store the non-finite number {value} at {where} as JSON")
    text = str(value)
    if "." not in text and "E" not in text:
        # An integral Decimal would read back as an int; an explicit zero exponent keeps it
        # a Decimal with the same exponent (Decimal("5E0") is Decimal("5")).
        text += "E0"
    return text
