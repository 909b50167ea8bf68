"""Building many instances of a frozen, slotted domain class at once.

For the domain's own bulk constructors (``Money.many``, ``Match.many``,
``Discrepancy.about_lines``): they make ``__post_init__``'s checks once over whole columns,
then give the instances their fields here, without calling ``__init__`` per instance.
(``StatementLine``, built by the hundred thousand, is a tuple record instead, built faster
still: ``record.build_records``.)
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sized
from dataclasses import fields
from itertools import repeat
from typing import Any, TypeVar

_Slotted = TypeVar("_Slotted")

_CHUNK = 2048  # objects given their fields together, field by field (they stay in cache)


def build_in_chunks(
    cls: type[_Slotted], columns: Mapping[str, Iterable[Any]], count: int | None = None
) -> list[_Slotted]:
    """Instances of a slotted dataclass whose values are already checked, one column at a
    time through the fields' slot setters (C-level ``map`` calls, no ``__init__``).

    ``columns`` names every field, each with one value per instance, read once from the
    front (nothing is sliced or copied); ``count`` is the number of instances, by default
    the first column's length. The caller has made every check ``__post_init__`` would
    make, over whole columns.
    """
    missing = {field.name for field in fields(cls)} - columns.keys()  # type: ignore[arg-type]
    if missing:  # a field added to the class but not to its bulk constructor
        raise ValueError(f"{cls.__name__}: no column for {', '.join(sorted(missing))}")
    if count is None:
        first = next(iter(columns.values()), ())
        if not isinstance(first, Sized):
            raise TypeError(f"{cls.__name__}: give the count when the first column has no length")
        count = len(first)
    setters = [(cls.__dict__[name].__set__, iter(column)) for name, column in columns.items()]
    built: list[_Slotted] = []
    for start in range(0, count, _CHUNK):
        chunk = list(map(object.__new__, repeat(cls, min(_CHUNK, count - start))))
        for setter, source in setters:
            # map stops with the chunk: it takes exactly one value per instance from source
            deque(map(setter, chunk, source), maxlen=0)
        built.extend(chunk)
    # A column that ran out left its field unset from that instance on: the last one shows it.
    short = [name for name in columns if built and not hasattr(built[-1], name)]
    if short:
        raise ValueError(f"{cls.__name__}: fewer than {count} values for {', '.join(short)}")
    return built
