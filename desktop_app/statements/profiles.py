"""Saved mapping profiles, found again by the file's header fingerprint.

The fingerprint is the header's column names, normalised (case, accents, spacing), so next
month's export from the same bank gets the same corrections without asking. When no
profile matches exactly but one is close (columns added, removed or renamed), that is
drift: reported with the differences, and the old profile is not applied.

``ProfileStore`` is a protocol: a JSON file here, the workspace's SQLite later.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from rapidfuzz import fuzz

from desktop_app.statements.header_words import fold
from desktop_app.statements.layout import Layout
from desktop_app.statements.mapping import Mapping, MappingError

_DRIFT_SIMILARITY = 0.5  # share of header names in common to call it the same bank's export
_RENAME_SCORE = 80


@dataclass(frozen=True, slots=True)
class SavedProfile:
    name: str
    fingerprint: str
    header: tuple[str, ...]
    mapping: Mapping


class ProfileStore(Protocol):
    def get(self, fingerprint: str) -> SavedProfile | None: ...

    def all(self) -> Sequence[SavedProfile]: ...

    def save(self, profile: SavedProfile) -> None: ...


@dataclass(frozen=True, slots=True)
class ProfileMatch:
    profile: SavedProfile | None = None
    drift: str | None = None


def fingerprint_of(layout: Layout) -> str:
    return header_fingerprint(layout.columns, has_header=layout.header_row is not None)


def header_fingerprint(columns: Sequence[str], *, has_header: bool = True) -> str:
    names = [fold(name) for name in columns]
    while names and not names[-1]:
        names.pop()
    basis = "|".join(names) if has_header else f"no header|{len(columns)} columns"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


def profile_from_layout(name: str, layout: Layout, mapping: Mapping) -> SavedProfile:
    """The profile to save after the accountant corrected ``layout`` with ``mapping``."""
    return SavedProfile(name, layout.fingerprint or fingerprint_of(layout), layout.columns, mapping)


def match_profile(store: ProfileStore, fingerprint: str, header: Sequence[str]) -> ProfileMatch:
    exact = store.get(fingerprint)
    if exact is not None:
        return ProfileMatch(profile=exact)
    names = {fold(name) for name in header if fold(name)}
    if not names:
        return ProfileMatch()
    best: tuple[float, SavedProfile] | None = None
    for saved in store.all():
        saved_names = {fold(name) for name in saved.header if fold(name)}
        if not saved_names:
            continue
        similarity = len(names & saved_names) / len(names | saved_names)
        if similarity >= _DRIFT_SIMILARITY and (best is None or similarity > best[0]):
            best = (similarity, saved)
    if best is None:
        return ProfileMatch()
    return ProfileMatch(drift=describe_drift(best[1], header))


def describe_drift(saved: SavedProfile, header: Sequence[str]) -> str:
    old = [name for name in saved.header if name.strip()]
    new = [name for name in header if name.strip()]
    removed = [name for name in old if fold(name) not in {fold(n) for n in new}]
    added = [name for name in new if fold(name) not in {fold(n) for n in old}]
    renamed = []
    for name in list(removed):
        match = max(added, key=lambda candidate: _likeness(name, candidate), default=None)
        if match is not None and _likeness(name, match) >= _RENAME_SCORE:
            renamed.append(f"'{name}' -> '{match}'")
            removed.remove(name)
            added.remove(match)
    changes = []
    if renamed:
        changes.append("renamed " + ", ".join(renamed))
    if added:
        changes.append("added " + ", ".join(f"'{name}'" for name in added))
    if removed:
        changes.append("removed " + ", ".join(f"'{name}'" for name in removed))
    return (
        f"DRIFT: the header resembles saved profile '{saved.name}' but has changed "
        f"({'; '.join(changes) or 'columns reordered'}); the profile was NOT applied: check "
        "the detected layout and save the profile again"
    )


def _likeness(old: str, new: str) -> float:
    """'Amount' and 'Amount (EUR)' are one column renamed: shared words count fully."""
    return float(fuzz.token_set_ratio(fold(old), fold(new)))


class JsonProfileStore:
    """Profiles in one JSON file, rewritten atomically on every save."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def _load(self) -> dict[str, SavedProfile]:
        if not self.path.exists():
            return {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return {item["fingerprint"]: profile_from_json(item) for item in raw["profiles"]}
        except (OSError, ValueError, KeyError, TypeError, MappingError) as error:
            raise MappingError(f"profile file {self.path} is unreadable: {error}") from None

    def get(self, fingerprint: str) -> SavedProfile | None:
        return self._load().get(fingerprint)

    def all(self) -> Sequence[SavedProfile]:
        return list(self._load().values())

    def save(self, profile: SavedProfile) -> None:
        profiles = self._load()
        profiles[profile.fingerprint] = profile
        payload = {"profiles": [profile_to_json(item) for item in profiles.values()]}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".profiles-")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(payload, stream, ensure_ascii=False, indent=2)
        os.replace(temporary, self.path)


class ProfileBackend(Protocol):
    """Plain JSON storage keyed by fingerprint (the workspace's ``profiles`` store)."""

    def get(self, fingerprint: str) -> dict[str, Any] | None: ...

    def put(self, fingerprint: str, profile: dict[str, Any]) -> None: ...

    def all(self) -> dict[str, dict[str, Any]]: ...


class BackedProfileStore:
    """A ``ProfileStore`` over any JSON key-value backend, so the workspace can keep profiles
    without knowing what a profile is, and this package without knowing SQLite."""

    def __init__(self, backend: ProfileBackend) -> None:
        self._backend = backend

    def get(self, fingerprint: str) -> SavedProfile | None:
        item = self._backend.get(fingerprint)
        return profile_from_json(item) if item is not None else None

    def all(self) -> Sequence[SavedProfile]:
        return [profile_from_json(item) for item in self._backend.all().values()]

    def save(self, profile: SavedProfile) -> None:
        self._backend.put(profile.fingerprint, profile_to_json(profile))


def profile_to_json(profile: SavedProfile) -> dict[str, Any]:
    return {
        "name": profile.name,
        "fingerprint": profile.fingerprint,
        "header": list(profile.header),
        "mapping": profile.mapping.to_json(),
    }


def profile_from_json(item: dict[str, Any]) -> SavedProfile:
    header = item["header"]
    if not isinstance(header, list):
        raise TypeError("header must be a list")
    return SavedProfile(
        str(item["name"]),
        str(item["fingerprint"]),
        tuple(map(str, header)),
        Mapping.from_json(item["mapping"]),
    )
