"""What a column header says about the column, in the languages of our users' banks.

English, German, French, Dutch, Spanish and Italian (plus the Swedish of Handelsbanken)
header words, folded to lower case without accents. Rules are tried in order, most
specific first: "Saldo nach Buchung" is a balance before it is a booking, "Valutadatum" a
value date before "Valuta" (a currency in Dutch and Italian) is anything. A header only
*suggests* a role; the column's content must agree (see ``roles``).
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass


class Hint(enum.Enum):
    BOOKING_DATE = "booking date"
    TRANSACTION_DATE = "transaction date"
    DATE = "date"
    VALUE_DATE = "value date"
    AMOUNT = "amount"
    DEBIT = "debit"
    CREDIT = "credit"
    INDICATOR = "debit/credit indicator"
    BALANCE = "balance"
    CURRENCY = "currency"
    DESCRIPTION = "description"
    COUNTERPARTY = "counterparty"
    REFERENCE = "reference"
    TYPE = "transaction type"
    FEE = "fee"
    NOT_MONEY = "quantity, price or rate"
    DETAIL = "secondary description"
    ACCOUNT = "account"
    IGNORED = "other"


class Qualifier(enum.Enum):
    NET = "net"
    GROSS = "gross"
    PLAIN = "plain"


@dataclass(frozen=True, slots=True)
class HeaderHint:
    hint: Hint
    qualifier: Qualifier = Qualifier.PLAIN
    language: str | None = None
    word: str = ""


def fold(text: str) -> str:
    """Lower case, accents removed, punctuation as spaces: 'Währung (€)' -> 'wahrung'."""
    if text.isascii():  # no accents, no ß: the Unicode steps change nothing (a quarter the time)
        return " ".join(_NON_WORD.sub(" ", text.lower()).split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = plain.replace("ß", "ss")
    return " ".join(_NON_WORD.sub(" ", plain).split())


_NON_WORD = re.compile(r"[^0-9a-z]+")


# The words (folded) of either side of a posting, by language: the book-keeping words,
# which say nothing of whose money moved (a bank's statement means money out by a debit,
# the holder's own books money in: ``ledger_view``), and the words that do say so ('Paid
# out', 'Eingang'). Both head a debit or a credit column (``_SIDE_RULES``); only the
# book-keeping words alone can head a ledger's (``BOOKKEEPING_WORDS``). French writes
# the English words ('Débit', 'Crédit' fold to them).
_SIDE_WORDS: tuple[tuple[str, Hint, tuple[str, ...], tuple[str, ...]], ...] = (
    # (language, side, book-keeping words, words of whose money moved)
    ("de", Hint.DEBIT, ("soll",), ("ausgang", "ausgaben", "belastung")),
    ("de", Hint.CREDIT, ("haben",), ("eingang", "einnahmen")),
    (
        "en",
        Hint.DEBIT,
        ("debit", "debits"),
        ("withdrawal", "withdrawals", "paid out", "money out", "outflow", "payments", "spent"),
    ),
    (
        "en",
        Hint.CREDIT,
        ("credit", "credits"),
        ("deposit", "deposits", "paid in", "money in", "inflow", "received"),
    ),
    ("nl", Hint.DEBIT, ("debet",), ("af",)),
    ("nl", Hint.CREDIT, (), ("bij",)),  # its book-keeping 'credit' is the English word
    ("es", Hint.DEBIT, ("debito", "debe"), ("cargo", "cargos")),
    ("es", Hint.CREDIT, ("credito", "haber"), ("abono", "abonos")),
    ("it", Hint.DEBIT, ("dare",), ("uscite", "addebiti", "addebito")),
    ("it", Hint.CREDIT, ("avere",), ("entrate", "accrediti", "accredito")),
)
_SIDE_RULES: tuple[tuple[str, Hint, str | None], ...] = tuple(
    (rf"\b({'|'.join((*bookkeeping, *flow))})\b", side, language)
    for language, side, bookkeeping, flow in _SIDE_WORDS
)
# Per side (``Hint.DEBIT``, ``Hint.CREDIT``), the book-keeping words of every language.
BOOKKEEPING_WORDS: dict[Hint, frozenset[str]] = {
    side: frozenset(word for _, of, words, _ in _SIDE_WORDS if of is side for word in words)
    for side in (Hint.DEBIT, Hint.CREDIT)
}
# Every word (folded) of either side in every language, book-keeping or not: what a row
# totalling one side calls it ('Summe Haben', 'Totaal af', 'Total paid out').
SIDE_WORDS: frozenset[str] = frozenset(
    word for _, _, bookkeeping, flow in _SIDE_WORDS for word in (*bookkeeping, *flow)
)

# The words (folded) by which the holder's books name themselves above their table or in
# their sheet's name, by language: a ledger, a journal, an audit trail. A bank names its
# file a statement, its transactions, its account; none of these (its "ledger balance" is
# its booked balance, and is no name of the file: ``ledger_view``); nor "Account
# Transactions", Xero's title but a bank's download's too. With a debit and
# credit pair headed with the book-keeping words, they say the debits are money in.
_BOOKS_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "en",
        (
            "audit trail",
            "ledger",
            "general ledger",
            "nominal",
            "nominal ledger",
            "journal",
            "day book",
            "cash book",
        ),
    ),
    ("de", ("hauptbuch", "sachkonto", "sachkonten", "kontenblatt", "buchungsjournal", "journal")),
    ("fr", ("grand livre", "journal")),
    ("nl", ("grootboek", "grootboekrekening", "grootboekkaart", "dagboek")),
    ("es", ("libro mayor", "libro diario")),
    ("it", ("libro mastro", "mastrino", "libro giornale", "prima nota")),
)
BOOKS_WORDS: frozenset[str] = frozenset(word for _, words in _BOOKS_WORDS for word in words)

# (pattern, hint, language). Patterns are regular expressions on the folded header,
# matched anywhere unless anchored; \b marks word edges.
_RULES: tuple[tuple[str, Hint, str | None], ...] = (
    (r"\b(e ?mail|zeitzone|time ?zone|zona horaria|uhrzeit|hora|time)\b", Hint.IGNORED, None),
    (
        r"auswirkung auf guthaben|soll haben kennzeichen|\baf bij\b|creditdebet|credit debet|debit credit indicator|\bcd indicator\b|\bdc\b|\bd c\b|\bs h\b|\bcr dr\b",
        Hint.INDICATOR,
        None,
    ),
    (r"saldo|balance|solde|kontostand|guthaben|\bbalans\b", Hint.BALANCE, None),
    (
        r"valutadatum|valuta datum|data valuta|date de valeur|date valeur|fecha valor|value ?date|wertstellung|^wert$|settlement date|^settlement$|rentedatum|valutadag",
        Hint.VALUE_DATE,
        None,
    ),
    (
        r"valutacode|wahrung|waehrung|currency|devise|divisa|moneda|\bmunt\b|\bwkz\b|commodity|\bccy\b|^valuta$",
        Hint.CURRENCY,
        None,
    ),
    (
        r"\b(fee|fees|gebuhr|gebuhren|gebuehr|commission|comision|commissione|frais|kosten|skonto|markup|interchange)\b",
        Hint.FEE,
        None,
    ),
    (
        r"\b(quantity|qty|anzahl|menge|price|preis|kurs|rate|prix|prezzo|precio|koers|aantal|cantidad|quantita|units|shares|steuer|tax|impuesto|interest|zins|percent|basis umsatz|converted|exchange)\b",
        Hint.NOT_MONEY,
        None,
    ),
    (
        r"\b(iban|bic|blz|swift|sort code|kontonummer|rekeningnummer|tegenrekeningnummer|account number|card number|numero carta|konto|rekening|tegenrekening)\b|auftragskonto|gegenkonto|company account|merchant account|glaubiger|glaeubiger|creditor id|incassant|intestatario|cuenta|\bcorreo\b",
        Hint.ACCOUNT,
        None,
    ),
    (
        r"tegenrekeninghouder|auftraggeber|empfanger|zahlungspflichtige|begunstigter|beguenstigter|zahlungsbeteiligter|\bpayee\b|\bpayer\b|\bmerchant$|^from$|^to$|counterparty|\bnaam\b|beneficiaire|beneficiario|ordenante|destinatario|\bname\b|\bnombre\b|\bnom\b|intestatario",
        Hint.COUNTERPARTY,
        None,
    ),
    (r"\bdebit\b.*\bcredit\b|\bcredit\b.*\bdebit\b|\bsoll\b.*\bhaben\b", Hint.AMOUNT, None),
    *_SIDE_RULES,
    (r"\b(netto|net|neto)\b", Hint.AMOUNT, None),
    (r"\b(brutto|gross|bruto|lordo)\b", Hint.AMOUNT, None),
    (r"betrag|\bumsatz\b", Hint.AMOUNT, "de"),
    (r"\bamount\b|\bvalue\b", Hint.AMOUNT, "en"),
    (r"\bmontant\b", Hint.AMOUNT, "fr"),
    (r"\bbedrag\b", Hint.AMOUNT, "nl"),
    (r"\bimporte\b", Hint.AMOUNT, "es"),
    (r"\bimporto\b", Hint.AMOUNT, "it"),
    (r"\bbelopp\b", Hint.AMOUNT, "sv"),
    (
        r"buchungstag|buchungsdatum|^buchung$|boekdatum|boekingsdatum|booking date|posting date|\bposted\b|date processed|completed date|reskontradatum|fecha contable|data contabile|data registrazione|date comptable|date de comptabilisation",
        Hint.BOOKING_DATE,
        None,
    ),
    (
        r"transaktionsdatum|transactiedatum|transaction date|trade date|data operazione|fecha operacion|fecha de operacion|date operation|date d operation|started date|run date|belegdatum|creation date|datetime|date time",
        Hint.TRANSACTION_DATE,
        None,
    ),
    (r"\b(datum|date|fecha|data|dato)\b", Hint.DATE, None),
    (r"buchungstext|umsatztext|security description", Hint.DETAIL, None),
    (
        r"verwendungszweck|description|omschrijving|mededelingen|libelle|\blabel\b|descripcion|concepto|descrizione|causale|\bmemo\b|\bdetail\b|narrative|particulars|\bpurpose\b|\btext\b|\btransactions\b|\baction\b|betreff|hinweis|bemerkung|\bnotes?\b",
        Hint.DESCRIPTION,
        None,
    ),
    (
        r"referenz|reference|\bref\b|referentie|kenmerk|riferimento|referencia|belegfeld 1|belegnummer|rechnungsnummer|invoice|check|cheque|transaction id|transaktionscode|id de transaccion|id de factura|operation number|numero operazione|\bid\b",
        Hint.REFERENCE,
        None,
    ),
    (
        r"umsatzart|buchungsart|transaction type|\btype\b|\btyp\b|\btipo\b|mutatiesoort|\bcode\b|betaalwijze|\bstatus\b|\bstato\b|\bstate\b|\binfo\b|\bproduct\b|\bdetails\b",
        Hint.TYPE,
        None,
    ),
)
_COMPILED = tuple((re.compile(pattern), hint, language) for pattern, hint, language in _RULES)
_NET = re.compile(r"\b(netto|net|neto)\b")
_GROSS = re.compile(r"\b(brutto|gross|bruto|lordo)\b")
_LANGUAGE_WORDS = {
    "de": "buchung betrag datum wahrung waehrung verwendungszweck wertstellung kontostand saldo soll haben umsatz valutadatum auftraggeber empfanger gebuhr brutto netto",
    "nl": "bedrag datum omschrijving mededelingen rekening tegenrekening boekdatum valutadatum naam mutatiesoort transactiedatum",
    "fr": "montant libelle devise solde debit credit valeur operation",
    "es": "fecha importe concepto descripcion divisa saldo bruto neto comision",
    "it": "data importo descrizione entrate uscite valuta causale saldo operazione registrazione",
    "sv": "belopp saldo reskontradatum transaktionsdatum text",
    "en": "date amount description balance debit credit reference payee memo transaction",
}
LANGUAGE_OF_WORD: dict[str, str] = {
    word: language for language, words in _LANGUAGE_WORDS.items() for word in words.split()
}
DAY_FIRST_LANGUAGES = frozenset({"de", "nl", "fr", "es", "it"})


def classify_header(text: str) -> HeaderHint:
    folded = fold(text)
    if not folded:
        return HeaderHint(Hint.IGNORED)
    for pattern, hint, language in _COMPILED:
        match = pattern.search(folded)
        if match is not None:
            return HeaderHint(hint, _qualifier(folded), language, match.group(0))
    return HeaderHint(Hint.IGNORED)


def _qualifier(folded: str) -> Qualifier:
    if _NET.search(folded):
        return Qualifier.NET
    if _GROSS.search(folded):
        return Qualifier.GROSS
    return Qualifier.PLAIN


def header_languages(headers: list[str]) -> dict[str, int]:
    """How many header words point to each language (a weak hint for the date order)."""
    counts: dict[str, int] = {}
    for header in headers:
        for word in fold(header).split():
            language = LANGUAGE_OF_WORD.get(word)
            if language is not None:
                counts[language] = counts.get(language, 0) + 1
    return counts
