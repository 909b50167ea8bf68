"""Column roles set by a mapping (the accountant's corrections), resolved against the header."""

from __future__ import annotations

from dataclasses import replace

from desktop_app.statements import amount_roles
from desktop_app.statements.amount_roles import AmountRoles
from desktop_app.statements.balance import Chain
from desktop_app.statements.layout import AmountStyle
from desktop_app.statements.mapping import Mapping, MappingError, resolve_column
from desktop_app.statements.roles import ColumnView


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


def mapped_amounts(
    views: list[ColumnView], mapped: dict[str, int | None], mapping: Mapping, ledger: bool
) -> AmountRoles:
    balance = mapped["balance"]
    chain = Chain.AFTER_OLDEST_FIRST if balance is not None else None
    if mapped["amount"] is not None:
        indicator = mapped["indicator"]
        if indicator is None:
            return AmountRoles(
                AmountStyle.SIGNED,
                amount=mapped["amount"],
                balance=balance,
                chain=chain,
                evidence=("amount: set by the mapping",),
            )
        signs = tuple(
            sorted(
                (token.casefold(), sign) for token, sign in (mapping.indicator_signs or {}).items()
            )
        )
        signs = signs or amount_roles.indicator_signs(views[indicator], ledger)
        if not signs:
            raise MappingError(
                f"column {indicator + 1} does not hold debit/credit marks; give indicator_signs"
            )
        return AmountRoles(
            AmountStyle.INDICATOR,
            amount=mapped["amount"],
            indicator=indicator,
            indicator_signs=signs,
            balance=balance,
            chain=chain,
            evidence=("amount and indicator: set by the mapping",),
        )
    return AmountRoles(
        AmountStyle.DEBIT_CREDIT,
        debit=mapped["debit"],
        credit=mapped["credit"],
        balance=balance,
        chain=chain,
        evidence=("debit and credit: set by the mapping",),
    )


def with_mapped_balance(roles: AmountRoles, balance: int) -> AmountRoles:
    return replace(roles, balance=balance, chain=roles.chain or Chain.AFTER_OLDEST_FIRST)
