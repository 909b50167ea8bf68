"""A kept decision's invoice the workspace never held, named in the window.

A decision kept for an invoice its provider no longer returns (``matching.decisions.Kept``)
may name another invoice no store holds: the run names that one by its id, all that is
known (``Reconciliation.kept``), and the window cuts the name as it cuts every long
identifier in running text (``formatting.short``): in Flagged decisions' list of kept
decisions (``review_flags.kept_decisions``) and in the refusal of a match by hand of a
line it holds. Versori knows an invoice by its hosted link. Cut to its first 39
characters, every link of one Stripe account read "https://invoice.stripe.com/i/acct_1N…",
so two kept decisions could not be told apart. The cut keeps the start, and the end of
the link's path, which is the invoice's own; the same link is always cut alike.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from desktop_app.domain import Decision, DecisionKind, Invoice, InvoiceKey
from desktop_app.matching import reconcile
from desktop_app.ui.formatting import SHORT_LIMIT, short
from desktop_app.ui.review import kept_holds
from desktop_app.ui.review_flags import ReviewFlags, kept_decisions
from tests.matching.builders import invoice, line

ACCOUNT = "https://invoice.stripe.com/i/acct_1Nv0FGQ9RKHgCVdK"
LINKS = (
    f"{ACCOUNT}/live_YWNjdF8xTnYwRkdROVJLSGdDVmRLLF9QVkx2TWZ0bGN4c3pKcWQ0?s=ap",
    f"{ACCOUNT}/live_YWNjdF8xTnYwRkdROVJLSGdDVmRLLF9QVkx2TWZ0bGN4c3pKcWQ5?s=ap",
)
DAY = date(2025, 11, 4)
# Each accepted by hand with a Versori invoice no store ever held; Elevate deletes these.
DELETED = (
    invoice("EL-2025-00169", "100.00", issue=date(2025, 11, 1)),
    invoice("EL-2025-00170", "100.00", issue=date(2025, 11, 1)),
)
PAYMENTS = (
    line("546.00", "VERSORI AND ACME", row=7, day=DAY),
    line("546.00", "VERSORI AND ACME", row=8, day=DAY),
)


def _gone(keys: Collection[InvoiceKey]) -> list[Invoice]:
    return [each for each in DELETED if each.key in keys]


def _never_held(keys: Collection[InvoiceKey]) -> list[Invoice]:
    return []


def _decisions() -> list[Decision]:
    return [
        Decision(
            DecisionKind.MANUAL_MATCH,
            (deleted.key, InvoiceKey("Versori", link)),
            (payment.key,),
            user="ann",
        )
        for deleted, link, payment in zip(DELETED, LINKS, PAYMENTS, strict=True)
    ]


def _names() -> list[str]:
    """Each kept decision's Versori invoice as the window names it."""
    decisions = _decisions()
    result = reconcile([], list(PAYMENTS), decisions=decisions, held=_never_held, gone=_gone)
    holds = kept_holds(result, decisions)
    assert len(holds) == 2
    assert [hold.names[0] for hold in holds] == ["EL-2025-00169", "EL-2025-00170"]
    return [hold.names[1] for hold in holds]  # in key order: Elevate's, then Versori's


def test_two_hosted_links_of_one_account_are_cut_to_two_names() -> None:
    names = _names()
    assert names == [short(LINKS[0]), short(LINKS[1])]
    assert names[0] != names[1]
    for name, link in zip(names, LINKS, strict=True):
        assert len(name) <= SHORT_LIMIT
        assert name.startswith("https://invoice.stripe.com/")  # where it is
        assert name.endswith(link.split("?")[0][-6:])  # and which it is
        assert "…" in name


def test_the_name_is_cut_alike_every_time_and_listed_so() -> None:
    first, again = _names(), _names()
    assert first == again
    assert short(LINKS[0]) == short(LINKS[0])
    decisions = _decisions()
    result = reconcile([], list(PAYMENTS), decisions=decisions, held=_never_held, gone=_gone)
    listed = kept_decisions(kept_holds(result, decisions), ReviewFlags())
    shown = [entry.invoices for entry in listed]
    assert shown == [
        f"Elevate EL-2025-00169, Versori {first[0]}",
        f"Elevate EL-2025-00170, Versori {first[1]}",
    ]
    assert shown[0] != shown[1]
