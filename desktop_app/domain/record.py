"""Frozen dataclasses kept in a tuple: the same record, built in bulk at C speed.

A statement import builds hundreds of thousands of ``StatementLine``s. A slotted frozen
dataclass can only be given its fields one slot at a time (``bulk.build_in_chunks``: one
setter call per field per line), while a tuple is made with all its fields in one C call:
200,000 lines took 0.03 s so against 0.11 s for the slot setters.

``tuple_record`` turns a class declared as a frozen dataclass into such a record. Its users
see the dataclass they were given, and mypy sees only that: the same constructor (positional
and keyword, the defaults, ``__post_init__``'s checks), the same read-only fields, equality
and hash over the compared fields of the same class only, no order, the dataclass's
``repr``, ``dataclasses.fields``, ``replace``, ``astuple`` and ``is_dataclass``, and
``FrozenInstanceError`` for an assignment. What the tuple would add is refused: a record is
not iterable, has no length, cannot be indexed, added, repeated or ordered, never equals a
tuple, and is always true. So nothing treats it as a sequence by accident: ``json.dumps``,
``*record`` and ``list(record)`` raise as they did for the dataclass, rather than turning
it into its fields. Only ``isinstance(record, tuple)`` tells it is one; code that walks
containers by type must skip records (``dataclasses.is_dataclass`` tells them).
"""

from __future__ import annotations

import dataclasses

# The field accessor ``namedtuple`` uses (C, or a property where the interpreter has no C
# one): it reads the item itself, not through the ``__getitem__`` a record refuses. Not in
# the typing stubs, being private to ``collections``.
from collections import _tuplegetter  # type: ignore[attr-defined]
from collections.abc import Callable, Iterable, Sequence
from itertools import repeat
from typing import Any, NoReturn, TypeVar

_Record = TypeVar("_Record")

_new_tuple: Callable[..., Any] = tuple.__new__
_item: Callable[[Any, slice], tuple[Any, ...]] = tuple.__getitem__
_MARK = "__tuple_record__"  # on a record class: the number of its fields

# What dataclass() generates for a frozen dataclass, which the record provides instead.
_GENERATED = frozenset(
    {"__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"}
    | {"__dict__", "__weakref__", "__getstate__", "__setstate__", "__slots__"}
)
# What the record defines to keep tuple behaviour out: a class defining one is refused.
_RESERVED = frozenset(
    {"__new__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__bool__", "__reduce__"}
    | {"__iter__", "__len__", "__getitem__", "__contains__", "__add__", "__radd__"}
    | {"__mul__", "__rmul__", "count", "index"}
)


def tuple_record(spec: type[_Record]) -> type[_Record]:
    """The frozen dataclass ``spec`` as a record held in a tuple (see the module's doc).

    ``spec`` is declared with ``@dataclass(frozen=True)`` under this decorator; its fields
    need plain defaults (no factory, no ``init=False``, no keyword-only fields) and the
    fields left out of equality (``compare=False``) must come last, so the compared ones
    are a slice. Its methods, properties and ``__post_init__`` are kept as written; it may
    not define what the dataclass or the record generate (``__eq__``, ``__iter__``...).
    """
    specs = _checked_fields(spec)
    names = [field.name for field in specs]
    compared = sum(field.compare for field in specs)
    key = slice(0, compared)
    namespace: dict[str, Any] = {
        name: value
        for name, value in spec.__dict__.items()
        if name not in _GENERATED and name not in names
    }
    namespace.update(
        {name: _tuplegetter(index, f"Field {name!r}.") for index, name in enumerate(names)}
    )
    namespace.update(
        __slots__=(),
        __new__=_constructor(spec, specs),
        __qualname__=spec.__qualname__,
        __repr__=_repr_of([field.name for field in specs if field.repr]),
        __eq__=_eq_over(key),
        __hash__=_hash_over(key),
        __reduce__=_reduce,
        **_REFUSALS,
    )
    namespace[_MARK] = len(names)
    return type(spec.__name__, (tuple,), namespace)


def build_records(cls: type[_Record], columns: Sequence[Iterable[Any]]) -> list[_Record]:
    """Records of ``cls`` (made by ``tuple_record``) from one column per field, in field
    order, each column of the same length: one C call per record, with neither
    ``__new__`` nor ``__post_init__`` run. The caller has made every check they make,
    over whole columns."""
    width = cls.__dict__.get(_MARK)
    if width is None:
        raise TypeError(f"{cls.__name__} is not a tuple record")
    if len(columns) != width:
        raise ValueError(f"{cls.__name__}: {width} fields, but {len(columns)} columns")
    return list(map(_new_tuple, repeat(cls), zip(*columns, strict=True)))


def _checked_fields(spec: type[Any]) -> tuple[dataclasses.Field[Any], ...]:
    """The dataclass's fields, refusing what the record does not provide."""
    params = getattr(spec, "__dataclass_params__", None)
    if params is None or not params.frozen or not params.eq or params.order:
        raise TypeError(f"{spec.__name__}: declare it @dataclass(frozen=True), without order")
    if params.unsafe_hash:
        raise TypeError(f"{spec.__name__}: a record's hash is its compared fields'")
    reserved = _RESERVED & spec.__dict__.keys()
    if reserved:
        raise TypeError(f"{spec.__name__}: a record defines {', '.join(sorted(reserved))}")
    specs = dataclasses.fields(spec)
    if len(specs) != len(spec.__dataclass_fields__):
        raise TypeError(f"{spec.__name__}: a record has no ClassVar or InitVar fields")
    for field in specs:
        if field.default_factory is not dataclasses.MISSING or not field.init or field.kw_only:
            raise TypeError(f"{spec.__name__}.{field.name}: a record field takes a plain default")
        if (field.compare if field.hash is None else field.hash) != field.compare:
            raise TypeError(f"{spec.__name__}.{field.name}: hashed only where compared")
    flags = [field.compare for field in specs]
    if flags != sorted(flags, reverse=True):
        raise TypeError(f"{spec.__name__}: fields left out of equality must come last")
    return specs


