"""The index of rejected pairings: a proposal is forbidden when it contains a rejection."""

from __future__ import annotations

from desktop_app.matching.decisions import Rejections


def test_rejections_are_found_by_containment_not_by_sharing() -> None:
    rejections = Rejections([((5,), (1,)), ((7, 8), (2, 3))])
    assert rejections.forbids((5,), (1,))
    assert rejections.forbids((4, 5), (1,))  # a split holding the rejected line
    assert rejections.forbids((5,), (0, 1))  # one payment for the rejected invoice and more
    assert rejections.forbids((6, 7, 8), (2, 3, 9))
    assert not rejections.forbids((5,), (0,))  # the line for another invoice
    assert not rejections.forbids((4,), (1,))  # the invoice by another line
    assert not rejections.forbids((7,), (2, 3))  # only one line of the rejected split
    assert not rejections.forbids((7, 8), (3,))  # only one invoice of the rejected group
    assert rejections.refused_for_line(5) == {1}
    assert rejections.refused_for_line(7) == frozenset()  # refused as a group, not alone
    assert not Rejections()
