"""What the About dialog and ``desktop-app diagnose`` report."""

from __future__ import annotations

import pytest

from desktop_app.about import app_paths, bundled_components, summary_lines
from desktop_app.cli import main
from desktop_app.tls import ca_bundle_path, trusted_certificate_count


def test_summary_names_version_paths_and_licences() -> None:
    text = "\n".join(summary_lines())
    assert "Reconcile Desk" in text
    assert str(app_paths().log_file) in text
    assert str(app_paths().default_workspace) in text
    pyside = next(c for c in bundled_components() if c.name == "PySide6")
    assert pyside.version == "6.11.2"
    assert "LGPL" in pyside.licence


def test_tls_uses_a_real_ca_bundle_and_honours_an_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    assert ca_bundle_path().name == "cacert.pem"  # certifi's bundle, not the OS store
    assert ca_bundle_path().is_file()
    assert trusted_certificate_count() > 50
    monkeypatch.setenv("SSL_CERT_FILE", "/nonexistent/ca.pem")
    with pytest.raises(FileNotFoundError, match=r"ca\.pem"):
        trusted_certificate_count()


def test_diagnose_command_prints_the_facts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagnose"]) == 0
    out = capsys.readouterr().out
    assert "Frozen bundle: no" in out
    assert "TLS CA bundle:" in out
    assert "Resources:" in out