def _constructor(spec: type[Any], specs: Sequence[dataclasses.Field[Any]]) -> Any:
    """``__new__`` with the dataclass's ``__init__`` signature, then its ``__post_init__``.

    Generated from source as ``dataclasses`` generates ``__init__``: a function taking
    ``*args, **kwargs`` would have to bind them itself, several times slower for the
    records a workspace reads back one by one."""
    defaults = {
        f"_default_{field.name}": field.default
        for field in specs
        if field.default is not dataclasses.MISSING
    }
    parameters = ", ".join(
        f"{field.name}=_default_{field.name}"
        if field.default is not dataclasses.MISSING
        else field.name
        for field in specs
    )
    values = "".join(f"{field.name}, " for field in specs)
    check = "    record.__post_init__()\n" if hasattr(spec, "__post_init__") else ""
    source = (
        f"def __new__(cls, {parameters}):\n"
        f"    record = _new_tuple(cls, ({values}))\n"
        f"{check}"
        "    return record\n"
    )
    namespace: dict[str, Any] = {}
    exec(source, {"_new_tuple": _new_tuple, **defaults}, namespace)
    constructor = namespace["__new__"]
    constructor.__qualname__ = f"{spec.__qualname__}.__new__"
    return constructor


def _repr_of(shown: Sequence[str]) -> Callable[[Any], str]:
    """The dataclass's repr, ``Name(field=value, ...)`` over the fields it shows."""

    def represent(record: Any) -> str:
        parts = ", ".join(f"{name}={getattr(record, name)!r}" for name in shown)
        return f"{record.__class__.__qualname__}({parts})"

    return represent


def _hash_over(key: slice) -> Callable[[Any], int]:
    """The dataclass's hash: that of the tuple of its compared fields."""

    def hashed(record: Any) -> int:
        return hash(_item(record, key))

    return hashed


def _reduce(record: Any) -> tuple[type, tuple[Any, ...]]:
    """Copied and pickled through the constructor, checks included (``tuple``'s own way
    would iterate the record)."""
    return record.__class__, _item(record, slice(None))


def _eq_over(key: slice) -> Callable[[Any, object], Any]:
    """The dataclass's equality: the compared fields, against a record of the same class
    only. Any other tuple is unequal here (``NotImplemented`` would let ``tuple``'s own
    comparison compare the fields); any other object is asked in turn, as before."""

    def equal(record: Any, other: object) -> Any:
        if other.__class__ is record.__class__:
            return _item(record, key) == _item(other, key)
        if isinstance(other, tuple):
            return False
        return NotImplemented

    return equal


def _ne(record: Any, other: object) -> Any:
    equal = record.__eq__(other)
    return equal if equal is NotImplemented else not equal


def _unordered(symbol: str) -> Callable[[Any, object], Any]:
    """No order, as the dataclass had none: against any tuple (which would compare the
    fields) it refuses itself; anything else is asked in turn and refuses too."""

    def compare(record: Any, other: object) -> Any:
        if isinstance(other, tuple):
            raise TypeError(
                f"'{symbol}' not supported between instances of "
                f"'{type(record).__name__}' and '{type(other).__name__}'"
            )
        return NotImplemented

    return compare


def _refused(message: str) -> Callable[..., NoReturn]:
    """Refuses what the tuple does and the dataclass did not, with Python's message
    (``{0}`` names the record's type, ``{1}`` the other operand's)."""

    def refuse(record: Any, *other: Any) -> NoReturn:
        raise TypeError(message.format(type(record).__name__, *map(_type_name, other)))

    return refuse


def _type_name(value: object) -> str:
    return type(value).__name__


class _Absent:
    """An attribute the tuple has and the dataclass had not (``count``, ``index``)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, record: Any, owner: type | None = None) -> NoReturn:
        raise AttributeError(
            f"{owner.__name__ if owner else 'record'!r} has no attribute {self.name!r}"
        )


def _frozen_setattr(record: Any, name: str, value: object) -> NoReturn:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(record: Any, name: str) -> NoReturn:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


_REFUSALS: dict[str, Any] = {
    "__setattr__": _frozen_setattr,
    "__delattr__": _frozen_delattr,
    "__ne__": _ne,
    "__lt__": _unordered("<"),
    "__le__": _unordered("<="),
    "__gt__": _unordered(">"),
    "__ge__": _unordered(">="),
    "__bool__": lambda record: True,
    "__iter__": _refused("'{0}' object is not iterable"),
    "__len__": _refused("object of type '{0}' has no len()"),
    "__getitem__": _refused("'{0}' object is not subscriptable"),
    "__contains__": _refused("argument of type '{0}' is not iterable"),
    "__add__": _refused("unsupported operand type(s) for +: '{0}' and '{1}'"),
    "__radd__": _refused("unsupported operand type(s) for +: '{1}' and '{0}'"),
    "__mul__": _refused("unsupported operand type(s) for *: '{0}' and '{1}'"),
    "__rmul__": _refused("unsupported operand type(s) for *: '{1}' and '{0}'"),
    "count": _Absent(),
    "index": _Absent(),
}
