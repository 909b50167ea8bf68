"""Saved mapping profiles, found again by the file's header fingerprint.

The fingerprint is the header's column names, normalised (case, accents, spacing), so next
month's export from the same bank gets the same corrections without asking. When no
profile matches exactly but one is close (columns added, removed or renamed), that is
drift: reported with the differences, and the old profile is not applied. Close is most
names in common, or, for a bank that renamed many columns at once, the same columns
holding the same kinds in the same order with half of them still named as they were (or
one, and a file name of the profile's pattern); a different bank's export that shares a
generic name or two is not flagged against an unrelated profile. The drift says which of
these made the header resemble the profile.

A file without a header row has no names to go by, and the number of its columns alone
would hand one bank's profile (month-first dates, inverted signs) to any other bank's
three-column export. Its fingerprint is what each column holds (date, number, code, text)
and the pattern of the file's name (digits aside: ``export_2024-01.csv`` and
``export_2024-02.csv`` are one pattern), so a profile applies only to the export it was
saved for. Content cannot tell two banks' exports with the same columns apart; one with
the same columns under another name, or a near layout (a column added, removed or of
another kind) under a like name, is flagged as drift and the profile not applied.

A text's header is read before any profile is known, in the encoding detected (a DOS or
central European code page reads as Windows-1252), and a profile may then read the text in
the bank's own: the header 'Empf„nger' it was saved by reads 'Empfänger' so. The profile
keeps the encoding its header was read in (``header_encoding``), and a header read in
another is compared with the profile's as that encoding reads the same bytes
(``fingerprint_in``): the same bytes are the same export, however they are decoded.

``ProfileStore`` is a protocol: ``JsonProfileStore`` keeps profiles in a JSON file,
``BackedProfileStore`` in the workspace (what the desktop app and ``reconcile
--workspace`` use).
"""

from __future__ import annotations

import codecs
import difflib
import hashlib
import json
import math
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from rapidfuzz import fuzz

from desktop_app.statements.balance_sign import remember
from desktop_app.statements.header_words import fold
from desktop_app.statements.layout import DriftedProfile, Layout
from desktop_app.statements.mapping import Mapping, MappingError, resolve_column
from desktop_app.wording import counted

_DRIFT_SIMILARITY = 0.5  # share of header names in common to call it the same bank's export
_RENAME_SCORE = 80
_LIKE_NAME_SCORE = 80  # file name patterns this alike: one export's names, a suffix apart


@dataclass(frozen=True, slots=True)
class SavedProfile:
    name: str
    fingerprint: str
    header: tuple[str, ...]
    mapping: Mapping
    kinds: tuple[str, ...] = ()  # each column's content kind (``Layout.column_kinds``)
    file_name: str | None = None  # the file it was saved from (its name's pattern counts)
    # The encoding ``header`` was read in (a text's), None for a profile saved before it
    # was kept: such a header is compared as it reads, whatever the encoding.
    header_encoding: str | None = None

    @property
    def has_header(self) -> bool:
        return any(name.strip() for name in self.header)

    def fingerprint_in(self, encoding: str | None) -> str | None:
        """The fingerprint of the profile's header as ``encoding`` reads the bytes it was
        read from (in ``header_encoding``); None when they are not ``encoding`` text.

        A header detected as Windows-1252 ('Empf„nger') reads otherwise in the code
        page the profile sets ('Empfänger'), yet it is the same header: a file of that
        export, read so, has this fingerprint. Without a header, or without the encoding it
        was read in, the fingerprint is the one saved.
        """
        saved_in = self.header_encoding
        if (
            encoding is None
            or saved_in is None
            or not self.has_header
            or same_codec(saved_in, encoding)
            or header_fingerprint(self.header) != self.fingerprint  # not the header keyed
        ):
            return self.fingerprint
        try:
            header = [name.encode(saved_in).decode(encoding) for name in self.header]
        except (UnicodeError, LookupError):
            return None
        return header_fingerprint(header)


