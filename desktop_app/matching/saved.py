"""The matching settings a workspace keeps: read one way by every run that matches in it.

The window's Settings screen saves the tolerances, windows and thresholds an accountant
tunes in the open workspace; the window's runs match with them, and so does
``desktop-app reconcile --workspace``, so a scheduled run's report agrees with what the
window shows and exports from that workspace. Reading them lives here, beside the
settings, not in the window: the command line must never import Qt to find them.

Only the settings offered (``OFFERED``) are read back: a save stores every setting, and
reading the others would pin a workspace to the engine's defaults of the day it was saved
(``max_amount_candidates`` was 1), never to the engine's own.

A stored value this version refuses (saved by an older version whose checks were looser,
edited by hand) made the whole workspace fail to open, in words that did not say the
value was stored in it. It is set aside instead (``read_stored``): the workspace opens
with everything it holds, the refused value's default is used, and the window and the
command line warn (``set_aside_said``) until Settings saves the settings again. Nothing
is rewritten as they are read: the stored value stays for the accountant to see and save.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop_app.matching.settings import MatchSettings, SettingsError

# The workspace setting (``Workspace.settings``) that holds them, as ``to_dict`` writes.
SETTINGS_KEY = "matching"

# The settings an accountant tunes (the Settings screen's form, in its order).
OFFERED = (
    "amount_tolerance_absolute",
    "amount_tolerance_percent",
    "days_before_issue",
    "grace_days_after_due",
    "days_after_due",
    "default_payment_terms_days",
    "auto_accept_threshold",
    "suggest_threshold",
    "ambiguity_margin",
    "fuzzy_threshold",
)

# Every setting's name (``typed_value``).
_FIELDS = frozenset(spec.name for spec in fields(MatchSettings))

# How the warnings end: what the accountant does about them, and that nothing changed.
_UNTIL_SAVED = (
    "until the matching settings are saved again from Settings (in the window); "
    "what is stored is left as it is"
)


@dataclass(frozen=True, slots=True)
class SetAside:
    """A stored matching setting this version refuses, not applied: ``setting`` as
    stored, its ``stored`` value, what it may be (``allowed``, the ``SettingsError``'s
    words) and the ``default`` used instead."""

    setting: str
    stored: Any
    allowed: str
    default: Any


@dataclass(frozen=True, slots=True)
class StoredSettings:
    """A workspace's matching settings as read (``read_stored``): ``settings`` to match
    with, each stored value refused and set aside (``set_aside``), and the stored settings
    this version does not know (``unknown``, by name, with their values: a newer version's,
    kept when the settings are saved again).

    ``all_set_aside``: the refusal could not be laid on one stored value (the stored
    settings are no table of named values, or a stored value clashes with another's
    default), so every stored value is set aside and the defaults used."""

    settings: MatchSettings = field(default_factory=MatchSettings)
    set_aside: tuple[SetAside, ...] = ()
    unknown: Mapping[str, Any] = field(default_factory=dict)
    all_set_aside: bool = False


def read_stored(stored: object) -> StoredSettings:
    """The settings a workspace keeps (its ``SETTINGS_KEY`` value as stored: JSON, where
    every fraction is a Decimal), the engine's defaults where it keeps none.

    Each stored value refused falls back to its default, the others kept: the values are
    checked together, the one the checks name is set aside, and the rest checked again,
    so of two refused together (a suggestion score above the auto-match score) the one
    named goes and the other is applied. Never raises on what is stored: a workspace must
    open with what it holds, whatever an older version or a hand let through."""
    if stored is None:
        return StoredSettings()
    if not isinstance(stored, Mapping):
        allowed = "a table of named settings, as Settings saves them"
        return StoredSettings(
            set_aside=(SetAside(SETTINGS_KEY, stored, allowed, None),), all_set_aside=True
        )
    unknown = {str(name): value for name, value in stored.items() if name not in _FIELDS}
    kept: dict[str, Any] = {}
    set_aside: dict[str, SetAside] = {}
    for name in OFFERED:
        if name in stored:
            try:
                kept[name] = typed_value(name, stored[name])
            except SettingsError as refused:
                set_aside[name] = SetAside(name, stored[name], refused.allowed, _default(name))
    while True:
        try:
            settings = MatchSettings.from_dict(kept)
        except SettingsError as refused:
            name = refused.setting
            if name not in kept:  # a stored value clashes with another's default
                clash = SetAside(name, refused.value, refused.allowed, _default(name))
                return StoredSettings(set_aside=(clash,), unknown=unknown, all_set_aside=True)
            del kept[name]
            set_aside[name] = SetAside(name, stored[name], refused.allowed, _default(name))
            continue
        ordered = tuple(set_aside[name] for name in OFFERED if name in set_aside)
        return StoredSettings(settings, ordered, unknown)


def saved_settings(stored: object) -> MatchSettings:
    """The settings to match with of what a workspace keeps (``read_stored``)."""
    return read_stored(stored).settings


def set_aside_said(read: StoredSettings, workspace: str) -> tuple[str, ...]:
    """A warning for each stored value ``read`` set aside, naming ``workspace``, the
    setting, the value stored, what it may be and the default used until it is saved
    again: a value refused silently would leave the accountant believing the run matched
    with what they once saved. Lower case, for the command line's "warning: "."""
    return tuple(said for _, said in set_aside_named(read, workspace))


