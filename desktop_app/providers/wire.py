"""Shared pieces of the providers' wire models and their validation.

Wire models mirror each API's JSON exactly: a JSON number is a number (a string "12.50"
where the schema says number is a schema break, not something to coerce), money is a
``Decimal`` straight from the JSON text, and fields the documentation does not list are
tolerated (the whole raw record is kept on the invoice anyway). A validation failure names
the first offending field with its path, e.g. ``results[3].base_amount``.

A response is validated in two steps. Its envelope (the array, or the object holding
``results``/``result``) with ``validate_wire``: when that is wrong nothing in it can be
trusted, and the provider's fetch fails. Then each invoice record by itself with
``validate_record``: one broken record is that invoice's problem, named by its own fields
(``invoiceTotalAmount``, not ``[150].invoiceTotalAmount``), and the others are kept.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Strict, TypeAdapter, ValidationError

from desktop_app.domain import is_currency
from desktop_app.providers.errors import SchemaError

T = TypeVar("T")


class WireModel(BaseModel):
    """Base of every wire model: immutable, extra fields allowed and ignored by the mapping."""

    model_config = ConfigDict(extra="allow", frozen=True)


def _json_number(value: Any) -> Any:
    """Accept only what ``json.loads(parse_float=Decimal)`` makes of a JSON number."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise ValueError(f"expected a JSON number, got {_describe(value)}")
    return Decimal(value)


def _currency_code(value: Any) -> Any:
    if not isinstance(value, str) or not is_currency(value):
        raise ValueError(f"expected an ISO 4217 currency code, got {_describe(value)}")
    return value.strip().upper()


def _plain_date(value: Any) -> Any:
    """A ``YYYY-MM-DD`` date, or the date part of a date-time that starts with one."""
    if not isinstance(value, str):
        raise ValueError(f"expected a date string, got {_describe(value)}")
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise ValueError(f"expected a YYYY-MM-DD date, got {value!r}") from None


def _local_timestamp(value: Any) -> Any:
    """Content Ignite's zone-less ``YYYY-MM-DD HH:MM:SS`` (or a plain date)."""
    if not isinstance(value, str):
        raise ValueError(f"expected a date-time string, got {_describe(value)}")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"expected 'YYYY-MM-DD HH:MM:SS', got {value!r}") from None


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    text = repr(value)
    return f"{type(value).__name__} {text[:40]}"


WireDecimal = Annotated[Decimal, BeforeValidator(_json_number)]
WireInt = Annotated[int, Strict()]
WireBool = Annotated[bool, Strict()]
WireStr = Annotated[str, Strict()]
CurrencyCode = Annotated[str, BeforeValidator(_currency_code)]
WireDate = Annotated[date, BeforeValidator(_plain_date)]
LocalTimestamp = Annotated[datetime, BeforeValidator(_local_timestamp)]


def validate_wire(
    adapter: TypeAdapter[T], data: Any, *, provider: str, method: str, path: str
) -> T:
    """Validate decoded JSON against a wire type, or raise ``SchemaError`` naming the field."""
    try:
        return adapter.validate_python(data)
    except ValidationError as error:
        raise SchemaError(
            provider,
            method,
            path,
            f"response does not match the documented schema: {describe_validation_error(error)}",
        ) from None


class RecordSchemaError(ValueError):
    """One record does not match its documented schema; the message names the field."""


def validate_record(adapter: TypeAdapter[T], data: Any) -> T:
    """Validate one invoice record, or raise ``RecordSchemaError`` naming the field within it."""
    try:
        return adapter.validate_python(data)
    except ValidationError as error:
        described = describe_validation_error(error, whole="(the whole record)")
        raise RecordSchemaError(f"does not match the documented schema: {described}") from None


def describe_validation_error(error: ValidationError, *, whole: str = "(the whole body)") -> str:
    """``field results[3].base_amount: expected a JSON number, got str '12'`` (+ how many more)."""
    problems = error.errors(include_url=False)
    first = problems[0]
    location = _location(first["loc"]) or whole
    message = str(first["msg"]).removeprefix("Value error, ")
    more = len(problems) - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"field {location}: {message}{suffix}"


def raw_text(record: Any, key: str) -> str | None:
    """A record's identifying field as text, read before (or without) validation: an
    integer or a non-empty string; anything else is no usable identifier."""
    value = record.get(key) if isinstance(record, dict) else None
    if isinstance(value, bool) or not isinstance(value, int | str) or value == "":
        return None
    return str(value)


def raw_date(record: Any, key: str) -> date | None:
    """A record's date read before validation (None when absent or unreadable), so a broken
    record can still be placed inside or outside the date window asked for."""
    value = record.get(key) if isinstance(record, dict) else None
    try:
        result: date = _plain_date(value)
    except ValueError:
        return None
    return result


def unseen(records: list[Any], seen: set[int], key: str = "id") -> list[int]:
    """Indexes of records whose integer ``key`` is not in ``seen`` (which is updated): the
    first of each id is kept, repeats are dropped. A record without an integer id is kept,
    so that its validation names the problem."""
    fresh = []
    for index, record in enumerate(records):
        identifier = record.get(key) if isinstance(record, dict) else None
        if not isinstance(identifier, int) or isinstance(identifier, bool):
            fresh.append(index)
        elif identifier not in seen:
            seen.add(identifier)
            fresh.append(index)
    return fresh


def _location(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
