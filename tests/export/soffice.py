"""LibreOffice, headless, for the tests that open our workbooks in another spreadsheet."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def convert(source: Path, to: str, outdir: Path) -> subprocess.CompletedProcess[str]:
    """``soffice --convert-to`` with a private profile in ``outdir``; it must succeed cleanly
    (LibreOffice reports a workbook it had to repair as an error on stderr)."""
    assert SOFFICE is not None
    result = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(outdir / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stderr, result.stderr
    return result
