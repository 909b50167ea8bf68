"""Column roles set by a mapping (the accountant's corrections), resolved against the header.

A mapping names the balance column, not which way it runs: banks list newest-first as often
as oldest-first, so the reading is fitted to the data as a detected balance's is, and the
evidence says which was taken.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from desktop_app.statements import amount_roles
from desktop_app.statements.amount_roles import AmountRoles, GivenMarks, Values
from desktop_app.statements.idle_rows import movement_fit
from desktop_app.statements.layout import TEXT_ROLES, AmountStyle
from desktop_app.statements.mapping import ColumnRef, Mapping, MappingError, resolve_column
from desktop_app.statements.roles import ColumnView, RowCurrencies


def mapped_column(mapping: Mapping, role: str, headers: list[str]) -> int | None:
    ref = mapping.columns.get(role)
    if ref is None or isinstance(ref, list):
        return None
    return resolve_column(ref, headers)


def mapped_columns(mapping: Mapping, role: str, headers: list[str]) -> tuple[int, ...]:
    ref = mapping.columns.get(role)
    if ref is None:
        return ()
    refs = ref if isinstance(ref, list) else [ref]
    return tuple(resolve_column(item, headers) for item in refs)


def mapped_signs(mapping: Mapping) -> amount_roles.Signs:
    """The mapping's debit/credit marks and their signs, as a layout keeps them."""
    given = mapping.indicator_signs or {}
    return tuple(sorted((token.casefold(), sign) for token, sign in given.items()))


def marked_column(views: Sequence[ColumnView], mapping: Mapping) -> int:
    """The one column written in the mapping's debit/credit marks, for ``indicator_signs``
    given without naming their column: the marks say which column they are in, and a
    mapping that says how money is signed is never left unused."""
    marks = {token.casefold() for token in mapping.indicator_signs or {}}
    holding = [
        view.index
        for view in views
        if view.stats.tokens
        and {token.casefold() for token in view.stats.tokens if token.strip()} <= marks
    ]
    if len(holding) != 1:
        where = "no column holds" if not holding else "more than one column holds"
        raise MappingError(
            f"{where} the indicator_signs marks ({', '.join(sorted(marks))}); "
            "name the indicator column in 'columns'"
        )
    return holding[0]


def given_marks(views: Sequence[ColumnView], mapping: Mapping, indicator: int | None) -> GivenMarks:
    """The debit/credit marks of a mapping that leaves the amount to detection: its
    ``indicator`` column, else the one column its ``indicator_signs`` are written in, with
    those signs (none: they are read off the column)."""
    signs = mapped_signs(mapping)
    if indicator is None:
        column, column_by = marked_column(views, mapping), "the one holding the mapping's marks"
    else:
        column, column_by = indicator, mapping.set_by
    return GivenMarks(views[column], signs, column_by, mapping.set_by if signs else None)


def unmarked(indicator: int) -> MappingError:
    """The refusal of an indicator column whose cells are no debit/credit marks."""
    return MappingError(
        f"column {indicator + 1} does not hold debit/credit marks; give indicator_signs"
    )


def ignored_columns(mapping: Mapping, headers: list[str]) -> frozenset[int]:
    """The columns the mapping says are nothing (``Mapping.ignore``), once the mapping is
    checked to give each column one thing: refused when it gives one column two roles it
    cannot hold at once (the amount and the debit) or ignores a column it gives a role.
    One of the two would be silently dropped, and which the accountant meant only the
    accountant can say.

    One check, so whatever reads a mapping's columns (a file with movements or a quiet
    month's header) refuses the same mappings, each column named in it looked up once.
    A mapping wrong twice over is told what it was when these were two checks: first
    the single roles' columns (each its own), then the ignored ones, then the text roles'.
    """
    claims: dict[str, tuple[tuple[int, ColumnRef], ...]] = {}
    holder: dict[int, str] = {}
    for role in mapping.columns:
        if role in TEXT_ROLES:
            continue  # text roles may join several columns, and share them
        claims[role] = _given_columns(mapping, role, headers)
        for column, given in claims[role]:
            other = holder.setdefault(column, role)
            if other != role and frozenset({other, role}) not in _SHARED_ROLES:
                raise MappingError(
                    f"{named_column(headers, column, given)} is given as both the {other} "
                    f"and the {role}; give each role its own column"
                )
    ignored = frozenset(resolve_column(ref, headers) for ref in mapping.ignore)
    for role in mapping.columns:
        columns = claims[role] if role in claims else _given_columns(mapping, role, headers)
        for column, given in sorted(columns, key=lambda claim: claim[0]):
            if column in ignored:
                raise MappingError(
                    f"{named_column(headers, column, given)} is both ignored and the {role}; "
                    "take it out of 'ignore' or out of 'columns'"
                )
    return ignored


