"""The ``:86:`` information field: free text, or the German structured ``?nn`` layout
(the Dutch ``/KEY/value`` layout is read by ``mt940_slash``).

German banks (DFÜ-Abkommen) write ``GVC?00booking text?10...?20purpose...?32name``.
Purpose lines ``?20``-``?29`` and ``?60``-``?63`` hold at most 27 characters each and
banks cut them mid-word ("eBay S" / ".a r.l."), so a full 27-character part is joined
to the next without a space, a shorter one (a deliberate line end) with one. The joined
purpose carries SEPA keywords (``EREF+`` end-to-end reference, ``KREF+`` customer
reference, ``MREF+`` mandate, ``SVWZ+`` remittance text, ...).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from desktop_app.statements.formats._common import PLACEHOLDER_REFERENCES, clean, join_unique
from desktop_app.statements.formats.mt940_slash import (
    is_slash_structured,
    join_wrapped,
    read_slash_fields,
)

_STRUCTURED = re.compile(r"(?P<code>[0-9]{3})?(?P<separator>[?>])[0-9][0-9]")
_PURPOSE_CODES = [f"{code:02d}" for code in (*range(20, 30), *range(60, 64))]
_NAME_CODES = ("32", "33")
_SUBFIELD_WIDTH = 27
_KEYWORDS = "EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC|PURP|COAM|OAMT|SQTP|ORCR|ORMR|RTRN"
_KEYWORD = re.compile(rf"({_KEYWORDS})\+")
_REFERENCE_KEYWORDS = ("EREF", "KREF", "MREF")


@dataclass(frozen=True)
class Details:
    description: str = ""
    counterparty: str = ""
    references: tuple[str, ...] = ()


def read_details(fields: list[list[str]]) -> Details:
    """Read the ``:86:`` fields of one transaction (each field a list of physical lines)."""
    if not fields:
        return Details()
    first = "".join(fields[0])
    structure = _STRUCTURED.match(first)
    if len(fields) == 1 and structure is not None:
        return _structured(first, structure)
    if len(fields) == 1 and is_slash_structured(first):
        return Details(*read_slash_fields(join_wrapped(fields[0])))
    return Details(description=join_unique((free_text(lines) for lines in fields), " "))


def free_text(lines: list[str]) -> str:
    """Lines of free text as one, joined by a space.

    Unlike the ``?2x`` parts, a full-width free-text line does not reliably continue
    mid-word (ABN AMRO pads columns to the full width), and gluing two words together
    would hide both from a search, so line ends always count as spaces.
    """
    return clean(" ".join(lines))


def _structured(text: str, match: re.Match[str]) -> Details:
    body = text[len(match["code"] or "") :]
    parts = re.split(rf"{re.escape(match['separator'])}([0-9][0-9])", body)
    subfields: list[tuple[str, str]] = list(zip(parts[1::2], parts[2::2], strict=True))
    purpose, keyword_starts = _join_parts(
        value for code, value in subfields if code in _PURPOSE_CODES
    )
    name, _ = _join_parts(value for code, value in subfields if code in _NAME_CODES)
    keywords = _split_keywords(purpose, keyword_starts)
    booking_text = clean(" ".join(value for code, value in subfields if code == "00"))
    description = keywords.get("SVWZ") or keywords.get("") or booking_text
    counterparty = clean(name) or keywords.get("ABWA") or keywords.get("ABWE") or ""
    references = tuple(
        value
        for key in _REFERENCE_KEYWORDS
        if (value := keywords.get(key, "")) and value.upper() not in PLACEHOLDER_REFERENCES
    )
    return Details(description, counterparty, references)


def _join_parts(values: Iterable[str]) -> tuple[str, set[int]]:
    """Join 27-character parts (see the module docstring); also where each part starts."""
    text, starts, previous = "", set(), ""
    for value in values:
        if text and len(previous) < _SUBFIELD_WIDTH:
            text += " "
        starts.add(len(text))
        text += value
        previous = value
    return text, starts


def _split_keywords(purpose: str, part_starts: set[int]) -> dict[str, str]:
    """SEPA keyword values; a keyword counts where a part or a word starts, not mid-word.

    Text before the first keyword (all of it when there is none) is kept under "".
    """
    found = [
        match
        for match in _KEYWORD.finditer(purpose)
        if match.start() in part_starts
        or match.start() == 0
        or purpose[match.start() - 1].isspace()
    ]
    lead = clean(purpose[: found[0].start()] if found else purpose)
    values: dict[str, str] = {"": lead} if lead else {}
    ends = [match.start() for match in found[1:]] + [len(purpose)] * bool(found)
    for match, end in zip(found, ends, strict=True):
        value = clean(purpose[match.end() : end])
        key = match.group(1)
        values[key] = f"{values[key]} {value}".strip() if key in values else value
    return values