class ProfileStore(Protocol):
    def get(self, fingerprint: str) -> SavedProfile | None: ...

    def all(self) -> Sequence[SavedProfile]: ...

    def save(self, profile: SavedProfile) -> None: ...


@dataclass(frozen=True, slots=True)
class ProfileMatch:
    profile: SavedProfile | None = None
    drift: str | None = None
    evidence: str | None = None  # why the profile was applied, for the layout's evidence
    # The saved profile ``drift`` names, whose roles can be offered by their place on this
    # header: one whose header this one is a changed version of, or a header-less one
    # whose columns held what this file's hold (its roles given by column number); None
    # for no drift, or the drift of a file without a header.
    drifted_from: SavedProfile | None = None


def same_codec(first: str | None, second: str | None) -> bool:
    """Whether two encoding names are one codec ('latin-1', 'latin1' and 'iso-8859-1');
    an unknown name is only itself."""
    return _codec(first) == _codec(second)


def _codec(name: str | None) -> str | None:
    if name is None:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


def fingerprint_of(layout: Layout) -> str:
    return header_fingerprint(
        layout.columns,
        has_header=layout.header_row is not None,
        kinds=layout.column_kinds,
        file_name=layout.file_name,
    )


def header_fingerprint(
    columns: Sequence[str],
    *,
    has_header: bool = True,
    kinds: Sequence[str] = (),
    file_name: str | None = None,
) -> str:
    """The header's folded names; without a header, the columns' kinds and the file name's
    pattern (``kinds`` and ``file_name``; the column count where they are not known)."""
    if has_header:
        names = [fold(name) for name in columns]
        while names and not names[-1]:
            names.pop()
        basis = "|".join(names)
    elif kinds:
        shape = ",".join(_trimmed(kinds))
        basis = f"no header|{shape}|{name_pattern(file_name) if file_name else ''}"
    else:
        basis = f"no header|{len(columns)} columns"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


def name_pattern(file_name: str) -> str:
    """A file's name as one export's files share it: folded, every run of digits one '#',
    and a browser's ' (1)' for a second download dropped."""
    name = re.sub(r"\s*\(\d+\)(?=\.[^.]*$|$)", "", file_name)
    return re.sub(r"\d+", "#", fold(name))


def profile_from_layout(
    name: str,
    layout: Layout,
    mapping: Mapping,
    applied: SavedProfile | None = None,
    read: Layout | None = None,
) -> SavedProfile:
    """The profile to save after the accountant corrected ``layout`` with ``mapping``;
    without the mapping's account, which belongs to one file, not to every file like it.
    A text's header keeps the encoding it was read in (``SavedProfile.header_encoding``).

    ``read`` is the file as imported with ``mapping`` (``layout`` itself where not given;
    the wizard passes the layout it detected, before its corrections): where it flips
    every sign and its balance column's steps said whether the balances keep their sign,
    the profile remembers that, for a quiet month whose steps cannot say
    (``balance_sign.remember``).

    ``applied`` is the saved profile ``layout`` was read with, if any, which the new one
    replaces. One found by its header read in another encoding than the layout's (its
    own: ``fingerprint_in``) keeps that header and its key, by which the next file of the
    export is found as detected; keyed by the header as read here, the new profile would
    stand beside the old one, which would still be found first.
    """
    fingerprint = layout.fingerprint or fingerprint_of(layout)
    header, encoding = layout.columns, layout.encoding if layout.header_row is not None else None
    if applied is not None and applied.fingerprint != fingerprint:
        fingerprint, header, encoding = applied.fingerprint, applied.header, applied.header_encoding
    return SavedProfile(
        name,
        fingerprint,
        header,
        remember(mapping.for_files_like_this, layout if read is None else read),
        layout.column_kinds,
        layout.file_name,
        encoding,
    )