def set_aside_named(read: StoredSettings, workspace: str) -> tuple[tuple[str | None, str], ...]:
    """``set_aside_said``'s warnings, each with the setting it is about: None where it is
    about them all (no table of named values; values refused together). The report's
    "Settings used" says each beside the default it shows for that setting."""
    if not read.all_set_aside:
        return tuple((each.setting, _one_set_aside(each, workspace)) for each in read.set_aside)
    [refused] = read.set_aside
    if refused.setting == SETTINGS_KEY:  # no table of named values at all
        said = (
            f"the matching settings stored in {workspace} are {_shown(refused.stored)}, "
            f"which this version refuses: they must be {refused.allowed}. The defaults "
            f"are used instead {_UNTIL_SAVED}"
        )
    else:
        said = (
            f"the matching settings stored in {workspace} are refused together: "
            f"{refused.setting} must be {refused.allowed}, not its default "
            f"{_shown(refused.default)}, and which stored value is wrong cannot be told. "
            f"The defaults are used for every one of them {_UNTIL_SAVED}"
        )
    return ((None, said),)


def _one_set_aside(each: SetAside, workspace: str) -> str:
    return (
        f"the matching setting {each.setting} stored in {workspace} is "
        f"{_shown(each.stored)}, which this version refuses: it must be {each.allowed}. "
        f"Its default ({_shown(each.default)}) is used instead {_UNTIL_SAVED}"
    )


def unknown_said(read: StoredSettings, workspace: str) -> str | None:
    """The warning naming the stored settings ``read`` did not know (a newer version's),
    or None: they are ignored, and stay in ``workspace``."""
    if not read.unknown:
        return None
    names = ", ".join(read.unknown)
    return (
        f"{workspace} keeps matching settings this version does not know, saved by another "
        f"version (perhaps a newer one): {names}. They are ignored, and kept in the "
        "workspace (saving the settings keeps them too)"
    )


def changed_from_defaults(settings: MatchSettings) -> dict[str, Any]:
    """The offered settings whose value is not the engine's default, by name, in the
    offered order: what a run says it matched with beyond the defaults."""
    defaults = MatchSettings()
    return {
        name: getattr(settings, name)
        for name in OFFERED
        if getattr(settings, name) != getattr(defaults, name)
    }


def typed(values: Mapping[str, Any]) -> dict[str, Any]:
    """Each value in its field's type (``typed_value``); names no field has as given."""
    return {name: typed_value(name, value) for name, value in values.items()}


def typed_value(name: str, value: Any) -> Any:
    """``value`` in the type of the field ``name``: scores are floats (evidence, not
    money), counts are ints, tolerances Decimals. JSON storage reads every fraction back
    as a Decimal, and a hand may have written "0.5" or "ten". A value that is not of its
    field's kind is a ``SettingsError`` naming it: ``int(Decimal("1.5"))`` would have
    made it 1 without a word, and "ten" a bare ``ValueError`` naming nothing."""
    default = _default(name) if name in _FIELDS else None
    if isinstance(default, bool) or not isinstance(default, int | float | Decimal):
        return value  # the aliases, the currency, or no field at all: the settings check
    number = _number(value)
    if isinstance(default, Decimal):
        if number is None or not number.is_finite():
            raise SettingsError(name, "a number", value)
        return number
    if isinstance(default, float):
        if number is None:
            raise SettingsError(name, "a number", value)
        return float(number)
    if number is None or not number.is_finite() or number != number.to_integral_value():
        raise SettingsError(name, "a whole number", value)
    return int(number)


def _default(name: str) -> Any:
    """The engine's default for the setting ``name``."""
    return getattr(MatchSettings(), name)


def _number(value: object) -> Decimal | None:
    """``value`` as an exact number, or None where it is none (true, a list, "ten")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            return None
    return None


def _shown(value: object) -> str:
    """A stored value as the accountant reads it: a number as written ("0.6", and "2.00"
    too, which ``to_dict`` stores as text), other text quoted ("\"ten\"", "\"\"" for none),
    anything else as the workspace keeps it (JSON: "true", "null", "[0.5, 0.4]")."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, str) and _number(value) is not None:
        return value.strip()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_json(item) for item in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_json(str(k))}: {_json(v)}" for k, v in value.items()) + "}"
    return _json(value)


def _json(value: object) -> str:
    """``value`` as JSON, a Decimal as the number it is (JSON reads fractions as them)."""
    if isinstance(value, Decimal | list | tuple | Mapping):
        return _shown(value)
    return json.dumps(value, default=str, ensure_ascii=False)
