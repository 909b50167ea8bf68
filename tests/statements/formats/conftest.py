"""Fixtures for the bank-format reader tests: the shared corpus of real files."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import SHARED_REALDATA


@pytest.fixture
def realdata() -> Callable[[str], bytes]:
    """Read a file of ../shared/realdata by its relative path; skip where it is absent."""
    if not SHARED_REALDATA.is_dir():
        pytest.skip(f"the shared corpus of real bank files is not at {SHARED_REALDATA}")

    def read(relative: str) -> bytes:
        return (SHARED_REALDATA / relative).read_bytes()

    return read