def match_profile(saved_profiles: Sequence[SavedProfile], layout: Layout) -> ProfileMatch:
    """The saved profile for ``layout``'s fingerprint, or the drift from a near one, among
    ``saved_profiles`` (a store's ``all()``, read once for the whole import)."""
    fingerprint = layout.fingerprint or fingerprint_of(layout)
    exact = find_profile(saved_profiles, fingerprint, layout.encoding)
    if exact is not None:
        return ProfileMatch(profile=exact, evidence=_applied(exact, layout))
    if layout.header_row is None:
        return ProfileMatch(drift=_headerless_drift(saved_profiles, layout))
    return _header_drift(saved_profiles, layout)


def find_profile(
    saved_profiles: Sequence[SavedProfile], fingerprint: str, encoding: str | None
) -> SavedProfile | None:
    """The saved profile for a header with ``fingerprint``, read in ``encoding``: keyed
    so, or keyed by the header as another encoding read it (``read_alike``)."""
    keyed = next((saved for saved in saved_profiles if saved.fingerprint == fingerprint), None)
    return keyed or read_alike(saved_profiles, fingerprint, encoding)


def read_alike(
    saved_profiles: Iterable[SavedProfile], fingerprint: str, encoding: str | None
) -> SavedProfile | None:
    """The profile whose header, read in ``encoding`` as the file's header was, has
    ``fingerprint``, where it was saved read in another (``fingerprint_in``)."""
    return next(
        (
            saved
            for saved in saved_profiles
            if saved.header_encoding is not None
            and not same_codec(saved.header_encoding, encoding)
            and saved.fingerprint_in(encoding) == fingerprint
        ),
        None,
    )


def _applied(saved: SavedProfile, layout: Layout) -> str:
    if layout.header_row is not None:
        return f"applied: {saved.name}"
    return (
        f"applied: {saved.name} (no header row: the columns hold "
        f"{_kinds(_trimmed(layout.column_kinds))}"
        f" and its name follows {_saved_from(saved)})"
    )


def _headerless_drift(saved_profiles: Sequence[SavedProfile], layout: Layout) -> str | None:
    """A header-less profile this file nearly fits: the same columns under another file name
    (content cannot tell that bank's export from another's), or a near layout under a like
    name; a profile with a header for the same columns and file name pattern (the export
    lost its header); a profile saved before kinds were kept, for as many columns. None
    when no profile comes close."""
    kinds = _trimmed(layout.column_kinds)
    pattern = name_pattern(layout.file_name) if layout.file_name else None
    same: SavedProfile | None = None
    near: tuple[SavedProfile, str] | None = None
    legacy: SavedProfile | None = None
    lost_header: SavedProfile | None = None
    for saved in saved_profiles:
        if saved.has_header:
            if saved.kinds and _trimmed(saved.kinds) == kinds and _same_pattern(saved, pattern):
                lost_header = lost_header or saved
            continue
        if not saved.kinds:
            if len(saved.header) == len(layout.columns):
                legacy = legacy or saved
            continue
        saved_kinds = _trimmed(saved.kinds)
        if saved_kinds == kinds:
            same = same or saved
            continue
        change = _kind_change(saved_kinds, kinds)
        if change and near is None and _like_names(saved, pattern):
            near = (saved, change)
    if same is not None:
        return (
            f"DRIFT: this file has no header row and its columns hold what those of saved "
            f"profile '{same.name}' held ({_kinds(kinds)}), but its name "
            f"'{layout.file_name}' does not follow {_saved_from(same)}; without a header, "
            "content cannot tell one bank's export from another's with the same columns, so "
            "the profile was NOT applied: if this is that export, import it with the "
            "profile's corrections and save the profile again"
        )
    if near is not None:
        saved, change = near
        return (
            f"DRIFT: this file has no header row and resembles saved profile '{saved.name}' "
            f"(its name is like {_saved_from(saved)}) but its columns have changed "
            f"({change}: now {_kinds(kinds)}, was {_kinds(_trimmed(saved.kinds))}); the "
            "profile was NOT applied: check the detected layout and save the profile again"
        )
    if lost_header is not None:
        return (
            f"DRIFT: this file has no header row, but its columns hold what those of saved "
            f"profile '{lost_header.name}' held ({_kinds(kinds)}) and its name follows "
            f"{_saved_from(lost_header)}; that profile, saved for the export with a header, "
            "was NOT applied: check the detected layout and save the profile again"
        )
    if legacy is not None:
        return (
            f"DRIFT: this file has no header row and {counted(len(layout.columns), 'column')}, as saved "
            f"profile '{legacy.name}' had, but that profile was saved without what each "
            "column holds, which now tells header-less exports apart; it was NOT applied: "
            "check the detected layout and save the profile again"
        )
    return None


