"""The layout states the order its dates are written in where they need none to be read.

A file whose dates are all ISO (2025-03-03) or compact (20250402) said "day-first" in its
JSON: the reading's default, which no date in the file shows. It says "year-first" now;
dates that settle an order, and month names, say what they said.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.statements import import_statement


def _stated(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    main(["statement", str(path)])
    order = json.loads(capsys.readouterr().out)["layout"]["date_order"]
    assert isinstance(order, str)
    return order


@pytest.mark.parametrize(
    ("dates", "stated"),
    [
        (("2025-03-03", "2025-03-04"), "year-first"),
        (("20250402", "20250413"), "year-first"),
        (("2025-03-03 10:15", "2025-03-04 09:00"), "year-first"),
        (("13/03/2025", "14/03/2025"), "day-first"),
        (("03/13/2025", "03/14/2025"), "month-first"),
        (("3 Mar 2025", "4 Mar 2025"), "day-first"),
    ],
    ids=["iso", "compact", "iso with time", "settled day-first", "settled month-first", "names"],
)
def test_the_stated_order(
    write_csv: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    dates: tuple[str, str],
    stated: str,
) -> None:
    text = f"Date|Description|Amount\n{dates[0]}|Rent|-1.200,00\n{dates[1]}|Client|2.500,00\n"
    path = write_csv(text, name="s.txt")
    assert _stated(path, capsys) == stated
    lines = import_statement(path).lines
    assert len(lines) == 2  # read as before
