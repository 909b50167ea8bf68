"""Statements of one date ordered by their balances (``balance_order.chained``), the one
rule the bank formats' pages and continuity's files of one day share."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest

from desktop_app.statements.balance_order import chained

Page = tuple[str, Decimal | None, Decimal | None]  # name, opening, closing


def _order(*pages: Page) -> list[str] | None:
    found = chained(pages, lambda page: page[1], lambda page: page[2])
    return None if found is None else [name for name, _, _ in found]


def _page(name: str, opening: str | None, closing: str | None) -> Page:
    return (
        name,
        None if opening is None else Decimal(opening),
        None if closing is None else Decimal(closing),
    )


MORNING, NOON, EVENING = _page("am", "10", "20"), _page("noon", "20", "35"), _page("pm", "35", "5")


@pytest.mark.parametrize("held", list(itertools.permutations((MORNING, NOON, EVENING))))
def test_one_chain_is_found_whatever_order_the_pages_are_held_in(held: tuple[Page, ...]) -> None:
    assert _order(*held) == ["am", "noon", "pm"]


@pytest.mark.parametrize(
    "pages",
    [
        (MORNING,),  # nothing to order
        (MORNING, _page("noon", None, "35")),  # a balance not stated
        (MORNING, _page("again", "10", "30")),  # two open at one balance
        (_page("a", "1", "2"), _page("b", "2", "1")),  # a circle: no single start
        (MORNING, _page("other", "50", "60")),  # two chains, not one
    ],
)
def test_no_order_is_guessed_where_the_balances_do_not_give_exactly_one(
    pages: tuple[Page, ...],
) -> None:
    assert _order(*pages) is None
