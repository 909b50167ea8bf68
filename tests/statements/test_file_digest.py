"""The statement file's SHA-256, hashed beside the import (``file_digest``)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.statements import import_statement
from desktop_app.statements.file_digest import FileDigest


@pytest.mark.parametrize("size", [0, 10, (1 << 20) - 1, 1 << 20, 3 << 20])
def test_the_digest_is_the_files_sha256_either_side_of_the_thread(size: int) -> None:
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    digest = FileDigest(data)
    assert digest.value() == hashlib.sha256(data).hexdigest()
    assert digest.value() == hashlib.sha256(data).hexdigest()  # asked again: the same


def test_a_failure_on_the_thread_is_raised_where_the_digest_is_asked_for() -> None:
    not_bytes = "x" * (2 << 20)  # hashlib refuses text, on the digest's own thread
    digest = FileDigest(not_bytes)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        digest.value()


def test_a_large_statement_names_the_sha256_of_its_bytes(write_csv: Callable[..., Path]) -> None:
    rows = [
        f"2025-01-{1 + index % 28:02d},Payment {index},-{index % 90 + 1}.50\n"
        for index in range(60_000)
    ]
    path = write_csv("Date,Description,Amount\n" + "".join(rows))
    assert path.stat().st_size > 1 << 20  # hashed on a thread of its own
    result = import_statement(path)
    assert result.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert len(result.lines) == 60_000