def _kind_change(old: Sequence[str], new: Sequence[str]) -> str | None:
    """The one column added, removed or changed in kind between ``old`` and ``new``; None
    when more than one column differs."""
    steps = [
        step
        for step in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
        if step[0] != "equal"
    ]
    if len(steps) != 1:
        return None
    tag, old_start, old_end, new_start, new_end = steps[0]
    if tag == "insert" and new_end - new_start == 1:
        return f"a {new[new_start]} column added as column {new_start + 1}"
    if tag == "delete" and old_end - old_start == 1:
        return f"column {old_start + 1} ({old[old_start]}) removed"
    if tag == "replace" and old_end - old_start == 1 and new_end - new_start == 1:
        return f"column {new_start + 1} now holds {new[new_start]}, not {old[old_start]}"
    return None


def _like_names(saved: SavedProfile, pattern: str | None) -> bool:
    saved_pattern = _saved_pattern(saved)
    if saved_pattern is None or pattern is None:
        return False
    return fuzz.ratio(saved_pattern, pattern) >= _LIKE_NAME_SCORE


def _saved_pattern(saved: SavedProfile) -> str | None:
    """The pattern of the name of the file the profile was saved from (None: not kept)."""
    return None if saved.file_name is None else name_pattern(saved.file_name)


def _trimmed(kinds: Sequence[str]) -> tuple[str, ...]:
    """Without trailing empty columns (a trailing delimiter), as header names are."""
    kept = list(kinds)
    while kept and kept[-1] == "blank":
        kept.pop()
    return tuple(kept)


def _saved_from(saved: SavedProfile) -> str:
    if saved.file_name is None:
        return "the name of the file the profile was saved from"
    return f"'{saved.file_name}', the file the profile was saved from"


def _kinds(kinds: Sequence[str]) -> str:
    return ", ".join(kinds)


def _header_drift(saved_profiles: Sequence[SavedProfile], layout: Layout) -> ProfileMatch:
    """The saved profile this header is a changed version of, as drift and as the profile
    it drifted from; no drift when none is.

    Most of the names in common says so. A bank that renamed half its columns (a new
    export, another language) keeps its shape: a profile with the same columns holding the
    same kinds, in the same order, and at least half of them (two at least) still named
    the same in the same place, or one so named and a file name of the same pattern, is
    that bank's export changed. An unrelated bank's file shares a generic name or two
    ('Datum', 'Saldo') but rarely its whole shape as well, so it stays unflagged; a
    header-less profile of the same shape and file name pattern means the header is new,
    and is the profile drifted from too: its columns are this file's, in their places.
    """
    if not any(fold(name) for name in layout.columns):
        return ProfileMatch()
    closest = _closest(saved_profiles, layout)
    if closest is not None:
        saved, why = closest
        drift = describe_drift(saved, layout.columns, kinds=layout.column_kinds, why=why)
        return ProfileMatch(drift=drift, drifted_from=saved)
    kinds = _trimmed(layout.column_kinds)
    pattern = name_pattern(layout.file_name) if layout.file_name else None
    headerless = next(
        (
            saved
            for saved in saved_profiles
            if not saved.has_header
            and bool(saved.kinds)
            and _trimmed(saved.kinds) == kinds
            and _same_pattern(saved, pattern)
        ),
        None,
    )
    if headerless is None:
        return ProfileMatch()
    # Its columns are this file's, in their places: its roles (by number) can be offered.
    return ProfileMatch(
        drifted_from=headerless,
        drift=(
            f"DRIFT: the file now has a header row, but its columns hold what those of saved "
            f"profile '{headerless.name}' held ({_kinds(kinds)}) and its name follows "
            f"{_saved_from(headerless)}; that profile, saved for the export without a header, "
            "was NOT applied: check the detected layout and save the profile again"
        ),
    )


