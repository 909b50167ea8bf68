"""The fetched invoices are handed out of ``asyncio.run`` without being formatted as text."""

from __future__ import annotations

import asyncio

import pytest

from desktop_app.async_run import run_boxed


class Counted:
    """A result that counts how often it is turned into its repr."""

    def __init__(self) -> None:
        self.reprs = 0

    def __repr__(self) -> str:
        self.reprs += 1
        return "Counted()"


async def _produce(result: Counted) -> Counted:
    await asyncio.sleep(0)
    return result


def test_the_result_comes_back_and_is_never_repr_formatted() -> None:
    result = Counted()
    assert run_boxed(_produce(result)) is result
    assert result.reprs == 0


def test_plain_asyncio_run_is_what_formats_it_here() -> None:
    """Why the helper exists: on this Python, asyncio.run formats its main task's result."""
    result = Counted()
    assert asyncio.run(_produce(result)) is result
    if result.reprs == 0:
        pytest.skip("this Python's asyncio.run no longer formats the main task's result")
    assert result.reprs >= 1


def test_an_error_inside_comes_out_as_it_is() -> None:
    async def fail() -> Counted:
        raise LookupError("provider gone")

    with pytest.raises(LookupError, match="provider gone"):
        run_boxed(fail())
