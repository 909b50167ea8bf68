"""One key for an account however a file writes it: the scope duplicates are looked for in.

Two export kinds of one bank may name one account differently: Nationwide's statement
export says "Foo current ****12345" (the nickname the holder gave it and the masked
number), its midata export "****12345". Were the account's text its scope, the overlap of
the two would not be recognised and importing both would add every shared line twice
(``dedup``). ``account_key`` gives the second the first's key without its product's name,
and ``dedup`` compares the lines of the two (``bare_key``); the statement keeps the text as
the file wrote it, for the accountant to read.

The rules join only what one account's files write differently and two accounts' do not:
spacing, case, leading zeros, separators, a mask's style. A masked number is the one
doubt: two accounts may end in the same digits. Nationwide's two exports show no more
than those digits, so they must be enough; a repeat also needs the same date, amount,
currency and text, which two accounts seldom share.

- An IBAN, with or without spaces, in any case: the IBAN in capitals without spaces.
  Its check digits must add up: an anonymised "DE00 0000 ..." is kept as a name, and a
  masked "DE89 XXXX XXXX 3000" as a masked number.
- A masked number ("****12345", "XXXX12345", "...12345", "0000 **** **** 0000"): "*" for
  each hidden run with the visible digits as written ("*12345", "0000*0000"); the mask's
  character and length differ between a bank's exports, so they are left out. At least
  four digits must show: fewer would join too many accounts. Words around it ("Foo
  current ****12345") name the account's product: they follow in brackets, in lower case
  and with single spaces ("*12345 (foo current)").
- A German bank code (BLZ) and account number, before and after a slash (MT940's
  "37040044/0532013000") or labelled ("BLZ 370 400 44 Konto 0532013000", the form
  ``statement_account`` gives a BLZ and Kontonummer found above a table): the IBAN they
  make ("DE89370400440532013000", ``german_account``), so they meet a file that names
  the IBAN. Only when both are valid: an eight-digit BLZ, an account number of at most
  ten digits.
- A number, with or without spaces, dots or dashes between its groups and with or
  without leading zeros (a spreadsheet drops them): its digits without leading zeros.
  Any other bank code before a slash ("50880050/0194787400888": twelve digits are no
  German account number) stays in the key, its account number without leading zeros.
- A UK sort code and account number ("12-34-56 12345678", "123456 12345678", the form
  ``statement_account`` gives a sort code read beside a number): the sort code's six
  digits, a space and the number without leading zeros ("123456 12345678"). The space
  keeps where the sort code ends, so the bare number is known (``bare_key``), however
  short the number is without its zeros ("00-11-22 00012345": "001122 12345"). Written as
  one run of digits ("12345612345678") it is a plain number: nothing says a sort code
  is in it.
- Any other text (a name: "Cash", "assets:bank:checking"): itself, with single spaces.
  Case is kept: hledger's account names are case-sensitive.

A masked number with a product's name, and the same number without one: two products of
one bank may show the same digits ("Foo current ****12345", "Foo savings ****12345"), and
the name is all that tells them apart. With different names they never meet, or an equal
movement on each would be held once and the other lost. Yet one export may leave the name
out (Nationwide's midata: "****12345"). Which way is safe when only one side names a
product? Giving the bare number one product's key would join it to that product only,
and dropping the names would join the two products again; keeping the bare number apart
from both would add every line of Nationwide's overlap twice, for a doubt its file cannot
settle. So the named side keeps its name and the bare number names the account less
closely, as a file that names no account does: its lines are compared with each
product's showing those digits and repeat one product's lines, never two products'
together (``dedup.repeatable``), and each product's lines are compared with the bare
number's. A bare line one product's line repeated is that product's from then on
(``dedup.claimed_scope``): the other product's equal movement is its own, not a second
copy of it. The doubt left is the unknown account's: a bare file's movement equal to one
of the other product's is taken for a repeat. Names are compared whole: a nickname the
holder changes ("Foo current" to "Bills current") keeps the two apart, and their overlap
shows as lines the accountant can see and remove, never as a movement lost.

A UK account number with its sort code, and the same number alone, are the same doubt.
The bare number was how this application read a Lloyds export's "Sort Code" and "Account
Number" columns, or a preamble's "Sort code 12-34-56 Account 12345678", until it learnt
to keep the sort code; a workspace holds such files' lines on the bare number's key.
Kept apart, the same bank's next download would add every line of the overlap twice.
One number at two branches is two accounts, so the bare number is handled as a bare
masked number is: it names the account less closely ("12345678" is the ``bare_key`` of
"123456 12345678"), its lines are compared with those of each sort code showing that
number and repeat one sort code's lines, never two sort codes' together, and two sort
codes never meet each other. The doubt left is the masked number's: a file naming only
the number, of another bank's account with that number, whose movement equals one of
the sort-code account's, would be taken for a repeat of it.

What is never joined, and why:

- Masked numbers named with different products' names ("Foo current ****12345" and "Foo
  savings ****12345"): the name is what tells two products of one bank apart.
- A masked number with any unmasked number or IBAN, even one ending in its digits.
  "****12345" could be "DE04 5001 0517 0000 0123 45" or another bank's "91012345": the
  mask hides the bank, and one masked number would be the same account as two accounts
  that are not the same as each other. Joining them would drop a real movement of one
  of those accounts as a "duplicate", silently; an overlap left unrecognised shows as
  an extra line the accountant can see and remove.
- Masked numbers that show different digits ("****2345" and "****12345"): the shorter
  could be another account's.
- A number with a bank code and the same number without it ("50880050/194787400888" and
  "194787400888"): the bare number is as likely another bank's account. A UK sort code
  is the exception below.
- Two sort codes with one account number ("11-11-11 12345678", "22-22-22 12345678"): a
  UK bank numbers accounts per branch.
- An IBAN and the domestic number inside it: a bank may map its numbers to IBANs by its
  own rules, so the number found in an IBAN is not always the account number. The other
  way round needs both parts: a German BLZ and account number make the account's IBAN
  by the standard rule, and where the bank has a rule of its own the IBAN built is not
  the one it gave, so the two stay apart (``german_account``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from desktop_app.statements.german_account import german_iban, labelled_german_iban, mod97
from desktop_app.statements.statement_account import IBAN, clean

UNKNOWN_ACCOUNT = ""  # the key of a statement that names no account

# Possessive runs: a failed match must not retry every way of splitting a run of digits.
_MASK = r"(?:[*•●]++|[Xx]{2,}+|\.{2,}+|…++)"
_GROUP = rf"(?:{_MASK}|[0-9]++)"
# A masked number: groups of digits and mask runs, maybe after an IBAN's country and check
# digits, standing apart from any word ("Account_****1234" counts, "Box1234" does not).
_MASKED = re.compile(
    rf"(?<![A-Za-z0-9])(?:[A-Za-z]{{2}}[0-9]{{2}}[ -]?)?{_GROUP}(?:[ -]?{_GROUP})*(?![A-Za-z0-9])"
)
_MASK_RUN = re.compile(rf"{_MASK}(?:[ -]?{_MASK})*")
_MIN_VISIBLE = 4  # digits a masked number must show to be a key of its own
_NUMBER = re.compile(r"[0-9]+(?:[ .\-][0-9]+)*(?:/[0-9]+(?:[ .\-][0-9]+)*)?")
_SEPARATORS = re.compile(r"[ .\-]")
_WORD = re.compile(r"[^\W_]+")  # a word of a product's name: letters and digits
_NAMED_MASK = re.compile(r"(\S+) \(([^()]+)\)")  # a masked number's key with its product
# A UK sort code (six digits, in pairs with dashes or not) and account number, one space
# between them: what ``statement_account`` gives, and the key of that account.
_SORT_CODE_NUMBER = re.compile(r"([0-9]{2})-?([0-9]{2})-?([0-9]{2}) ([0-9]{6,10})")
# The key that gives: without its leading zeros the number may be shorter than six digits
# ("00-11-22 00012345" is "001122 12345"), and a key must be its own key.
_SORT_CODE_KEY = re.compile(r"([0-9]{6}) ([1-9][0-9]{0,9}|0)")
# The key of a number that may be a UK account number without its sort code.
_BARE_NUMBER = re.compile(r"[1-9][0-9]{0,9}")


@lru_cache(maxsize=1024)  # asked once per line of a statement, of its few accounts
def account_key(account: str | None) -> str:
    """The key of the account ``account`` names (module docstring); ``UNKNOWN_ACCOUNT``
    for none. A key is its own key, so stored keys can be compared with new ones."""
    text = clean(account or "")
    if not text:
        return UNKNOWN_ACCOUNT
    return _numbered_key(text) or text


def is_account_name(account: str | None) -> bool:
    """Whether ``account`` names its account by words ('1200 Bank', 'Cash'), not by an
    IBAN, a bank code and number, a masked number ('Platinum ••••1234') or a number:
    its key is its own text. A ledger's export names its ledger account so, a bank's or
    card's statement its account by number (``ledger_view``)."""
    text = clean(account or "")
    return bool(text) and _numbered_key(text) is None