def drift_offer(saved: SavedProfile, width: int) -> DriftedProfile:
    """``saved`` (the profile a drift names, ``ProfileMatch.drifted_from``) as the wizard
    offers it on a header of ``width`` columns: its name, its roles placed there
    (``_roles_in_place``) and its currency."""
    roles = _roles_in_place(saved, width)
    return DriftedProfile(saved.name, tuple(sorted(roles.items())), saved.mapping.currency)


def _roles_in_place(saved: SavedProfile, width: int) -> dict[int, str]:
    """The roles ``saved`` gives its columns (named or numbered), by their position in
    its header, on a header of ``width`` columns: a column renamed in its place (the drift
    the wizard shows) keeps its role, and a header-less profile's column, given by its
    number, gives its role to the column in its place under the header the file now has.
    A column the profile names but its header lacks, or one past ``width``, gives none."""
    roles: dict[int, str] = {}
    for role, refs in saved.mapping.columns.items():
        for ref in refs if isinstance(refs, list) else [refs]:
            try:
                index = resolve_column(ref, list(saved.header))
            except MappingError:
                continue
            if index < width:
                roles[index] = role
    return roles


def _closest(
    saved_profiles: Sequence[SavedProfile], layout: Layout
) -> tuple[SavedProfile, str] | None:
    """The saved profile with a header this one resembles most, with what made it
    resemble; None when none does."""
    names = {fold(name) for name in layout.columns if fold(name)}
    if not names:
        return None
    kinds = _trimmed(layout.column_kinds)
    pattern = name_pattern(layout.file_name) if layout.file_name else None
    best: tuple[tuple[float, float], SavedProfile, str] | None = None
    for saved in saved_profiles:
        same_shape = bool(saved.kinds) and _trimmed(saved.kinds) == kinds
        same_name = _same_pattern(saved, pattern)
        if not saved.has_header:
            continue
        saved_names = {fold(name) for name in saved.header if fold(name)}
        common = len(names & saved_names)
        similarity = common / len(names | saved_names)
        kept = _kept_in_place(saved.header, layout.columns)
        if similarity >= _DRIFT_SIMILARITY:
            why = f"{common} of {len(saved_names)} column names in common"
        elif same_shape and len(kept) >= max(2, math.ceil(len(kinds) / 2)):
            why = f"{_shape(kinds)}, and {_quoted(kept)} still in place"
        elif same_shape and kept and same_name:
            why = f"{_shape(kinds)}, {_quoted(kept)} still in place, and its name follows {_saved_from(saved)}"
        else:
            continue
        score = (similarity, len(kept) / max(len(kinds), 1))
        if best is None or score > best[0]:
            best = (score, saved, why)
    return None if best is None else (best[1], best[2])


def _same_pattern(saved: SavedProfile, pattern: str | None) -> bool:
    return pattern is not None and _saved_pattern(saved) == pattern


def _kept_in_place(old: Sequence[str], new: Sequence[str]) -> list[str]:
    """The columns named the same (or one renamed, 'Amount' -> 'Amount (EUR)') in the
    same place in both headers."""
    return [
        after
        for before, after in zip(old, new, strict=False)
        if fold(before) and fold(after) and _likeness(before, after) >= _RENAME_SCORE
    ]