def _given_columns(
    mapping: Mapping, role: str, headers: list[str]
) -> tuple[tuple[int, ColumnRef], ...]:
    """The columns the mapping gives ``role``, each with the reference it was given by."""
    ref = mapping.columns.get(role)
    refs = [] if ref is None else ref if isinstance(ref, list) else [ref]
    return tuple((resolve_column(item, headers), item) for item in refs)


def named_column(headers: list[str], column: int, given: ColumnRef) -> str:
    """The column as a refusal names it: by its header ("column 'Bedrag'"), or as the
    mapping gave it where it has none ("column 3", "column C"): a header-less file, or a
    quiet month's whose header was not found, has no name to quote, and "column 'column
    3'" is not what the accountant wrote. A column detection chose has no reference of
    the mapping's: ``given`` is then its number, as the wizard and the evidence count."""
    label = headers[column].strip() if column < len(headers) else ""
    return f"column '{label}'" if label else f"column {str(given).strip()}"


# Roles one column may hold together: a file whose booking and value dates are one column.
_SHARED_ROLES = frozenset({frozenset({"date", "value_date"})})


def mapped_amounts(
    views: list[ColumnView],
    mapped: dict[str, int | None],
    mapping: Mapping,
    ledger: bool,
    values: Values,
    currencies: RowCurrencies | None = None,
) -> AmountRoles:
    roles = _mapped_money(views, mapped, mapping, ledger)
    balance = mapped["balance"]
    if balance is None:
        return roles
    return with_mapped_balance(roles, balance, views, values, mapping.set_by, currencies)


def _mapped_money(
    views: list[ColumnView], mapped: dict[str, int | None], mapping: Mapping, ledger: bool
) -> AmountRoles:
    amount = mapped["amount"]
    if amount is None:
        return AmountRoles(
            AmountStyle.DEBIT_CREDIT,
            debit=mapped["debit"],
            credit=mapped["credit"],
            evidence=(f"debit and credit: {mapping.set_by}",),
        )
    indicator = mapped["indicator"]
    if indicator is None and not mapping.indicator_signs:
        return AmountRoles(
            AmountStyle.SIGNED, amount=amount, evidence=(f"amount: {mapping.set_by}",)
        )
    # The marks sign the named amount as they sign one detection finds. Signs given
    # without their column find it by their marks; dropped, every debit came in as money
    # received.
    given = given_marks(views, mapping, indicator)
    said = f"amount and indicator: {mapping.set_by}"
    if indicator is None:
        found = f"{given.column.called} ({given.column_by})"
        said = f"amount: {mapping.set_by}; indicator: {found}"
    unsigned = AmountRoles(AmountStyle.SIGNED, amount=amount)
    roles = amount_roles.with_given_marks(views, unsigned, given, None, ledger, said)
    if roles.indicator is None:
        raise unmarked(given.column.index)
    return roles


def with_mapped_balance(
    roles: AmountRoles,
    balance: int,
    views: list[ColumnView],
    values: Values,
    set_by: str,
    currencies: RowCurrencies | None = None,
) -> AmountRoles:
    """``roles`` with the mapping's balance column, read the way most of its steps run
    over the movements alone (a balance row moves nothing: ``movement_fit``; on a tie, the
    reading with fewest broken steps, then the usual one, balance after each row oldest
    first). What detection said of a balance column gives way to it, and a chain that
    breaks under every reading is still used, its breaks reported, as the mapping asks.
    Rows of several ``currencies`` are fitted per currency, each balance its own chain."""
    amounts = amount_roles.signed_for_fit(views, views, roles, values)
    fit = movement_fit(views, currencies)(amounts, values(views[balance]))
    text = f"balance: {views[balance].called} {set_by} ({fit.described()})"
    detected = tuple(line for line in roles.evidence if not line.startswith("balance:"))
    return replace(
        roles,
        balance=balance,
        chain=fit.chain,
        chain_holds=fit.holds,
        chain_fit=fit,
        evidence=(*detected, text),
        unused_balance=None,
    )