def _numbered_key(text: str) -> str | None:
    """The key of an account ``text`` (cleaned, not empty) names by a number of some
    kind (IBAN, German bank code and number, masked number, number); None for a name."""
    if IBAN.fullmatch(text) and _checks(text):
        return text
    german = labelled_german_iban(text)
    if german is not None:
        return german
    masked = _masked(text)
    if masked is not None:
        return masked
    sort_code = _SORT_CODE_NUMBER.fullmatch(text)
    if sort_code is not None:
        *code, number = sort_code.groups()
        return f"{''.join(code)} {number.lstrip('0') or '0'}"
    if _SORT_CODE_KEY.fullmatch(text):
        return text
    if _NUMBER.fullmatch(text):
        return _number(text)
    return None


def _checks(iban: str) -> bool:
    """Whether an IBAN's check digits add up (ISO 13616, mod 97): "DE89 XXXX XXXX 3000" has
    an IBAN's shape once its spaces are gone, but is a masked one."""
    return mod97(iban[4:] + iban[:4]) == 1


def _number(text: str) -> str:
    """A German bank code and account number before and after a slash (MT940's form): the
    IBAN they make; any other number, its digits without leading zeros, by part."""
    parts = [_SEPARATORS.sub("", part) for part in text.split("/")]
    german = german_iban(*parts) if len(parts) == 2 else None
    return german or "/".join(part.lstrip("0") or "0" for part in parts)


