"""``python -m desktop_app.sandbox`` and the providers.toml it writes for the real clients."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import httpx
import pytest

from desktop_app.providers.config import load_config
from desktop_app.sandbox import Sandbox

pytestmark = pytest.mark.sandbox

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_providers_toml_points_at_the_sandbox_without_secrets(
    sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = sandbox.providers_toml()
    secrets = sandbox.secret_environment()
    path = tmp_path / "providers.toml"
    path.write_text(text, encoding="utf-8")
    for name, value in secrets.items():
        monkeypatch.setenv(name, value)

    entries = tomllib.loads(text)["providers"]
    configs = load_config(path)

    assert [e["kind"] for e in entries] == ["content_ignite", "versori", "elevate"]
    assert [c.base_url for c in configs] == [
        sandbox.content_ignite_url,
        sandbox.versori_url,
        sandbox.elevate_url,
    ]
    assert entries[1]["organisation_id"] == sandbox.credentials.versori_organisation_id
    assert entries[2]["username"] == sandbox.credentials.elevate_username
    assert set(secrets.values()) == {
        sandbox.credentials.content_ignite_token,
        sandbox.credentials.versori_token,
        sandbox.credentials.elevate_password,
    }
    assert not any(secret in text for secret in secrets.values())


def test_module_runs_standalone_prints_urls_and_stops_on_sigterm(tmp_path: Path) -> None:
    config_path = tmp_path / "providers.toml"
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    command = [
        sys.executable,
        "-m",
        "desktop_app.sandbox",
        "--seed",
        "3",
        "--write-config",
        str(config_path),
    ]
    with subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        assert process.stdout is not None
        banner = [
            process.stdout.readline() for _ in range(16)
        ]  # 12 lines of URLs and credentials, 4 of config
        base_url = banner[0].split()[-1]
        with httpx.Client() as client:
            token = next(line.split()[-1] for line in banner if "content_ignite_token" in line)
            response = client.get(
                f"{base_url}/content-ignite/v1/billing/invoice",
                headers={"Authorization": f"Bearer {token}"},
            )
        process.terminate()
        out, err = process.communicate(timeout=30)

    assert banner[0].startswith("Provider sandbox listening on http://127.0.0.1:")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 18
    assert any(line.startswith("export SANDBOX_VERSORI_TOKEN=") for line in banner)
    assert f'base_url = "{base_url}/elevate/v1"' in config_path.read_text(encoding="utf-8")
    assert process.returncode == 0, err
    assert "sandbox stopped" in out
    assert err == ""


def test_a_process_that_forgets_to_stop_the_sandbox_still_exits(tmp_path: Path) -> None:
    """An idle keep-alive connection must not hold the interpreter open (the demo's exit)."""
    script = (
        "import httpx\n"
        "from desktop_app.sandbox import Sandbox\n"
        "box = Sandbox(seed=1).start()\n"
        "client = httpx.Client()\n"
        "token = box.credentials.content_ignite_token\n"
        "url = box.content_ignite_url + '/v1/billing/invoice'\n"
        "print(client.get(url, headers={'Authorization': 'Bearer ' + token}).status_code)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}

    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "200"


def test_the_sandbox_never_imports_qt() -> None:
    code = (
        "import sys, desktop_app.sandbox, desktop_app.sandbox.__main__\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'qasync'))))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}

    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "[]"
