"""A date order no date settles is a guess, and the accountant is told so in the
warnings: which order was taken, on what basis (the headers' language, the period the
dates span, the locale, or the commonest order) and how to choose another. The locale is
the caller's: the command line passes the system's, the window Qt's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.statements import Mapping, StatementImport, import_statement
from desktop_app.statements.date_order import OrderBasis, system_locale_hint
from desktop_app.statements.dates import DateOrder

# The 1st to 12th of March, month-first: day-first, the 3rd of every month.
_MARCH = ["03/01/2024", "03/02/2024", "03/03/2024", "03/05/2024", "03/08/2024",
          "03/09/2024", "03/10/2024", "03/11/2024", "03/12/2024"]  # fmt: skip
# Day-first the 1st of February to the 3rd of April; month-first the 2nd of January to
# the 4th of March: periods alike, so nothing in the dates tells the orders apart.
_EITHER = ["01/02/2024", "02/03/2024", "03/04/2024"]


def _statement(
    tmp_path: Path, dates: list[str], header: str = "Posting Date,Description,Amount"
) -> Path:
    path = tmp_path / "statement.csv"
    rows = [f"{day},Purchase {number},-{number + 1}.00" for number, day in enumerate(dates)]
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _order_warnings(result: StatementImport) -> list[str]:
    return [str(w) for w in result.warnings if "date order guessed" in str(w)]


def test_dates_within_days_one_way_and_months_the_other_are_read_the_narrow_way(
    tmp_path: Path,
) -> None:
    result = import_statement(_statement(tmp_path, _MARCH))
    layout = result.layout
    assert layout is not None
    assert (layout.date_order, layout.date_order_basis) == (DateOrder.MDY, OrderBasis.GUESSED)
    assert layout.date_order_ambiguous
    assert [line.date.isoformat() for line in result.lines][:2] == ["2024-03-01", "2024-03-02"]
    [warning] = _order_warnings(result)
    assert warning.startswith(
        "statement.csv: date order guessed: the dates are read month-first (Month/Day/Year) "
        "because read month-first the dates lie within 11 days (2024-03-01 to 2024-03-12), "
        "read day-first over 335 days (2024-01-03 to 2024-12-03); no date settles it."
    )
    assert 'If they are day-first, give a mapping with "date_order": "DMY"' in warning
    assert "--mapping" in warning


@pytest.mark.parametrize(
    ("hint", "order", "basis"),
    [
        ("en_US", DateOrder.MDY, "because the locale 'en_US' writes dates month-first"),
        ("de_DE.UTF-8", DateOrder.DMY, "because the locale 'de_DE.UTF-8' writes dates day-first"),
        (None, DateOrder.DMY, "because day-first is the most common order"),
        ("C.UTF-8", DateOrder.DMY, "because day-first is the most common order"),
    ],
    ids=["us", "german", "none", "C says nothing"],
)
def test_the_locale_given_decides_a_guess_the_dates_leave_open(
    tmp_path: Path, hint: str | None, order: DateOrder, basis: str
) -> None:
    result = import_statement(_statement(tmp_path, _EITHER), locale_hint=hint)
    assert result.layout is not None
    assert (result.layout.date_order, result.layout.date_order_ambiguous) == (order, True)
    [warning] = _order_warnings(result)
    assert f"the dates are read {order.value} ({order.name[0]}" in warning
    assert basis in warning
    other = DateOrder.DMY if order is DateOrder.MDY else DateOrder.MDY
    assert f'If they are {other.value}, give a mapping with "date_order": "{other.name}"' in warning


def test_the_period_outweighs_the_locale(tmp_path: Path) -> None:
    """A German bank's export without a header, 3 to 10 November, read by an American:
    month-first it would be the 11th of March to October."""
    dates = [f"{day:02d}/11/2025" for day in (3, 4, 5, 7, 10)]
    result = import_statement(_statement(tmp_path, dates, "Date,Text,Amount"), locale_hint="en_US")
    assert result.layout is not None
    assert result.layout.date_order is DateOrder.DMY
    assert [line.date.month for line in result.lines] == [11] * 5


def test_the_headers_language_outweighs_the_locale_and_is_no_warning(tmp_path: Path) -> None:
    """A bank that heads its columns in German writes day-first: the order is still
    reported ambiguous in the layout, but warning of it on every such file would bury
    the warnings that matter."""
    path = _statement(tmp_path, _MARCH, "Buchungstag,Verwendungszweck,Betrag")
    result = import_statement(path, locale_hint="en_US")
    assert result.layout is not None
    assert (result.layout.date_order, result.layout.date_order_ambiguous) == (DateOrder.DMY, True)
    assert _order_warnings(result) == []


def test_a_guess_that_yy_mm_dd_would_read_too_names_year_first(tmp_path: Path) -> None:
    result = import_statement(_statement(tmp_path, ["24-03-05", "24-04-05", "24-05-05"]))
    assert result.layout is not None
    assert result.layout.date_order is DateOrder.DMY
    [warning] = _order_warnings(result)
    assert 'If they are year-first, give a mapping with "date_order": "YMD"' in warning


@pytest.mark.parametrize(
    "mapping", [None, Mapping(date_order="MDY")], ids=["settled by a date", "mapped"]
)
def test_an_order_that_is_no_guess_gets_no_warning(tmp_path: Path, mapping: Mapping | None) -> None:
    """A guard: a date above 12, or the accountant's own order, settles it."""
    path = _statement(tmp_path, [*_MARCH, "03/13/2024"])
    result = import_statement(path, mapping=mapping, locale_hint="de_DE")
    assert result.layout is not None
    assert result.layout.date_order is DateOrder.MDY
    assert _order_warnings(result) == []


@pytest.mark.parametrize(
    ("environ", "hint"),
    [
        ({"LANG": "en_US.UTF-8"}, "en_US.UTF-8"),
        ({"LC_TIME": "de_DE.UTF-8", "LANG": "en_US.UTF-8"}, "de_DE.UTF-8"),
        ({"LC_ALL": "en_US.UTF-8", "LC_TIME": "de_DE.UTF-8"}, "en_US.UTF-8"),
        ({"LC_ALL": "C.UTF-8", "LANG": "en_US.UTF-8"}, None),
        ({"LANG": "POSIX"}, None),
        ({}, None),
    ],
    ids=["lang", "lc_time over lang", "lc_all over all", "C says nothing", "posix", "unset"],
)
def test_the_system_locale_is_looked_up_as_posix_does(
    environ: dict[str, str], hint: str | None
) -> None:
    assert system_locale_hint(environ) == hint


def test_the_command_line_passes_the_system_locale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("LC_ALL", "LC_TIME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    main(["statement", str(_statement(tmp_path, _EITHER))])
    printed = json.loads(capsys.readouterr().out)
    assert printed["layout"]["date_order"] == "month-first"
    assert [line["date"] for line in printed["lines"]] == ["2024-01-02", "2024-02-03", "2024-03-04"]
    [warning] = [text for text in printed["warnings"] if "date order guessed" in text]
    assert "because the locale 'en_US.UTF-8' writes dates month-first" in warning