def _masked(text: str) -> str | None:
    """The key of the one masked number in ``text`` showing enough digits, if exactly one
    does (two would leave it unclear which is the account's), with the words around it
    as its product's name."""
    found = [
        match
        for match in _MASKED.finditer(text)
        if _MASK_RUN.search(match.group()) and _visible(match.group()) >= _MIN_VISIBLE
    ]
    if len(found) != 1:
        return None
    match = found[0]
    number = _MASK_RUN.sub("*", match.group()).replace(" ", "").replace("-", "").upper()
    words = f"{text[: match.start()]} {text[match.end() :]}".casefold()
    name = " ".join(_WORD.findall(words))
    return f"{number} ({name})" if name else number


def key_before_sort_codes(account: str | None) -> str:
    """The key workspace format 8 gave ``account``: a UK sort code and account number's
    was its digits in one run ("12345612345678"), which did not keep where the sort
    code ends; any other account's was its key today. ``workspace.migrations`` moves
    the lines stored under it to today's key."""
    text = clean(account or "")
    if _SORT_CODE_NUMBER.fullmatch(text) or _SORT_CODE_KEY.fullmatch(text):
        return _number(text)
    return account_key(account)


@lru_cache(maxsize=1024)  # called for every scope compared, with a handful of keys
def bare_key(key: str) -> str | None:
    """The key that names ``key``'s account less closely: a masked number's named with
    its product ("*12345 (foo current)") without the name ("*12345"); a UK account
    number's with its sort code ("123456 12345678") without it ("12345678"); None for
    any other key (``dedup`` compares the lines of the two)."""
    named = _NAMED_MASK.fullmatch(key)
    if named is not None and _masked(key) == key:
        return named.group(1)
    sort_code = _SORT_CODE_KEY.fullmatch(key)
    if sort_code is not None and account_key(key) == key:
        return sort_code.group(2)
    return None


@lru_cache(maxsize=1024)  # called for every scope compared, with a handful of keys
def is_bare_mask(key: str) -> bool:
    """Whether ``key`` is a masked number's without a product's name ("*12345"): the
    ``bare_key`` of every product showing those digits, which name its account more
    closely."""
    return _NAMED_MASK.fullmatch(key) is None and _masked(key) == key


@lru_cache(maxsize=1024)  # called for every scope compared, with a handful of keys
def names_less_closely(key: str) -> bool:
    """Whether ``key`` may be the ``bare_key`` of keys that name its account more
    closely: a masked number's without a product's name ("*12345"), or a number that may
    be a UK account number without its sort code ("12345678": at most ten digits)."""
    return is_bare_mask(key) or _BARE_NUMBER.fullmatch(key) is not None


def _visible(masked: str) -> int:
    return sum(character.isdigit() for character in _MASK_RUN.sub("", masked))
