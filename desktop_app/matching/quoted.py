"""Invoice numbers a line quotes that no match can be made with, said where it is explained.

Matching pairs a line with the invoices it may pay: a draft (or the provider's preview of
an upcoming invoice, or an invoice of no amount) asks nobody for money, so the reference
index leaves it out, and an invoice issued outside the period fetched is not in the run
at all. A line quoting one of those numbers reads to the engine as a line quoting none:
it was explained as matching "no invoice ... a reference in its text", or offered for
another invoice on its amount alone without a word about the number it quotes, which sent
the accountant looking for an invoice that was right there, or past the one it names.

The scores stay as they are (the engine never lets a number it cannot see rule a
pairing out: a payer mistypes one, and an amount-only pairing is only ever a suggestion
for the accountant). What changes is what is said: the line's row, an amount-only
suggestion for it and the rows of the invoices it is offered for name the number it
quotes and why no match was made with it; so does a match the engine makes of the line
with the invoices it does quote ("...; also quotes EL-2025-00167, which is not among the
invoices fetched"), which would otherwise leave the invoice not fetched unseen.

A number counts as quoted when it has the form of the run's invoice numbers that begin
with letters ("EL-2025-00167" beside the fetched "EL-2025-00176": the same letters, the
same count of digits in each group): a bare number (a sort code, a date, Content
Ignite's ids) says nothing of which invoice it is. Only the lines explained this way are
searched (those left unmatched, and those the engine matched or offered), after the
assignment: none of it is on the matching's hot path, and a matched line quoting its
own invoice's number alone, as issued, is told apart without a search (``also``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from desktop_app.domain.invoice import DocumentType, Invoice, InvoiceKey, InvoiceStatus
from desktop_app.domain.statement import StatementLine
from desktop_app.matching.prepare import Pool, PreparedInvoice

# A number's shape: its letters kept, each digit a 9 ("EL-9999-99999"), one C-level pass
# per invoice; the few distinct shapes are then parsed into groups.
# In bytes: ``bytes.translate`` is a table lookup in C, ``str.translate`` a dict's per
# character, four times slower over 100,000 invoice numbers.
_DIGITS = bytes.maketrans(b"0123456789", b"9999999999")
# What an ASCII number loses to be keyed as the reference index keys it
# (``reference_key``: letters and digits alone; the caller upper-cases it).
_SEPARATORS = bytes(code for code in range(128) if not chr(code).isalnum())
_GROUPS = re.compile(r"[0-9]+|[A-Z]+")
# Fewer digits than this, and the form would find ordinary words and numbers.
_MIN_DIGITS = 4
# Between a number's groups a payer types a dash, a slash, a space or nothing.
_GAP = r"[^A-Z0-9]{0,2}"


class QuotedNumbers:
    """The numbers of the run's forms that a line's text quotes, with the fetched invoice
    each is the number of (None where none is): built once per run, when first asked."""

    def __init__(
        self, invoices: Sequence[PreparedInvoice], told: Mapping[InvoiceKey, str] | None = None
    ) -> None:
        # the invoices a row names otherwise than by label (``RunContext.name``)
        self._told: Mapping[InvoiceKey, str] = told or {}
        # One pass over every invoice, in C where it can be: a key as the reference
        # index compares numbers (letters and digits alone, upper-cased) and its shape.
        self._known: dict[bytes, PreparedInvoice] = {}
        # the lowest and highest number fetched of each shape (of one shape, a later
        # number sorts after an earlier one), by the shape
        spans: dict[bytes, list[bytes]] = {}
        # each number's shape as written ("EL-9999-99999"): its groups make the pattern
        shapes: set[bytes] = set()
        known, separators, digits = self._known, _SEPARATORS, _DIGITS
        for invoice in invoices:
            number = invoice.invoice.number
            if not number.isascii() or "://" in number:
                continue  # a URL (Versori) has no form a payer types
            written = number.upper().encode()
            key = written.translate(None, separators)
            if not key[:1].isalpha():
                continue  # nor a bare number
            shapes.add(written.translate(digits))
            known.setdefault(key, invoice)
            shape = key.translate(digits)
            span = spans.get(shape)
            if span is None:
                spans[shape] = [key, key]
            elif key < span[0]:
                span[0] = key
            elif key > span[1]:
                span[1] = key
        self._spans = spans
        # By the letters a form begins with: a text without them (most lines) is told
        # apart by a substring search each, and a pattern beginning with its letters is
        # searched for by them (a pattern for all at once tried every position).
        forms: dict[str, list[str]] = {}
        for each in sorted(shapes):
            form = _form(each.decode())
            if form is not None:
                forms.setdefault(form[0], []).append(form[1])
        self._patterns = [
            (letters, re.compile(f"{letters}(?:{'|'.join(rests)})(?![A-Z0-9])"))
            for letters, rests in forms.items()
        ]

    def quoted(self, line: StatementLine) -> list[tuple[str, PreparedInvoice | None]]:
        """Each number of the run's forms in the line's text (as written, upper-cased),
        once, with the invoice fetched of that number, or None where none was."""
        if not self._patterns:
            return []
        return self._search(_text(line), ())

    def _search(self, upper: str, own: Sequence[str]) -> list[tuple[str, PreparedInvoice | None]]:
        """``quoted`` of a line's upper-cased text; ``own``, its match's invoice numbers
        (upper-cased): the letters of a form found only in those, as written, need no
        search (a matched line quoting its own invoice, nearly every one)."""
        found: dict[bytes, tuple[str, PreparedInvoice | None]] = {}
        for letters, pattern in self._patterns:
            if letters not in upper:
                continue  # nearly every line
            if own:
                mine = sum(upper.count(number) for number in own if number.startswith(letters))
                if mine and mine == upper.count(letters):
                    continue
            for match in pattern.finditer(upper):
                start = match.start()
                if start and upper[start - 1].isalnum():
                    continue  # inside a longer word: not this number
                text = match.group()
                key = text.encode().translate(None, _SEPARATORS)
                if key not in found:
                    found[key] = (text, self._known.get(key))
        return list(found.values())

    def notes(self, line: StatementLine) -> list[str]:
        """What the line's row says of each number it quotes that no match can be made
        with: one of no invoice fetched, or of an invoice nobody pays (a draft). A quote
        of an invoice that takes part in matching is said by the rules that matched or
        did not match it, so nothing here."""
        notes = []
        for text, invoice in self.quoted(line):
            if invoice is None:
                notes.append(
                    f"quotes {text}, which is not among the invoices fetched{self._when(text)}"
                )
            elif invoice.pool is Pool.NONE:
                notes.append(_unbilled(line, invoice))
        return notes

    def also(self, line: StatementLine, paid: Sequence[Invoice]) -> list[str]:
        """What a match's explanation adds of each number its line quotes that no match
        can be made with, besides those it pays (``paid``): 'also quotes EL-2025-00167,
        which is not among the invoices fetched (issued before the period?)'. A number
        that is one of ``paid``'s without leading zeros is theirs, whatever was fetched."""
        patterns = self._patterns
        if not patterns:
            return []
        upper = _text(line)
        if len(paid) == 1:  # nearly every match: its line quotes its number alone, as issued
            number = paid[0].number.upper()
            for letters, _ in patterns:
                if letters in upper and not (
                    number.startswith(letters) and upper.count(letters) == upper.count(number)
                ):
                    break
            else:
                return []
            own = [number]
        else:
            own = [invoice.number.upper() for invoice in paid]
        told = []
        for text, invoice in self._search(upper, own):
            if invoice is None:
                if _unpadded(text) in {_unpadded(number) for number in own}:
                    continue
                told.append(
                    f"also quotes {text}, which is not among the invoices fetched{self._when(text)}"
                )
            elif invoice.pool is Pool.NONE:
                told.append(f"also {_unbilled(line, invoice)}")
        return told

    def _when(self, text: str) -> str:
        """' (issued before the period?)' for a number below every one fetched of its
        form, ' (issued after the period?)' above them; "" between, where the period
        does not explain it."""
        key = text.encode().translate(None, _SEPARATORS)
        span = self._spans.get(key.translate(_DIGITS))
        if span is None:
            return ""
        if key < span[0]:
            return " (issued before the period?)"
        return " (issued after the period?)" if key > span[1] else ""

    def brief(self, line: StatementLine) -> str:
        """The same, as few words as an offer's note takes: 'quoting EL-2025-00167, not
        among the invoices fetched'; "" where there is nothing to say."""
        told = []
        for text, invoice in self.quoted(line):
            if invoice is None:
                told.append(f"{text}, not among the invoices fetched")
            elif invoice.pool is Pool.NONE:
                named = self._told.get(invoice.invoice.key, invoice.invoice.label)
                told.append(f"{named}, {_what(invoice.invoice)} not matched")
        return f"quoting {'; '.join(told)}" if told else ""


