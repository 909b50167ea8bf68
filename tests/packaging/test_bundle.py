"""The built Linux bundle works on its own: starts, finds its files, verifies TLS.

Building takes minutes, so these tests run against a bundle that ``packaging/build.sh``
produced: ``.ci/run`` builds it and points ``DESKTOP_APP_BUNDLE`` at it. Without that
variable there is no bundle to test and the module is skipped, saying how to build one.
"""

from __future__ import annotations

import http.server
import os
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

BUNDLE_ENV = "DESKTOP_APP_BUNDLE"
bundle_dir = os.environ.get(BUNDLE_ENV)
pytestmark = [
    pytest.mark.bundle,
    pytest.mark.skipif(
        not bundle_dir,
        reason=f"no bundle to test: run packaging/build.sh and set {BUNDLE_ENV}=packaging/dist/desktop-app",
    ),
]


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the bundled CLI with no CA override inherited from this machine's environment."""
    assert bundle_dir is not None
    executable = Path(bundle_dir) / "desktop-app-cli"
    inherited = {k: v for k, v in os.environ.items() if k not in {"SSL_CERT_FILE", "SSL_CERT_DIR"}}
    return subprocess.run(
        [str(executable), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**inherited, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
    )


def test_cold_start_prints_the_version() -> None:
    started = time.perf_counter()
    result = run_cli("--version")
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("desktop-app ")
    print(f"bundle cold start to --version: {elapsed:.2f} s")


def test_bundle_finds_its_resources_and_ca_bundle_inside_itself() -> None:
    result = run_cli("diagnose")
    assert result.returncode == 0, result.stderr
    assert "Frozen bundle: yes" in result.stdout
    assert bundle_dir is not None
    bundle = str(Path(bundle_dir).resolve())
    resources = next(line for line in result.stdout.splitlines() if line.startswith("Resources:"))
    ca = next(line for line in result.stdout.splitlines() if line.startswith("TLS CA bundle:"))
    assert bundle in resources
    assert bundle in ca
    count = int(ca.rsplit("(", 1)[1].split()[0])
    assert count > 50


@pytest.fixture
def https_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A local HTTPS server with a self-signed certificate for 127.0.0.1."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/", cert
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class _Ok(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:
        """Silence the default stderr logging."""


def test_tls_verification_is_on_inside_the_bundle(https_server: tuple[str, Path]) -> None:
    url, cert = https_server
    refused = run_cli("diagnose", "--tls-check", url)
    assert refused.returncode != 0
    assert "CERTIFICATE_VERIFY_FAILED" in refused.stderr or "certificate" in refused.stderr.lower()
    trusted = run_cli("diagnose", "--tls-check", url, env={"SSL_CERT_FILE": str(cert)})
    assert trusted.returncode == 0, trusted.stderr
    assert "verified, HTTP 200" in trusted.stdout


def _isolated_home(tmp_path: Path) -> dict[str, str]:
    return {
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }


def test_bundled_gui_starts_offscreen_and_reconciles_the_demo(tmp_path: Path) -> None:
    assert bundle_dir is not None
    result = subprocess.run(
        [str(Path(bundle_dir) / "desktop-app"), "--demo", "--self-test"],
        capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **_isolated_home(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "self-test: window shown;" in result.stdout
    assert "0 error banners" in result.stdout


def test_bundled_cli_reconciles_against_the_sandbox(tmp_path: Path) -> None:
    import asyncio
    import tomllib
    from datetime import date

    import openpyxl

    from desktop_app.providers import fetch_all, parse_config
    from desktop_app.sandbox import Sandbox
    from desktop_app.sandbox.statements import plan_statement, write_csv
    from desktop_app.secrets import EnvSecretSource

    with Sandbox(seed=0) as sandbox:
        config = tmp_path / "providers.toml"
        config.write_text(sandbox.providers_toml(), encoding="utf-8")
        secrets = sandbox.secret_environment()
        configs = parse_config(tomllib.loads(sandbox.providers_toml()))
        fetched = asyncio.run(fetch_all(configs, secrets=EnvSecretSource(secrets)))
        start, end = date(2025, 3, 1), date(2025, 5, 31)
        plan = plan_statement(list(fetched.all_invoices()), start=start, end=end, seed=9)
        statement = tmp_path / "bank.csv"
        rows = write_csv(plan, statement)
        out = tmp_path / "report.xlsx"
        result = run_cli(
            "reconcile", "--config", str(config), "--statement", str(statement),
            "--out", str(out), "--from", start.isoformat(), "--to", end.isoformat(),
            "--currency", "GBP", env={**secrets, **_isolated_home(tmp_path)},
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    workbook = openpyxl.load_workbook(out, read_only=True)
    assert workbook.sheetnames[:3] == ["Summary", "Discrepancies", "Matches"]
    matches = list(workbook["Matches"].iter_rows(values_only=True))
    workbook.close()
    header = matches[0]
    found = {
        (
            row[header.index("Provider")],
            str(row[header.index("Invoice ID")]),
            row[header.index("Row")],
        )
        for row in matches[1:]
        if row[header.index("State")] in {"auto", "accepted", "manual"}
    }
    expected = {(key.provider, key.invoice_id, rows[index]) for key, index in plan.expected_pairs()}
    assert expected <= found
