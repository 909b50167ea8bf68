"""The ``--from``/``--to`` options every command that takes a period shares."""

from __future__ import annotations

import re
from datetime import date

from desktop_app.cli.errors import EXIT_USAGE, CliError

_IN_FORM = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date_option(text: str | None, option: str) -> date | None:
    """The date ``text`` gives; a usage error otherwise. One in the YYYY-MM-DD form that
    names no day of the calendar (``2025-13-01``, ``2025-02-30``) is said to be not a
    real date: "not a YYYY-MM-DD date" would send the user looking for a typo in the form."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problem = "a real date" if _IN_FORM.fullmatch(text.strip()) else "a YYYY-MM-DD date"
        raise CliError(f"{option} {text!r} is not {problem}", EXIT_USAGE) from None


def parse_period(date_from: str | None, date_to: str | None) -> tuple[date | None, date | None]:
    """Both bounds, refusing a period that ends before it starts."""
    start = parse_date_option(date_from, "--from")
    end = parse_date_option(date_to, "--to")
    if start and end and start > end:
        raise CliError(f"--from {start} is after --to {end}", EXIT_USAGE)
    return start, end