def _text(line: StatementLine) -> str:
    """The line's text as ``StatementLine.text`` has it, upper-cased, without a
    generator per line."""
    return f"{line.description} {line.reference} {line.counterparty}".upper()


_ANY_GROUP = re.compile(r"[0-9]+|[^\W\d_]+")


def _unpadded(number: str) -> str:
    """A number's letter and digit groups joined, each digit group without its leading
    zeros: 'EL-2025-0189' and 'EL-2025-00189' are one number so read."""
    groups = _ANY_GROUP.findall(number.upper())
    return "".join((g.lstrip("0") or "0") if g[0] == "0" else g for g in groups)


def _form(shape: str) -> tuple[str, str] | None:
    """The letters a number shaped as ``shape`` ("EL-9999-99999") begins with, and the
    pattern of the rest of it; None where it has too few digits to tell a number from a
    word."""
    groups = _GROUPS.findall(shape)
    digits = sum(len(group) for group in groups if group[0] == "9")
    if len(groups) < 2 or digits < _MIN_DIGITS:
        return None
    parts = [rf"[0-9]{{{len(group)}}}" if group[0] == "9" else group for group in groups[1:]]
    return groups[0], _GAP + _GAP.join(parts)


def _what(invoice: Invoice) -> str:
    """'a draft': what the invoice is that nobody pays it (``Invoice.is_billed``)."""
    if invoice.document_type is DocumentType.UPCOMING:
        return "the preview of an upcoming invoice"
    if invoice.status is InvoiceStatus.DRAFT:
        # not the provider's status word: Elevate's draft says "NA", its bill run OPEN
        return "a draft"
    return f"an invoice of {invoice.gross.format()}"


def _unbilled(line: StatementLine, prepared: PreparedInvoice) -> str:
    """'quotes Elevate EL-2025-00190 and pays its £1,455.97 exactly, but that invoice
    is a draft: a draft is not issued, so no payment is matched to it (issued since?
    fetch the invoices again)'."""
    invoice = prepared.invoice
    exact = (
        not invoice.gross.is_zero()
        and line.currency in (None, invoice.currency)
        and line.amount * invoice.direction.expected_sign == invoice.gross.amount
    )
    pays = f" and pays its {invoice.gross.format()} exactly" if exact else ""
    quotes = f"quotes {invoice.provider} {invoice.label}{pays}, but that"
    what, again = _what(invoice), "(issued since? fetch the invoices again)"
    if invoice.document_type is DocumentType.UPCOMING:
        return f"{quotes} is {what}: not issued yet, so no payment is matched to it {again}"
    if invoice.status is InvoiceStatus.DRAFT:
        why = "a draft is not issued, so no payment is matched to it"
        return f"{quotes} invoice is {what}: {why} {again}"
    return f"{quotes} is {what}, which asks for no payment: none is matched to it"
