"""A user's corrections to a detected layout, as saved in profiles or given with --mapping.

Everything is optional: a mapping that only says ``{"date_order": "MDY"}`` keeps every other
detected decision. Columns are named by header text or by 1-based position (or letter).
Unknown keys and bad values are errors that name the key, so a typo is never ignored.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from desktop_app.domain import is_currency
from desktop_app.statements.dates import DateOrder
from desktop_app.statements.layout import SINGLE_COLUMN_ROLES, TEXT_ROLES
from desktop_app.wording import counted

ROLES = (*SINGLE_COLUMN_ROLES, *TEXT_ROLES)
_ORDERS = {"DMY": DateOrder.DMY, "MDY": DateOrder.MDY, "YMD": DateOrder.YMD}
_KEYS = {
    "sheet", "header_row", "columns", "date_order", "decimal_mark", "currency",
    "invert_sign", "balance_sign_kept", "encoding", "delimiter", "quote", "indicator_signs",
    "account", "ignore",
}  # fmt: skip


class MappingError(ValueError):
    """A mapping that cannot be applied; the message names the key."""


class MappingMisfitError(MappingError):
    """A mapping naming what the sheet read lacks: a column (by header text, number or
    letter) or the header row. Not a fault of the mapping itself: a workbook's other
    sheet (its transactions, beside an "Info" tab) may have it, and is read instead."""


ColumnRef = str | int


@dataclass(frozen=True, slots=True)
class Mapping:
    sheet: str | None = None
    header_row: int | None = None  # 1-based; 0 means "the file has no header row"
    columns: dict[str, ColumnRef | list[ColumnRef]] = field(default_factory=dict)
    # Columns the accountant says are nothing: they take no role, whatever their header
    # says, and detection puts none on them (the wizard's "(ignore)").
    ignore: list[ColumnRef] = field(default_factory=list)
    date_order: str | None = None  # "DMY", "MDY" or "YMD" (given in any case)
    decimal_mark: str | None = None  # "." or ","
    currency: str | None = None
    invert_sign: bool | None = None
    # Where every sign is flipped (``invert_sign``) and the file's own balance steps cannot
    # say whether its balances keep their sign (a quiet month: one line, none, dates in no
    # order), whether they do (a bank account's export) or are negated with the amounts (a
    # card's balance owed). A saved profile remembers it from the file it was saved from
    # (``profiles.profile_from_layout``); None: nothing remembered, negated as before.
    # Steps that say are followed whatever it says (``balance_sign``).
    balance_sign_kept: bool | None = None
    encoding: str | None = None
    delimiter: str | None = None
    quote: str | None = None  # the csv quote character, e.g. "'"
    indicator_signs: dict[str, int] | None = None  # {"Af": -1, "Bij": 1}
    # The statement's account, for a file that does not name it (or names it wrongly):
    # duplicates are looked for within one account. Not kept in profiles: two accounts'
    # exports from one bank look alike.
    account: str | None = None
    # The name of the saved profile this mapping was read from, when the importer applies
    # one, so that the evidence says who set each decision; None for a mapping given with
    # the file (--mapping, the import wizard). Not part of what the mapping says: neither
    # compared nor saved.
    profile: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        # "dmy" means DMY, as providers.toml's auth_scheme is matched whatever its case:
        # refusing it would be a refusal for the case of a word, not for what it says.
        if isinstance(self.date_order, str) and self.date_order.strip().upper() in _ORDERS:
            object.__setattr__(self, "date_order", self.date_order.strip().upper())
        unknown = set(self.columns) - set(ROLES)
        if unknown:
            raise MappingError(
                f"unknown column role(s) {sorted(unknown)}; roles are {', '.join(ROLES)}"
            )
        for role, ref in self.columns.items():
            _check_column(role, ref)
        _check_ignore(self.ignore)
        if self.sheet is not None and not isinstance(self.sheet, str):
            raise MappingError(f"sheet must be the worksheet's name, not {self.sheet!r}")
        if self.account is not None and (
            not isinstance(self.account, str) or not self.account.strip()
        ):
            raise MappingError(
                f"account must be the account's name or number, not {self.account!r}"
            )
        if self.invert_sign is not None and not isinstance(self.invert_sign, bool):
            raise MappingError(f"invert_sign must be true or false, not {self.invert_sign!r}")
        if self.balance_sign_kept is not None and not isinstance(self.balance_sign_kept, bool):
            raise MappingError(
                f"balance_sign_kept must be true or false, not {self.balance_sign_kept!r}"
            )
        if self.indicator_signs is not None and not _are_signs(self.indicator_signs):
            raise MappingError(
                "indicator_signs must map each debit/credit mark to -1 or 1, "
                f'e.g. {{"Af": -1, "Bij": 1}}, not {self.indicator_signs!r}'
            )
        if self.date_order is not None and self.date_order not in _ORDERS:
            raise MappingError(f"date_order must be DMY, MDY or YMD, not {self.date_order!r}")
        if self.decimal_mark not in (None, ".", ","):
            raise MappingError(f"decimal_mark must be '.' or ',', not {self.decimal_mark!r}")
        if self.currency is not None and not is_currency(self.currency):
            raise MappingError(f"currency must be an ISO 4217 code, not {self.currency!r}")
        if self.header_row is not None and (
            not isinstance(self.header_row, int)
            or isinstance(self.header_row, bool)
            or self.header_row < 0
        ):
            raise MappingError(
                f"header_row must be a row number (0 for none), not {self.header_row!r}"
            )
        for name, value in (("delimiter", self.delimiter), ("quote", self.quote)):
            if value is not None and (
                not isinstance(value, str) or len(value) != 1 or value in "\r\n"
            ):
                raise MappingError(
                    f"{name} must be one character other than a line end, not {value!r}"
                )
        if self.encoding is not None and not _is_text_codec(self.encoding):
            raise MappingError(f"encoding {self.encoding!r} is not a known text encoding")
        if self.quote is not None and self.quote == self.delimiter:
            raise MappingError(f"quote and delimiter must differ; both are {self.quote!r}")

    @property
    def set_by(self) -> str:
        """The evidence's words for a decision this mapping made."""
        return set_by(self.profile)

    @property
    def order(self) -> DateOrder | None:
        return None if self.date_order is None else _ORDERS[self.date_order]

    @property
    def is_empty(self) -> bool:
        return self == Mapping()

    @property
    def for_files_like_this(self) -> Mapping:
        """What the mapping says of every file of its layout: all but the account, which
        is one file's (two accounts' exports from one bank look alike). A profile keeps
        this part, and only this part decides how the sheet is read."""
        return replace(self, account=None)

    def to_json(self) -> dict[str, Any]:
        return {
            key: value
            for key, value in asdict(self).items()
            if value not in (None, {}, []) and key != "profile"
        }

    @classmethod
    def from_json(cls, data: object) -> Mapping:
        if not isinstance(data, dict):
            raise MappingError("a mapping is a JSON object")
        unknown = set(data) - _KEYS
        if unknown:
            raise MappingError(
                f"unknown mapping key(s) {sorted(unknown)}; keys are {', '.join(sorted(_KEYS))}"
            )
        columns = data.get("columns", {})
        if not isinstance(columns, dict):
            raise MappingError("'columns' must map roles to a header name or a column number")
        if data.get("balance_sign_kept") is not None and data.get("invert_sign") is not True:
            # Said of the balances where every sign is flipped, it says nothing without
            # that: the accountant who wrote it meant the flip too, or meant nothing.
            raise MappingError(
                "balance_sign_kept says whether the balances keep their sign where every "
                'sign is flipped: give it with "invert_sign": true'
            )
        try:
            return cls(**{**data, "columns": dict(columns)})
        except TypeError as error:
            raise MappingError(str(error)) from None