def describe_drift(
    saved: SavedProfile,
    header: Sequence[str],
    *,
    kinds: Sequence[str] = (),
    why: str | None = None,
) -> str:
    """The changes from ``saved``'s header to ``header``. A name gone and another come in
    its place, holding the same kind (``kinds`` against the profile's), is one column
    renamed; ``why`` is what made the header resemble the profile."""
    old = [name for name in saved.header if name.strip()]
    new = [name for name in header if name.strip()]
    removed = [name for name in old if fold(name) not in {fold(n) for n in new}]
    added = [name for name in new if fold(name) not in {fold(n) for n in old}]
    renamed = []
    for name in list(removed):
        match = max(added, key=lambda candidate: _likeness(name, candidate), default=None)
        if match is None or _likeness(name, match) < _RENAME_SCORE:
            match = _in_its_place(saved, name, header, kinds)
        if match is not None and match in added:
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
        f"DRIFT: the header resembles saved profile '{saved.name}'"
        f"{f' ({why})' if why else ''} but has changed "
        f"({'; '.join(changes) or 'columns reordered'}); the profile was NOT applied: check "
        "the detected layout and save the profile again"
    )


def _in_its_place(
    saved: SavedProfile, name: str, header: Sequence[str], kinds: Sequence[str]
) -> str | None:
    """The name now in the place of the profile's column ``name``, if it holds the same."""
    index = saved.header.index(name)
    if index >= len(header) or index >= len(kinds) or index >= len(saved.kinds):
        return None
    return header[index] if kinds[index] == saved.kinds[index] else None


def _shape(kinds: Sequence[str]) -> str:
    return f"{counted(len(kinds), 'column')} holding {_kinds(kinds)}, as the profile's did"


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f"'{name.strip()}'" for name in names)


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
    """The profile as stored. The balances' sign it remembers (``balance_sign_kept``) is
    kept beside its mapping, not in it: a version of the application from before it was
    kept reads the profile as before, ignoring it, where a mapping key it does not know
    would make it refuse the profile, and with it every import that reads the profiles."""
    mapping = profile.mapping.to_json()
    kept = mapping.pop("balance_sign_kept", None)
    saved: dict[str, Any] = {
        "name": profile.name,
        "fingerprint": profile.fingerprint,
        "header": list(profile.header),
        "mapping": mapping,
    }
    if kept is not None:
        saved["balance_sign_kept"] = kept
    if profile.kinds:
        saved["kinds"] = list(profile.kinds)
    if profile.file_name is not None:
        saved["file_name"] = profile.file_name
    if profile.header_encoding is not None:
        saved["header_encoding"] = profile.header_encoding
    return saved


def profile_from_json(item: dict[str, Any]) -> SavedProfile:
    """A saved profile; one saved before kinds, file names, header encodings and the
    balances' sign were kept has none of them (the sign is read as a mapping's
    ``balance_sign_kept``, checked as one: ``profile_to_json`` says why it is beside it)."""
    header = item["header"]
    mapping = item["mapping"]
    if item.get("balance_sign_kept") is not None and isinstance(mapping, dict):
        mapping = {**mapping, "balance_sign_kept": item["balance_sign_kept"]}
    kinds = item.get("kinds", [])
    file_name = item.get("file_name")
    header_encoding = item.get("header_encoding")
    if not isinstance(header, list) or not isinstance(kinds, list):
        raise TypeError("header and kinds must be lists")
    return SavedProfile(
        str(item["name"]),
        str(item["fingerprint"]),
        tuple(map(str, header)),
        Mapping.from_json(mapping),
        tuple(map(str, kinds)),
        None if file_name is None else str(file_name),
        None if header_encoding is None else str(header_encoding),
    )
