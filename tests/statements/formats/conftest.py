"""Fixtures for the bank-format reader tests: the shared corpus of real files."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests import conftest as project_conftest


@pytest.fixture
def realdata() -> Callable[[str], bytes]:
    """Read a file of ../shared/realdata by its relative path; skip where it is absent."""
    corpus = project_conftest.SHARED_REALDATA
    if not corpus.is_dir():
        pytest.skip(f"the shared corpus of real bank files is not at {corpus}")

    def read(relative: str) -> bytes:
        return (corpus / relative).read_bytes()

    return read
