"""The ``--from``/``--to`` options every command that takes a period shares."""

from __future__ import annotations

from datetime import date

from desktop_app.cli.errors import EXIT_USAGE, CliError


def parse_date_option(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CliError(f"{option} {text!r} is not a YYYY-MM-DD date", EXIT_USAGE) from None


def parse_period(date_from: str | None, date_to: str | None) -> tuple[date | None, date | None]:
    """Both bounds, refusing a period that ends before it starts."""
    start = parse_date_option(date_from, "--from")
    end = parse_date_option(date_to, "--to")
    if start and end and start > end:
        raise CliError(f"--from {start} is after --to {end}", EXIT_USAGE)
    return start, end
