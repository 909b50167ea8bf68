"""``desktop-app statement FILE [--mapping FILE]``: the JSON contract of design.md."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.cli import main

TEXT = "Buchungstag;Verwendungszweck;Betrag;Währung\n02.01.2024;Miete;-1.200,5;EUR\n15.01.2024;Gehalt;2500;EUR\n"


def test_prints_layout_and_lines(
    write_csv: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["statement", str(write_csv(TEXT))]) == 0
    output = json.loads(capsys.readouterr().out)
    assert output["lines"][0] == {
        "row": 2,
        "date": "2024-01-02",
        "amount": "-1200.50",
        "currency": "EUR",
        "description": "Miete",
        "reference": "",
        "counterparty": "",
        "value_date": None,
        "balance": None,
    }
    assert [line["row"] for line in output["lines"]] == [2, 3]
    layout = output["layout"]
    assert layout["columns"]["date"] == {"column": 1, "header": "Buchungstag"}
    assert layout["columns"]["amount"] == {"column": 3, "header": "Betrag"}
    assert layout["decimal_marks"] == {"Betrag": ","}
    assert (
        "dates are day-first: 1 value has a first field above 12"
        in layout["evidence"]["date_order"]
    )


def test_mapping_file_overrides_detection(
    tmp_path: Path, write_csv: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"invert_sign": True, "currency": "CHF"}))
    assert main(["statement", str(write_csv(TEXT)), "--mapping", str(mapping)]) == 0
    line = json.loads(capsys.readouterr().out)["lines"][0]
    # the sign is inverted; a currency column on the row still wins over the mapping default
    assert (line["amount"], line["currency"]) == ("1200.50", "EUR")


def test_bad_file_is_one_line_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "statement", str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == "desktop-app: empty.csv: cannot be imported: it is empty\n"


def test_bad_mapping_names_the_key(
    tmp_path: Path, write_csv: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"decimal": ","}))
    assert main(["statement", str(write_csv(TEXT)), "--mapping", str(mapping)]) == 1
    assert "unknown mapping key(s) ['decimal']" in capsys.readouterr().err


def test_a_statement_with_no_movements_prints_its_layout_and_no_lines(
    write_csv: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    text = "Buchungstag;Verwendungszweck;Betrag;Saldo\n31.03.2024;Endsaldo;;1.250,00\n"
    assert main(["statement", str(write_csv(text, "maerz.csv"))]) == 0
    output = json.loads(capsys.readouterr().out)
    assert output["lines"] == []
    layout = output["layout"]
    assert (layout["header_row"], layout["transactions"], layout["first_row"]) == (1, 0, None)
    assert layout["columns"]["date"] == {"column": 1, "header": "Buchungstag"}
    assert layout["columns"]["amount"] == {"column": 3, "header": "Betrag"}
    assert layout["evidence"]["movements"][0].startswith("none: no row below the header")
    assert output["closing_balance"] == "1250.00"
    assert output["warnings"][0].startswith("maerz.csv: the statement holds no movements")