def set_by(profile: str | None = None) -> str:
    """The evidence's words for a decision a mapping made: an accountant reading it should
    know whether a saved profile made it (as it will for every file like the one it was
    saved from) or the mapping given with this file."""
    return f"set by {who_set(profile)}"


def who_set(profile: str | None = None) -> str:
    """Who set a decision or a reading: the saved profile named ``profile``, or (None) the
    mapping given with the file."""
    return "the mapping" if profile is None else f"the saved profile '{profile}'"


def _check_column(role: str, ref: object) -> None:
    """A column is a header text, a 1-based number or a letter; a text role may join several."""
    refs = ref if isinstance(ref, list) and role in TEXT_ROLES else [ref]
    for item in refs:
        if isinstance(item, bool) or not isinstance(item, str | int):
            several = " (or a list of them)" if role in TEXT_ROLES else ""
            raise MappingError(
                f"columns.{role} must be a header text, a column number or a letter{several}, "
                f"not {ref!r}"
            )


def _check_ignore(refs: object) -> None:
    """The columns to ignore are a list of header texts, 1-based numbers or letters."""
    if not isinstance(refs, list) or any(
        isinstance(item, bool) or not isinstance(item, str | int) for item in refs
    ):
        raise MappingError(
            "ignore must be a list of columns (header texts, column numbers or letters), "
            f'e.g. ["Balance", 5], not {refs!r}'
        )


def _are_signs(signs: object) -> bool:
    return isinstance(signs, dict) and all(
        isinstance(mark, str) and type(sign) is int and sign in (-1, 1)
        for mark, sign in signs.items()
    )


def _is_text_codec(name: object) -> bool:
    """A codec that turns bytes into text (not ``rot13`` or ``zlib``, which are codecs too)."""
    if not isinstance(name, str):
        return False
    try:
        b"a".decode(name)  # not b"": an empty decode is answered before the codec is looked up
    except UnicodeError:  # a text encoding that cannot read this one byte (UTF-16)
        return name.strip().lower() not in _NEVER_DECODES
    except (LookupError, ValueError):  # unknown, not a text encoding, or a NUL in the name
        return False
    return True


# Codecs that refuse every input: "undefined" exists to make decoding fail.
_NEVER_DECODES = {"undefined"}


def load_mapping(path: str | Path) -> Mapping:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise MappingError(f"cannot read mapping {path}: {error.strerror}") from None
    except json.JSONDecodeError as error:
        raise MappingError(f"mapping {path} is not valid JSON: {error}") from None
    try:
        return Mapping.from_json(data)
    except MappingError as error:
        raise MappingError(f"mapping {path}: {error}") from None


def resolve_column(ref: ColumnRef, headers: list[str]) -> int:
    """A column given by header name, 1-based number or spreadsheet letter, as an index."""
    if isinstance(ref, bool):
        raise MappingError(f"column {ref!r} is neither a header name nor a number")
    if isinstance(ref, int):
        if not 1 <= ref <= max(len(headers), 1):
            raise MappingMisfitError(
                f"column {ref} does not exist (the table has {counted(len(headers), 'column')})"
            )
        return ref - 1
    wanted = ref.strip().casefold()
    for index, header in enumerate(headers):
        if header.strip().casefold() == wanted:
            return index
    if wanted.isalpha() and len(wanted) <= 2:
        index = 0
        for char in wanted:
            index = index * 26 + (ord(char) - ord("a") + 1)
        if index <= len(headers):
            return index - 1
    raise MappingMisfitError(f"no column is named {ref!r}; the headers are {headers}")
