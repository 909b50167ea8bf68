"""A sandbox with its providers.toml, and planted statements with their truth."""

from __future__ import annotations

import asyncio
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain import Invoice
from desktop_app.providers import fetch_all, parse_config
from desktop_app.sandbox import Sandbox
from desktop_app.sandbox.statements import StatementPlan, plan_statement, write_csv, write_xlsx
from desktop_app.secrets import EnvSecretSource

PERIOD = (date(2025, 1, 1), date(2025, 6, 30))


@dataclass(frozen=True)
class World:
    sandbox: Sandbox
    config: Path
    invoices: tuple[Invoice, ...]
    plan: StatementPlan
    csv_path: Path
    csv_rows: list[int]
    xlsx_path: Path
    xlsx_rows: list[int]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("world")
    with Sandbox(seed=0) as sandbox:
        config = folder / "providers.toml"
        config.write_text(sandbox.providers_toml(), encoding="utf-8")
        configs = parse_config(tomllib.loads(sandbox.providers_toml()))
        secrets = EnvSecretSource(sandbox.secret_environment())
        fetched = asyncio.run(fetch_all(configs, secrets=secrets))
        assert fetched.ok
        invoices = fetched.all_invoices()
        plan = plan_statement(list(invoices), start=PERIOD[0], end=PERIOD[1], seed=5)
        csv_path, xlsx_path = folder / "bank.csv", folder / "bank.xlsx"
        csv_rows, xlsx_rows = write_csv(plan, csv_path), write_xlsx(plan, xlsx_path)
        yield World(
            sandbox, config, tuple(invoices), plan, csv_path, csv_rows, xlsx_path, xlsx_rows
        )


@pytest.fixture
def sandbox_env(world: World, monkeypatch: pytest.MonkeyPatch) -> World:
    """The sandbox's secrets in the environment, as the CLI reads them."""
    for name, value in world.sandbox.secret_environment().items():
        monkeypatch.setenv(name, value)
    world.sandbox.faults.clear()
    return world
