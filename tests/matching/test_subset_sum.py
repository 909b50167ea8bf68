"""Bounded subset-sum: right answers, bounds honoured, order never matters."""

from __future__ import annotations

import random

from desktop_app.matching.subset_sum import find_subsets


def test_finds_the_invoices_a_payment_adds_up_to() -> None:
    items = [(10_000, 1), (2_550, 2), (4_000, 3), (999, 4)]
    assert find_subsets(12_550, 0, items, max_items=4, step_limit=10_000) == [(1, 2)]


def test_tolerance_admits_a_fee_and_the_closest_comes_first() -> None:
    items = [(10_000, 1), (2_500, 2), (2_540, 3)]
    found = find_subsets(12_550, 100, items, max_items=3, step_limit=10_000)
    assert found == [(1, 3), (1, 2)]


def test_single_items_and_too_many_items_are_not_subsets() -> None:
    items = [(12_550, 1), (5_000, 2), (5_000, 3), (2_550, 4)]
    assert find_subsets(12_550, 0, items, max_items=3, step_limit=10_000) == [(2, 3, 4)]
    assert find_subsets(12_550, 0, items, max_items=2, step_limit=10_000) == []


def test_negative_targets_work_like_positive_ones() -> None:
    items = [(-10_000, 1), (-2_550, 2), (3_000, 3)]
    assert find_subsets(-12_550, 0, items, max_items=4, step_limit=10_000) == [(1, 2)]


def test_the_step_limit_bounds_the_work() -> None:
    items = [(1_000 + k, k) for k in range(30)]
    assert find_subsets(10**9, 0, items, max_items=4, step_limit=50) == []
    assert find_subsets(2_001, 0, items, max_items=2, step_limit=5) == []


def test_result_does_not_depend_on_item_order() -> None:
    rng = random.Random(4)
    items = [(rng.randint(100, 5_000), k) for k in range(12)]
    target = items[2][0] + items[7][0] + items[9][0]
    expected = find_subsets(target, 5, items, max_items=4, step_limit=100_000)
    for _ in range(5):
        rng.shuffle(items)
        assert find_subsets(target, 5, items, max_items=4, step_limit=100_000) == expected


def test_a_refused_subset_leaves_its_place_to_the_next_best() -> None:
    items = [(50, 1), (50, 2), (70, 3), (70, 4), (100, 5)]
    assert find_subsets(120, 0, items, max_items=2, step_limit=10_000) == [(1, 3), (1, 4)]
    refused = find_subsets(
        120, 0, items, max_items=2, step_limit=10_000, allowed=lambda ids: 1 not in ids
    )
    assert refused == [(2, 3), (2, 4)]
