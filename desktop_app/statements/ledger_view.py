"""Whether a debit and credit pair is a ledger's view of the bank account: debit money in.

A bank writes a current account's debit as money out, and its running balance falls by
each debit. A bookkeeping program's export of the bank account's ledger (Sage's nominal
activity, a general ledger's account) is the holder's own books, where the bank is an
asset: a debit is money in, and the balance rises by it. Read with a bank's signs, such a
file adds up only with its balance column read against its dates (``balance._MIRROR``),
and every receipt becomes money out.

A card issuer's statement of a balance owed rises by each purchase (a debit) too, and
there the bank's signs are right: the numbers cannot tell the two apart. What can is
what the file says of itself: a ledger names its ledger account ('1200 Bank', under
'Account' or 'Nominal') or carries book-keeping columns a statement has none of ('Split',
'Contra account', 'T/C', or Xero's 'Source' naming each line's transaction in the books:
'Receive Money', 'Payable Payment') or names itself the books above its table or in its
sheet's name ('Audit Trail', 'Nominal Ledger', 'Bank account 1200', 'Grootboek':
``books_title``), and it heads its money columns with the book-keeping words alone
('Debit', 'Credit'), never with whose money moved ('Paid in', 'Money out'). Only where it
says so are its signs read as a ledger's (``ledger_evidence``, ``books_title``), and only
where its balance says they run so; elsewhere the signs detected stand, as they do for a
card.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from desktop_app.domain import StatementLine
from desktop_app.statements.account_key import is_account_name
from desktop_app.statements.grid import Sheet, cell_text
from desktop_app.statements.header_words import BOOKKEEPING_WORDS, BOOKS_WORDS, Hint, fold

# Headers (folded) of a column naming the ledger account the export lists.
_LEDGER_ACCOUNT_HEADERS = frozenset(
    {
        "account",
        "account code",
        "account name",
        "nominal",
        "nominal code",
        "nominal account",
        "n c",
        "gl account",
        "gl code",
        "ledger account",
        # Dutch (Exact, Twinfield): the general ledger account
        "grootboekrekening",
        "grootboek",
        "grootboekrek",
    }
)
# Headers (folded) of columns only a book-keeping export has: the other side of each
# posting, its journal, its tax code.
_BOOKKEEPING_HEADERS = frozenset(
    {"split", "contra", "contra account", "journal", "journal no", "t c", "tax code", "dagboek"}
)


def _side_words(side: Hint) -> re.Pattern[str]:
    """A header (folded) of one side's book-keeping words, in every language the header
    words know (``header_words.BOOKKEEPING_WORDS``), which say nothing of whose money
    moved; a currency code or "amount" may follow them."""
    words = "|".join(sorted(BOOKKEEPING_WORDS[side], key=len, reverse=True))
    return re.compile(rf"({words})( amount)?( [a-z]{{3}})?")


_DEBIT_WORDS = _side_words(Hint.DEBIT)
_CREDIT_WORDS = _side_words(Hint.CREDIT)
# A ledger account's name has a word in it ('1200 Bank'), which a number has not.
_NAME_WORD = re.compile(r"[^\W\d_]{2}")
# Xero's 'Source' column names each line's transaction in the books: an invoice, the
# payment of one, a journal, a credit note, or one of Xero's own bank transactions
# ('Receive Money', 'Spend Money'). A bank's statement names no such thing (its type
# column says 'Direct Debit', 'Card Payment', 'Transfer'), so a column of them is the
# books' (folded cells, whole).
_SOURCE_HEADERS = frozenset({"source", "source type"})
_BOOK_SOURCE = re.compile(
    r"(receivable|payable|accounts receivable|accounts payable)"
    r" (invoice|payment|credit note|overpayment|prepayment)( payment| refund)?"
    r"|(receive|spend) money( overpayment| prepayment)?"
    r"|manual journal|expense claim( payment)?"
)
# A source a bank's own type column may write too: allowed among the books', never
# enough alone.
_SHARED_SOURCE = frozenset({"bank transfer"})
# The books' names of themselves (``header_words.BOOKS_WORDS``), whole words of a folded
# text, but for a bank's "ledger balance" (its booked balance, which it may state above its
# table), and the multi-word headers of a ledger account's column that say the books
# ('Nominal Account', 'GL Account'), which name it in a title too; not 'Account Name' or
# 'N/C' alone, which a bank's preamble writes too ('Account Name : Account Owner').
_BOOKS_TITLE = re.compile(
    r"\b("
    + "|".join(
        sorted(
            BOOKS_WORDS
            | {
                header
                for header in _LEDGER_ACCOUNT_HEADERS
                if " " in header and not header.startswith(("account", "n "))
            },
            key=len,
            reverse=True,
        )
    )
    + r")\b(?! balance)"
)
# A ledger account by its nominal code, as Sage titles its report of one: 'Bank account
# 1200', 'Nominal 1200'. Four digits alone, after a space or a colon: a bank's account
# number is longer, and its last four digits come after a mask ('****1234'), not so.
_NOMINAL_CODE = re.compile(r"\b(bank account|nominal code|nominal|n/c)[ :]+(\d{4})(?![\w*])", re.I)
# Words (folded) of an account whose balance is owed, which a card issuer's or lender's
# statement names under 'Account' ('Rewards Credit Card'): its debits are money out.
_OWED_WORDS = re.compile(r"\b(card|visa|mastercard|amex|credit|loan|mortgage)\b")


def bookkeeping_pair(debit_header: str, credit_header: str) -> bool:
    """Whether the debit and credit columns are headed with the book-keeping words alone,
    which mean money out in a bank's statement and money in in the holder's ledger."""
    return bool(
        _DEBIT_WORDS.fullmatch(fold(debit_header)) and _CREDIT_WORDS.fullmatch(fold(credit_header))
    )


def ledger_evidence(columns: Sequence[str], lines: Sequence[StatementLine]) -> str | None:
    """What shows the file is a ledger's export, as the evidence says it; None where
    nothing does. A column naming one ledger account on every line (a name, not a masked
    card number nor a card's or loan's name: 'Account' is also a card export's header),
    or a column of book-keeping: by its header, or Xero's 'Source' by its cells."""
    folded = [fold(name) for name in columns]
    for index, header in enumerate(folded):
        if header in _BOOKKEEPING_HEADERS:
            return f"column '{columns[index].strip()}' is a ledger's"
        if header in _SOURCE_HEADERS:
            sources = _book_sources(index, lines)
            if sources:
                quoted = ", ".join(f"'{source}'" for source in sources[:2])
                return (
                    f"column '{columns[index].strip()}' names book-keeping transactions ({quoted})"
                )
            continue
        if header not in _LEDGER_ACCOUNT_HEADERS:
            continue
        cells = {line.raw[index].strip() if index < len(line.raw) else "" for line in lines}
        if len(cells) != 1:
            continue
        (account,) = cells
        # A masked card number ('Platinum ••••1234'), an IBAN or a number is named as
        # ``account_key`` reads it: by number, as a statement names its account.
        named = is_account_name(account) and _NAME_WORD.search(account)
        if named and not _OWED_WORDS.search(fold(account)):
            return f"column '{columns[index].strip()}' names the ledger account '{account}'"
    return None


def _book_sources(index: int, lines: Sequence[StatementLine]) -> list[str]:
    """The transaction types of a 'Source' column (column ``index``) as written, where
    every line's is one of the books' (``_BOOK_SOURCE``) and one at least is not also
    a bank's (``_SHARED_SOURCE``); else none: a column of anything else, or of bank
    transfers alone, says nothing of whose books these are."""
    written = dict.fromkeys(
        line.raw[index].strip() if index < len(line.raw) else "" for line in lines
    )
    folded = {fold(text) for text in written}
    if not all(text in _SHARED_SOURCE or _BOOK_SOURCE.fullmatch(text) for text in folded):
        return []
    if folded <= _SHARED_SOURCE:
        return []
    return [text for text in written if fold(text) not in _SHARED_SOURCE]


def books_title(sheet: Sheet, header_row: int) -> str | None:
    """What names the file the holder's books, above its table (the rows before
    ``header_row``, as the file numbers them) or as its sheet's name, as the evidence says
    it; None where nothing does. Sage's 'Audit Trail', a 'Nominal Ledger' report's title,
    'Bank account 1200' (a nominal code), 'Grootboek': a bank's statement calls itself
    none of these, so they are as much a ledger's evidence as its 'Account' column."""
    if sheet.name and _BOOKS_TITLE.search(fold(sheet.name)):
        return f"the sheet's name '{sheet.name.strip()}' names the books"
    for row, number in zip(sheet.rows, sheet.row_numbers, strict=False):
        if number >= header_row:
            break
        for cell in row:
            text = " ".join(cell_text(cell).split())
            if text and (_BOOKS_TITLE.search(fold(text)) or _NOMINAL_CODE.search(text)):
                return f"row {number} above the table, '{text}', names the books"
    return None
