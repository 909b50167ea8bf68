"""The GUI's engine adapters, tested without Qt against the real sandbox and workspace."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest

from desktop_app.sandbox import Sandbox
from desktop_app.secrets import InMemoryKeyring


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[InMemoryKeyring]:
    """Tests never read or write the machine's real keyring."""
    previous = keyring.get_keyring()
    backend = InMemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(seed=7) as running:
        yield running
