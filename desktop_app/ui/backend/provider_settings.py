"""The GUI's providers: a providers.toml without secrets, and the secrets in the OS keyring.

The file uses the contract's format (docs/design.md), so it is validated by the same
``parse_config`` as the CLI's and can be copied to a scheduled job. The GUI keeps each
token (or Elevate password) in the keyring under the provider's name, or, as the
accountant chooses in the provider dialog, reads it from the environment variable the
entry names (``token_env``, ``password_env``): on a machine without a keyring, the only
way to give the window a secret. The file holds the variable's name, never the secret.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping, MutableSequence
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, Array, Null, Whitespace
from tomlkit.items import Table as Table_

from desktop_app.providers import ConfigError, ProviderConfig, parse_config
from desktop_app.providers.config import DEFAULT_BASE_URLS, ProviderKind, kind_keys
from desktop_app.providers.secret_check import secret_request
from desktop_app.secrets import (
    ChainedSecretSource,
    EnvSecretSource,
    KeyringSecretSource,
    SecretError,
    SecretPurpose,
    SecretRequest,
    SecretSource,
    SecretStoreUnavailableError,
    blank_variable,
    clean_secret,
    example_env_name,
    plain_env_name,
)
from desktop_app.ui.services import ProviderEntry, SecretFrom

# Keys a GUI entry may carry besides kind, name, base_url and direction.
OPTION_KEYS = ("organisation_id", "auth_scheme", "currency", "brand", "username")
# The keys naming the variable a secret is read from (``ProviderEntry.secret_env``).
SECRET_ENV_KEYS = ("token_env", "password_env")
# The keys the settings screen edits; any other key of an entry (max_retry_after) was
# written by hand and is kept as it is.
_EDITED_KEYS = frozenset({"kind", "name", "base_url", "direction", *OPTION_KEYS, *SECRET_ENV_KEYS})

Table = dict[str, Any]


class ProviderSettings:
    def __init__(self, path: Path, keyring_source: KeyringSecretSource | None = None) -> None:
        self.path = path
        # Its messages name this file: the one a machine without a keyring must edit.
        self.keyring = (keyring_source or KeyringSecretSource()).for_settings(path)

    # -- reading ----------------------------------------------------------------------
    def configs(self) -> list[ProviderConfig]:
        """The configured providers; none when the file does not exist yet."""
        return self._load()[1]

    def _load(
        self, document: tomlkit.TOMLDocument | None = None
    ) -> tuple[list[Table], list[ProviderConfig]]:
        """The entries as the file has them (every key kept) and as validated, from
        ``document`` (the file as ``_document`` read it) or one read of the file; none
        when it does not exist yet."""
        data = (self._document() if document is None else document).unwrap()
        if not data.get("providers"):
            return [], []
        configs = parse_config(
            data, source=self.path.name, require_secret_env=False, settings_file=self.path
        )
        return [dict(table) for table in data["providers"]], configs

    def entries(self) -> list[ProviderEntry]:
        """The providers as the settings screen edits them. An entry whose table has no
        ``base_url`` has none here either (the screen shows "default: <that address>"),
        though its config reads the production address: filled in, the dialog showed that
        address and Save wrote it into the file, pinning the entry to it for good."""
        tables, configs = self._load()
        return [
            self._entry(config, written="base_url" in table)
            for table, config in zip(tables, configs, strict=True)
        ]

    def secrets(self) -> SecretSource:
        """The keyring first, then the environment (so a providers.toml's env vars work)."""
        return ChainedSecretSource(self.keyring, EnvSecretSource())

    def _entry(self, config: ProviderConfig, *, written: bool) -> ProviderEntry:
        """``config`` as the screen has it; ``written``: its table names a ``base_url``."""
        options = {key: value for key in OPTION_KEYS if (value := _option(config, key))}
        request = secret_request(config)
        return ProviderEntry(
            name=config.name,
            kind=config.kind.value,
            base_url=config.base_url if written else None,
            direction=config.direction.value,
            options=options,
            token_from=self._secret_from(request),
            secret_env=request.env_var,
        )

    def _secret_from(self, request: SecretRequest) -> SecretFrom:
        """Which source a fetch would take the secret from, in ``secrets()``' order: an
        unusable keyring is passed over (the environment may hold it), a secret that is
        there but unsendable (a line break inside) is as good as missing. None found, a
        variable set but empty is told apart (``blank_variable``, as a fetch's refusal
        tells it)."""
        environment = EnvSecretSource()
        for source, where in (
            (self.keyring, SecretFrom.KEYRING),
            (environment, SecretFrom.ENVIRONMENT),
        ):
            try:
                if source.lookup(request):
                    return where
            except SecretStoreUnavailableError:
                continue
            except SecretError:
                return SecretFrom.MISSING
        return SecretFrom.EMPTY if blank_variable(environment, request) else SecretFrom.MISSING

    # -- writing ----------------------------------------------------------------------
    def save(self, entry: ProviderEntry, secret: str | None, replaces: str | None = None) -> None:
        """Add or update ``entry`` (renaming ``replaces``); a new secret goes to the keyring.

        An entry naming its variable (``secret_env``) takes no secret: the name is written
        (``token_env``, or ``password_env`` for an Elevate login) and any secret the keyring
        holds for it is forgotten, since the keyring is read first and would hide the
        variable. The whole list is validated before anything is written, so a bad entry
        leaves the file and the keyring as they were.
        """
        if entry.secret_env is not None:
            if secret:
                raise ConfigError("a secret read from an environment variable is not stored")
            if not plain_env_name(entry.secret_env):
                # Never quoted, never written: it may be the secret itself.
                raise ConfigError(
                    f"{self.path.name}: provider {entry.name!r}: the environment variable's "
                    "name does not look like one (capital letters, digits and _, like "
                    f"{_suggested(entry)}): it may be the secret itself; nothing was saved"
                )
        edited = replaces or entry.name
        document = self._document()
        tables_now = self._load(document)[0]
        place = next((i for i, t in enumerate(tables_now) if t.get("name") == edited), None)
        if replaces is None and place is not None:
            raise ConfigError(f"a provider named {entry.name!r} already exists")
        if place is None:
            tables = [*tables_now, _table_of_entry(entry, {})]
        else:  # edited where it stands: a nightly job's reader may go by the file's order
            tables = list(tables_now)
            tables[place] = _table_of_entry(entry, tables_now[place])
        configs = parse_config(
            {"providers": tables}, source=self.path.name, require_secret_env=False
        )
        saved = next(config for config in configs if config.name == entry.name)
        # As it will be read back: a paste's line ending dropped, one inside refused here
        # (MalformedSecretError), before anything is written, not at the next fetch.
        request = secret_request(saved)
        secret = clean_secret(secret, request, "the Token or password field")
        if request.env_var is None:
            if secret:
                self.keyring.store(request, secret)
            if replaces and replaces != entry.name:
                self._move_secret(replaces, saved)
        if place is None:
            _append_table(document, tables[-1])
        else:
            _edit_table(_providers_of(document)[place], tables[place])
        self._write(document)
        if request.env_var is not None:  # once the file names the variable
            # A keyring there but unusable (locked) is passed over as secrets are read.
            self._forget_secrets({entry.name, edited}, request.purpose, unusable_ok=True)

    def remove(self, name: str) -> None:
        document = self._document()
        tables, configs = self._load(document)
        for config in configs:
            if config.name == name:
                self._forget_secrets({name}, secret_request(config).purpose, unusable_ok=False)
        for place in reversed(range(len(tables))):
            if tables[place].get("name") == name:
                _remove_table(document, place)
        self._write(document)

    def _forget_secrets(self, names: set[str], purpose: SecretPurpose, unusable_ok: bool) -> None:
        """The keyring's secrets of these providers forgotten (one removed, or now read
        from its variable, under its name and any old one). A machine without a keyring
        holds none to forget: removing a provider there failed on the keyring's refusal.
        One with a keyring it cannot use now (locked) may hold one: refused unless
        ``unusable_ok``."""
        for name in sorted(names):
            try:
                self.keyring.delete(SecretRequest(name, purpose))
            except SecretStoreUnavailableError:
                if self.keyring.absent or unusable_ok:
                    return
                raise

    def _move_secret(self, old_name: str, config: ProviderConfig) -> None:
        request = secret_request(config)
        old = SecretRequest(old_name, request.purpose, request.env_var)
        value = self.keyring.lookup(old)
        if value:
            self.keyring.store(request, value)
            self.keyring.delete(old)

    def _document(self) -> tomlkit.TOMLDocument:
        """The file as written, comments and layout included, to be edited where it
        changes: the screen rewrote it from its entries, and the comments an accountant
        keeps beside each provider (design.md's example has one on every key) were lost
        the first time any provider was saved. One read serves both: the entries are
        validated from it (``_load``) and it is what is edited and written back."""
        if not self.path.exists():
            return tomlkit.document()
        try:
            return tomlkit.parse(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, TOMLKitError) as error:
            raise ConfigError(f"{self.path}: cannot read: {error}") from None

    def _write(self, document: tomlkit.TOMLDocument) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(tomlkit.dumps(document), encoding="utf-8")
        temporary.replace(self.path)


def _providers_of(document: tomlkit.TOMLDocument) -> MutableSequence[Any]:
    """The document's providers, as ``[[providers]]`` tables or an inline array."""
    if "providers" not in document:
        document["providers"] = tomlkit.aot()
    providers: MutableSequence[Any] = document["providers"]
    return providers


def _append_table(document: tomlkit.TOMLDocument, table: Table) -> None:
    """``table`` added at the end, after one blank line as between the others (none in a
    file with nothing in it yet)."""
    had_providers = "providers" in document
    text = document.as_string().rstrip(" \t")
    providers = _providers_of(document)
    added = tomlkit.table() if isinstance(providers, AoT) else tomlkit.inline_table()
    added.update(table)
    if isinstance(providers, AoT) and text.strip():
        # The header follows whatever ends the file: its last line's break, when it has
        # one, and a blank line already there. A file without a final newline has
        # neither, and a file with no providers yet has the break put in for the array.
        breaks = len(text) - len(text.rstrip("\n"))
        if not had_providers:
            breaks = max(breaks, 1)
        added.trivia.indent = "\n" * max(2 - breaks, 0)
    providers.append(added)


def _remove_table(document: tomlkit.TOMLDocument, place: int) -> None:
    """The entry at ``place`` gone with the comments that are its own.

    A comment block right above an entry's header (after the last blank line below the
    entry before) is read as the next entry's: "# Versori bills us monthly" above
    ``[[providers]]``. The file keeps such a block inside the entry above it, so removing
    that entry would take the comment on the next one with it, and leave the removed
    one's own comment behind, above an entry it does not describe. (Comments after the
    last entry go with it: there is no entry below them to keep them for.) The first
    entry's block is not in any entry but in the file above the array, and goes too; a
    block opening the file with nothing but blank lines above it is kept, read as the
    file's own note (what the file is for), not the first entry's. The only entry
    takes the providers away: an empty array was written as ``providers = []`` above the
    file's comments, and every later entry went into that one-line array.
    """
    providers = _providers_of(document)
    if isinstance(providers, Array):
        _remove_element(providers, place)
        return
    if place == 0:
        _drop_first_entrys_comments(document)
    if len(providers) == 1:  # the last: an empty array would be written "providers = []"
        del document["providers"]
        return
    removed = providers[place]
    if place > 0:
        above = providers[place - 1].value.body
        del above[len(above) - len(_comments_above_next(above)) :]
    carried = "".join(item.as_string() for item in _comments_above_next(removed.value.body))
    if carried and place + 1 < len(providers):
        following = providers[place + 1]
        following.trivia.indent = carried + following.trivia.indent
    del providers[place]


def _remove_element(providers: Array, place: int) -> None:
    """The element at ``place`` of an inline array gone with its comments: the one on its
    line (tomlkit takes that) and the lines right above it, back to a blank line or the
    line of what comes before. tomlkit leaves those behind, above the next element.
    The line that follows takes the removed lines' place: the blank line before them
    stays, and none appears where there was none.

    tomlkit keeps an array's layout in groups of (indent, value, comma, comment) it does
    not expose; a comment line is a group with a ``Null`` value.
    """
    groups = providers._value
    at = providers._index_map[place]
    start = at
    while not _after_blank_line(groups[start]) and start > 0 and _comment_line(groups[start - 1]):
        start -= 1
    indent = groups[start].indent
    del groups[start:at]
    providers._reindex()
    del providers[place]
    following = groups[start] if start < len(groups) else None
    if (
        following is not None
        and following.value is not None
        and following.indent is not None
        and "\n" in following.indent.s
        and indent is not None
        and "\n" in indent.s
    ):
        following.indent = indent


def _comment_line(group: Any) -> bool:
    """An array group that is a comment on a line of its own."""
    return (
        isinstance(group.value, Null)
        and group.comment is not None
        and group.comma is None
        and group.indent is not None
        and "\n" in group.indent.s
    )


def _after_blank_line(group: Any) -> bool:
    """Whether a blank line stands above the group: what is above it is not about it."""
    return group.indent is not None and group.indent.s.count("\n") > 1


def _drop_first_entrys_comments(document: tomlkit.TOMLDocument) -> None:
    """The comment block right above the first ``[[providers]]`` header blanked out of
    the file, unless it opens the file (``_remove_table``). Blanked, not deleted: the
    document finds its keys by their place in its body."""
    body = document.body
    start = next(i for i, (key, _) in enumerate(body) if key is not None and key.key == "providers")
    block = _comments_above_next(body[:start])
    above = body[: start - len(block)]
    if any(not isinstance(item, Whitespace | Null) for _, item in above):
        for index in range(start - len(block), start):
            body[index] = (None, Null())


def _comments_above_next(body: list[tuple[Any, Any]]) -> list[Any]:
    """The comment lines that close an entry's body after its last blank line: those
    written above the next entry's header (keyless items, at the tail of the body)."""
    run: list[Any] = []
    for key, item in reversed(body):
        if key is not None:
            break
        run.append(item)
    run.reverse()
    blanks = [index for index, item in enumerate(run) if isinstance(item, Whitespace)]
    return run[blanks[-1] + 1 :] if blanks else run


def _edit_table(written: MutableMapping[str, Any], table: Table) -> None:
    """``written`` made to hold ``table``'s keys and values, changed only where they
    differ: a key's own comment stays beside it, and a key added goes after the key
    before it in ``table`` (not after the comments that close the entry, which belong to
    the next one)."""
    for key in [key for key in written if key not in table]:
        del written[key]
    previous: str | None = None
    for key, value in table.items():
        if key in written:
            if written[key] != value:
                written[key] = value
        elif previous is not None and isinstance(written, Table_):
            # tomlkit has no public insert at a place; its test here checks the place.
            written.value._insert_after(previous, key, value)
        else:
            written[key] = value
        previous = key


def _option(config: ProviderConfig, key: str) -> str | None:
    value = getattr(config, key)
    if key == "auth_scheme" and config.kind is not ProviderKind.VERSORI:
        return None
    if key == "currency" and config.kind is not ProviderKind.ELEVATE:
        return None
    return value if isinstance(value, str) else None


def _table_of_entry(entry: ProviderEntry, before: Mapping[str, Any]) -> Table:
    """The entry as the screen has it, with the keys of its table ``before`` that the
    screen does not edit and its kind takes (a Versori entry made an Elevate one keeps
    its token_env, not its organisation_id)."""
    allowed = kind_keys(entry.kind)
    table: Table = {"kind": entry.kind, "name": entry.name}
    if _written_base_url(entry, before):
        table["base_url"] = entry.base_url
    if entry.direction:
        table["direction"] = entry.direction
    table |= _known_options(entry.options)
    if entry.secret_env is not None:
        logs_in = entry.kind == ProviderKind.ELEVATE.value and bool(table.get("username"))
        table["password_env" if logs_in else "token_env"] = entry.secret_env
    return table | {
        key: value
        for key, value in before.items()
        if key not in _EDITED_KEYS and (allowed is None or key in allowed)
    }


def _written_base_url(entry: ProviderEntry, before: Mapping[str, Any]) -> bool:
    """Whether the entry's ``base_url`` goes into the file: one the entry's table already
    had, or one other than its kind's production address. The production address left
    implicit stays implicit: written, it would pin the entry to today's address, and a
    later change of the default would never reach it."""
    if not entry.base_url:
        return False
    if "base_url" in before:
        return True
    try:
        default = DEFAULT_BASE_URLS[ProviderKind(entry.kind)]
    except ValueError:  # an unknown kind: written as given, parse_config names the kind
        return True
    return entry.base_url.strip().rstrip("/") != default


def _suggested(entry: ProviderEntry) -> str:
    """The variable name the provider dialog suggests for ``entry``."""
    logs_in = entry.kind == ProviderKind.ELEVATE.value and bool(entry.options.get("username"))
    purpose = SecretPurpose.PASSWORD if logs_in else SecretPurpose.TOKEN
    return example_env_name(SecretRequest(entry.name, purpose))


def _known_options(options: Mapping[str, str]) -> dict[str, str]:
    return {key: value for key, value in options.items() if key in OPTION_KEYS and value}
