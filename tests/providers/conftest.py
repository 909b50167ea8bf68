"""Fixtures for the provider tests: a fresh sandbox per test (faults and stats are per test)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop_app.sandbox import Sandbox


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(seed=7) as running:
        yield running
