"""The Dutch structured ``:86:`` layout: ``/TRTP/.../NAME/.../REMI/.../EREF/...``.

ABN AMRO, ING and Rabobank SEPA exports write the information field as slash-delimited
``/KEY/value`` pairs, wrapped at the SWIFT width wherever the text happens to be, so a
full line is joined to the next without a space. The remittance (``REMI``) may be unstructured
(``USTD//text``) or a structured creditor reference (``STRD/CUR/ref``); the other party
is ``NAME``, or the third part of ING's ``CNTP/account/BIC/name/city``. Without a
remittance text the transaction type (``TRTP``) describes the line.
"""

from __future__ import annotations

import re

from desktop_app.statements.formats._common import PLACEHOLDER_REFERENCES, clean

_KEYS = (
    "TRTP|IBAN|BIC|NAME|REMI|EREF|MARF|CSID|ORDP|BENM|CNTP|ULTC|ULTD|ULTB|PURP|RTRN|PREF|"
    "ISDT|SVCL|BUSP|NRTX|CHGS|OCMT|EXCH|ID|ADDR"
)
_KEY = re.compile(rf"/({_KEYS})/")
_LINE_WIDTH = 65
_DETECT = re.compile(rf"\s*/({_KEYS})/")


def is_slash_structured(text: str) -> bool:
    return _DETECT.match(text) is not None and len(_KEY.findall(text)) >= 2


def join_wrapped(lines: list[str]) -> str:
    """Join the field's lines: a full line (65 characters, 61 after ``:86:``) continues
    mid-word, and so does a line break at a slash; a shorter line ended at a space."""
    text, previous_full = "", False
    for index, line in enumerate(lines):
        if text and not (previous_full or text.endswith("/") or line.startswith("/")):
            text += " "
        text += line
        previous_full = len(line) >= _LINE_WIDTH - (len(":86:") if index == 0 else 0)
    return text


def read_slash_fields(text: str) -> tuple[str, str, tuple[str, ...]]:
    """(description, counterparty, references) of a slash-structured field."""
    values = _values(text)
    remittance = values.get("REMI", "")
    structured = re.match(r"STRD/CUR/(.*)", remittance)
    description = "" if structured else re.sub(r"^USTD//?", "", remittance)
    description = clean(description.strip("/")) or clean(values.get("TRTP"))
    references = [values.get("EREF", ""), values.get("PREF", ""), values.get("MARF", "")]
    if structured:
        references.insert(0, structured.group(1))
    counterparty = values.get("NAME") or _cntp_name(values.get("CNTP", ""))
    kept = tuple(
        clean(ref)
        for ref in references
        if clean(ref) and clean(ref).upper() not in PLACEHOLDER_REFERENCES
    )
    return description, clean(counterparty.strip("/")), kept


def _values(text: str) -> dict[str, str]:
    """The first value of each key; a value runs to the next known ``/KEY/``."""
    matches = list(_KEY.finditer(text))
    ends = [match.start() for match in matches[1:]] + [len(text)] * bool(matches)
    values: dict[str, str] = {}
    for match, end in zip(matches, ends, strict=True):
        values.setdefault(match.group(1), text[match.end() : end].strip().rstrip("/"))
    return values


def _cntp_name(value: str) -> str:
    parts = value.split("/")
    return parts[2] if len(parts) > 2 else ""
