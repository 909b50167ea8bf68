"""A file another program holds open, named the same way by the export and the import."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from desktop_app.os_errors import held_open

EXCEL = "permission denied: the file looks open in Excel (close it and try again)"
LIBREOFFICE = "permission denied: the file looks open in LibreOffice (close it and try again)"
SHARING = "the file is open in another program (close it in Excel and try again)"


@pytest.mark.parametrize(
    ("lock_name", "code", "cause"),
    [
        ("~$march.xlsx", errno.EACCES, EXCEL),
        (".~lock.march.xlsx#", errno.EPERM, LIBREOFFICE),
        (None, errno.EACCES, None),  # nothing shows which program, if any
        ("~$march.xlsx", errno.ENOENT, None),  # not a refusal: the lock file is beside the point
        ("~$other.xlsx", errno.EACCES, None),  # another file's lock
    ],
)
def test_a_lock_file_beside_a_refused_file_names_the_program(
    tmp_path: Path, lock_name: str | None, code: int, cause: str | None
) -> None:
    if lock_name is not None:
        (tmp_path / lock_name).write_text("lock")
    assert held_open(OSError(code, "refused"), tmp_path / "march.xlsx") == cause


def test_a_windows_sharing_violation_says_the_file_is_open(tmp_path: Path) -> None:
    error = PermissionError(errno.EACCES, "The process cannot access the file")
    error.winerror = 32  # type: ignore[attr-defined]
    assert held_open(error, tmp_path / "march.xlsx") == SHARING
