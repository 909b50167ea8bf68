"""Providers as the settings screen keeps them: a secret-free providers.toml + the keyring."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import date
from pathlib import Path

import keyring.backends.fail
import pytest

from desktop_app.domain import CancelToken, no_progress
from desktop_app.providers import (
    DEFAULT_BASE_URLS,
    AuthenticationError,
    ConfigError,
    CredentialsError,
    HttpPolicy,
    MalformedResponseError,
    ProviderHTTPError,
    ProviderKind,
    load_config,
)
from desktop_app.sandbox import Sandbox
from desktop_app.secrets import (
    InMemoryKeyring,
    KeyringSecretSource,
    MalformedSecretError,
    SecretStoreUnavailableError,
)
from desktop_app.ui.backend.demo import demo_providers, start_demo
from desktop_app.ui.backend.provider_backend import ProviderBackend
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.services import ProviderEntry, SecretFrom
from tests.providers.secret_shapes import SECRET_SHAPED

VERSORI = ProviderEntry(
    "Versori", "versori", "http://127.0.0.1:9/v", options={"organisation_id": "01ABC"}
)


def test_saved_file_is_a_valid_providers_toml_without_secrets(
    tmp_path: Path, memory_keyring
) -> None:
    settings = ProviderSettings(tmp_path / "providers.toml")
    settings.save(VERSORI, "super-secret-token")
    text = settings.path.read_text()
    assert "super-secret-token" not in text
    configs = load_config(settings.path, require_secret_env=False)
    assert [c.organisation_id for c in configs] == ["01ABC"]
    (entry,) = settings.entries()
    assert entry.has_token
    assert entry.options["organisation_id"] == "01ABC"
    assert memory_keyring.get_password("desktop-app", "Versori/token") == "super-secret-token"


def test_rename_moves_the_secret_and_remove_forgets_it(tmp_path: Path, memory_keyring) -> None:
    settings = ProviderSettings(tmp_path / "providers.toml")
    settings.save(VERSORI, "tok")
    renamed = ProviderEntry("Versori EU", "versori", VERSORI.base_url, options=VERSORI.options)
    settings.save(renamed, None, replaces="Versori")
    assert [e.name for e in settings.entries()] == ["Versori EU"]
    assert settings.entries()[0].has_token
    assert memory_keyring.get_password("desktop-app", "Versori/token") is None
    settings.remove("Versori EU")
    assert settings.entries() == []
    assert memory_keyring.get_password("desktop-app", "Versori EU/token") is None


def test_invalid_entries_are_refused_and_nothing_changes(tmp_path: Path, memory_keyring) -> None:
    settings = ProviderSettings(tmp_path / "providers.toml")
    settings.save(VERSORI, "tok")
    before = settings.path.read_text()
    with pytest.raises(ConfigError, match="organisation_id"):
        settings.save(ProviderEntry("Other", "versori"), "x")
    with pytest.raises(ConfigError, match="already exists"):
        settings.save(VERSORI, "y")
    assert settings.path.read_text() == before
    assert memory_keyring.get_password("desktop-app", "Other/token") is None


def test_a_pasted_token_is_stored_as_it_will_be_read(tmp_path: Path, memory_keyring) -> None:
    """The line ending a paste brings is dropped as the token is stored; a line break
    inside it is refused at Save, naming the field and never the token, with nothing
    written: it used to be stored, and only the next fetch refused it."""
    settings = ProviderSettings(tmp_path / "providers.toml")
    settings.save(VERSORI, "tok-123\r\n")
    assert memory_keyring.get_password("desktop-app", "Versori/token") == "tok-123"
    before = settings.path.read_text()
    other = ProviderEntry("Other", "versori", VERSORI.base_url, options=VERSORI.options)
    with pytest.raises(MalformedSecretError) as refused:
        settings.save(other, "abc\r\n.def")
    assert "'Other'" in str(refused.value)
    assert "Token or password field" in str(refused.value)
    assert "abc" not in str(refused.value)
    assert settings.path.read_text() == before
    assert memory_keyring.get_password("desktop-app", "Other/token") is None


def test_fetch_and_test_connection_against_the_sandbox(tmp_path: Path, sandbox: Sandbox) -> None:
    settings = ProviderSettings(tmp_path / "providers.toml")
    for entry, secret in demo_providers(sandbox):
        settings.save(entry, secret)
    backend = ProviderBackend(settings)
    result = asyncio.run(backend.fetch(None, None, no_progress, CancelToken()))
    assert result.failures == ()
    assert set(result.invoices) == {"Content Ignite", "Versori", "Elevate Billing"}
    assert all(result.invoices.values())
    config = settings.configs()[0]
    summary = asyncio.run(backend.test(config, settings.secrets(), sandbox.today))
    assert summary.startswith("connected: ")


def test_the_connection_test_names_an_invoice_it_could_not_use(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    settings = ProviderSettings(tmp_path / "providers.toml")
    entry, secret = demo_providers(sandbox)[0]  # Content Ignite
    settings.save(entry, secret)
    data = sandbox.dataset.content_ignite
    latest = max(data.invoices, key=lambda row: row["date"])
    del data.details[latest["id"]]
    config = settings.configs()[0]
    summary = asyncio.run(ProviderBackend(settings).test(config, settings.secrets(), sandbox.today))
    assert summary.startswith("connected: ")
    assert f"; 1 could not be used (invoice {latest['id']}: GET /v1/billing/invoice/" in summary


def test_the_connection_test_says_a_provider_kept_waiting_and_when_it_answers(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    """A test asked to retry after a second (HTTP 429, Retry-After) said nothing of it:
    its notice goes to ``waiting`` as a fetch's does, and is withdrawn when it answers."""
    settings = ProviderSettings(tmp_path / "providers.toml")
    entry, secret = demo_providers(sandbox)[0]  # Content Ignite
    settings.save(entry, secret)
    sandbox.faults.inject("content_ignite", "429", retry_after=1, times=1)
    told: list[tuple[str, str | None]] = []
    backend = ProviderBackend(settings, HttpPolicy(notice_after=0.5))
    config = settings.configs()[0]
    summary = asyncio.run(
        backend.test(config, settings.secrets(), sandbox.today, lambda *said: told.append(said))
    )
    assert summary.startswith("connected: ")
    notice = (
        "still waiting for Content Ignite: HTTP 429 Too Many Requests; trying again in "
        "1.0 s (attempt 2 of 5) …"
    )
    assert told == [("Content Ignite", notice), ("Content Ignite", None)]


def test_the_connection_test_names_the_organisation_versoris_token_belongs_to(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    """Test connection fetches through the same client as a fetch: a mistyped Versori
    organisation id is told as the fetch tells it, with the token's own id to use."""
    settings = ProviderSettings(tmp_path / "providers.toml")
    entry, secret = demo_providers(sandbox)[1]  # Versori
    typed = "01NOSUCHORGANISATION00000"
    settings.save(dataclasses.replace(entry, options={"organisation_id": typed}), secret)
    backend = ProviderBackend(settings)
    with pytest.raises(ProviderHTTPError) as error:
        asyncio.run(backend.test(settings.configs()[0], settings.secrets(), sandbox.today))
    token_organisation = sandbox.credentials.versori_organisation_id
    assert error.value.status == 404
    assert (
        f"(organisation_id {typed} is not this token's organisation: GET /active-organisation "
        f'answers {token_organisation}; set organisation_id = "{token_organisation}" in this '
        "provider's providers.toml entry (Organisation id under Settings)"
    ) in str(error.value)
    assert secret not in str(error.value)


def test_a_wrong_token_fails_the_connection_test(tmp_path: Path, sandbox: Sandbox) -> None:
    settings = ProviderSettings(tmp_path / "providers.toml")
    entry, _ = demo_providers(sandbox)[0]
    settings.save(entry, "not-the-token")
    backend = ProviderBackend(settings)
    with pytest.raises(AuthenticationError):
        asyncio.run(backend.test(settings.configs()[0], settings.secrets(), date(2025, 12, 1)))


def test_demo_keeps_its_secrets_out_of_the_users_keyring(tmp_path: Path, memory_keyring) -> None:
    demo = start_demo(tmp_path, statements=[])
    try:
        assert len(demo.settings.entries()) == 3
        assert all(entry.has_token for entry in demo.settings.entries())
        assert isinstance(demo.settings.keyring.backend, InMemoryKeyring)
        assert demo.settings.keyring.backend is not memory_keyring
        assert memory_keyring.get_password("desktop-app", "Versori/token") is None
    finally:
        demo.sandbox.stop()


HAND_WRITTEN = """\
[[providers]]
kind = "content_ignite"
name = "CI"
base_url = "http://127.0.0.1:9/ci"
token_env = "CI_TOKEN"
max_retry_after = 120

[[providers]]
kind = "versori"
name = "Versori"
base_url = "http://127.0.0.1:9/v"
organisation_id = "01ABC"
max_retry_after = 45.5
"""


def test_keys_written_by_hand_survive_the_settings_screen(tmp_path: Path, memory_keyring) -> None:
    """The screen rewrote providers.toml from what it edits: a max_retry_after a scheduled
    run needs, or a token_env, was dropped the next time any provider was saved."""
    settings = ProviderSettings(tmp_path / "providers.toml")
    settings.path.write_text(HAND_WRITTEN, encoding="utf-8")
    moved = ProviderEntry(
        "Versori", "versori", "http://127.0.0.1:9/v2", options={"organisation_id": "01XYZ"}
    )
    settings.save(moved, None, replaces="Versori")
    configs = {c.name: c for c in load_config(settings.path, require_secret_env=False)}
    assert (configs["CI"].token_env, configs["CI"].max_retry_after) == ("CI_TOKEN", 120)
    assert configs["Versori"].max_retry_after == 45.5
    assert (configs["Versori"].base_url, configs["Versori"].organisation_id) == (
        "http://127.0.0.1:9/v2",
        "01XYZ",
    )
    settings.remove("Versori")
    (kept,) = load_config(settings.path, require_secret_env=False)
    assert (kept.name, kept.token_env, kept.max_retry_after) == ("CI", "CI_TOKEN", 120)


def test_a_kind_changed_keeps_only_the_hand_written_keys_it_takes(
    tmp_path: Path, memory_keyring
) -> None:
    """An Elevate login made a Content Ignite entry keeps its max_retry_after; its
    password_env, which no Content Ignite entry takes, goes."""
    settings = ProviderSettings(tmp_path / "providers.toml")
    settings.path.write_text(
        '[[providers]]\nkind = "elevate"\nname = "EL"\nbase_url = "http://127.0.0.1:9/el"\n'
        'brand = "acme"\nusername = "ann"\npassword_env = "EL_PASSWORD"\nmax_retry_after = 90\n',
        encoding="utf-8",
    )
    settings.save(ProviderEntry("EL", "content_ignite", "http://127.0.0.1:9/ci"), None, "EL")
    text = settings.path.read_text(encoding="utf-8")
    assert "password_env" not in text
    (config,) = load_config(settings.path, require_secret_env=False)
    assert (config.kind.value, config.max_retry_after) == ("content_ignite", 90)


def test_a_production_address_stays_implicit_and_another_kinds_is_not_carried_over(
    tmp_path: Path, memory_keyring
) -> None:
    """An entry without base_url reads back without one (the screen shows the default
    as implicit), so a new kind chosen for it fetches from that kind's own production
    address: filled in, the Content Ignite address was written into the Versori entry.
    The kind's own production address, given, is still left implicit."""
    settings = ProviderSettings(tmp_path / "providers.toml")
    settings.path.write_text(
        '[[providers]]\nkind = "content_ignite"\nname = "CI"\ntoken_env = "CI_TOKEN"\n',
        encoding="utf-8",
    )
    (entry,) = settings.entries()
    assert entry.base_url is None
    as_versori = dataclasses.replace(
        entry, kind="versori", options={"organisation_id": "01ABC"}, secret_env="V_TOKEN"
    )
    settings.save(as_versori, None, replaces="CI")
    (config,) = load_config(settings.path, require_secret_env=False)
    assert config.base_url == DEFAULT_BASE_URLS[ProviderKind.VERSORI]
    with_default = dataclasses.replace(
        as_versori, base_url=DEFAULT_BASE_URLS[ProviderKind.VERSORI] + "/"
    )
    settings.save(with_default, None, replaces="CI")
    assert "base_url" not in settings.path.read_text(encoding="utf-8")
    assert settings.entries()[0].base_url is None


def test_an_edited_entry_keeps_its_place_and_odd_characters_survive(
    tmp_path: Path, memory_keyring
) -> None:
    """The edited entry moved to the end of the file; a name holding a control character
    (written \\u0001 in the file) was written back raw, and the next read of the file
    failed ("Illegal character"), so the app could no longer start its providers."""
    settings = ProviderSettings(tmp_path / "providers.toml")
    settings.path.write_text(
        '[[providers]]\nkind = "content_ignite"\nname = "Odd\\u0001name\\ttab"\n'
        'base_url = "http://127.0.0.1:9/ci"\n\n' + HAND_WRITTEN,
        encoding="utf-8",
    )
    moved = ProviderEntry("CI", "content_ignite", "http://127.0.0.1:9/ci2")
    settings.save(moved, None, replaces="CI")
    configs = load_config(settings.path, require_secret_env=False)
    assert [c.name for c in configs] == ["Odd\u0001name\ttab", "CI", "Versori"]
    assert configs[1].base_url == "http://127.0.0.1:9/ci2"


DESIGN_EXAMPLE = """\
# Our providers: secrets live in the keyring (GUI) or in the environment (nightly job).
[[providers]]
kind = "content_ignite"        # content_ignite | versori | elevate
name = "Content Ignite"        # unique; shown in the UI and in reports
token_env = "CI_TOKEN"         # env var holding the secret
direction = "payable"          # payable (money out) | receivable (money in)
# Moved to the EU endpoint in March; ask Sam before changing it.

# Versori bills us monthly.
[[providers]]
kind = "versori"
name = "Versori"
organisation_id = "01ABC"      # from Settings > Organisation
"""


def test_comments_written_by_hand_survive_the_settings_screen(
    tmp_path: Path, memory_keyring
) -> None:
    """The screen wrote providers.toml again from its entries: every comment in it (the
    design's own example has one on each key) was gone after the first save."""
    settings = ProviderSettings(tmp_path / "providers.toml")
    settings.path.write_text(DESIGN_EXAMPLE, encoding="utf-8")
    edited = ProviderEntry(  # with its token_env, as the screen lists it (secret_env)
        "Content Ignite",
        "content_ignite",
        "http://127.0.0.1:9/ci",
        direction="payable",
        secret_env="CI_TOKEN",
    )
    settings.save(edited, None, replaces="Content Ignite")
    settings.save(ProviderEntry("Elevate", "elevate", "http://127.0.0.1:9/el"), "pw")
    text = settings.path.read_text(encoding="utf-8")
    lines = text.splitlines()
    for line in DESIGN_EXAMPLE.splitlines():
        if "#" in line:
            assert line in lines, line
    # The key added goes with its entry, before the comments that close it.
    added = lines.index('base_url = "http://127.0.0.1:9/ci"')
    assert added < lines.index("# Moved to the EU endpoint in March; ask Sam before changing it.")
    assert lines[added - 1].startswith('name = "Content Ignite"')
    # The new entry follows after a blank line, and the file still reads as the contract.
    assert text.endswith(
        '\n\n[[providers]]\nkind = "elevate"\nname = "Elevate"\n'
        'base_url = "http://127.0.0.1:9/el"\n'
    )
    configs = load_config(settings.path, require_secret_env=False)
    assert [c.name for c in configs] == ["Content Ignite", "Versori", "Elevate"]
    assert configs[0].base_url == "http://127.0.0.1:9/ci"
    settings.remove("Content Ignite")
    text = settings.path.read_text(encoding="utf-8")
    assert text.startswith("# Our providers: secrets live in the keyring")
    assert '# Versori bills us monthly.\n[[providers]]\nkind = "versori"' in text
    assert 'organisation_id = "01ABC"      # from Settings > Organisation' in text
    assert [c.name for c in load_config(settings.path, require_secret_env=False)] == [
        "Versori",
        "Elevate",
    ]


def test_an_inline_array_of_providers_is_edited_as_it_is_written(
    tmp_path: Path, memory_keyring
) -> None:
    """A file that lists its providers in one inline array keeps that form and its comment
    (the screen rewrote it as ``[[providers]]`` tables)."""
    settings = ProviderSettings(tmp_path / "providers.toml")
    settings.path.write_text(
        'providers = [{ kind = "content_ignite", name = "CI" }]  # one for now\n',
        encoding="utf-8",
    )
    settings.save(ProviderEntry("Versori", "versori", options={"organisation_id": "01X"}), "t")
    settings.save(ProviderEntry("CI", "content_ignite", "http://127.0.0.1:9/ci"), None, "CI")
    text = settings.path.read_text(encoding="utf-8")
    assert "# one for now" in text
    configs = load_config(settings.path, require_secret_env=False)
    assert [c.name for c in configs] == ["CI", "Versori"]
    assert (configs[0].base_url, configs[1].organisation_id) == ("http://127.0.0.1:9/ci", "01X")
    assert text.startswith("providers = [")


def test_removing_the_only_provider_leaves_no_empty_array_behind(
    tmp_path: Path, memory_keyring
) -> None:
    """The last entry removed left "providers = []" above the file's comments, and every
    entry saved after went into that one-line array instead of a [[providers]] table."""
    settings = ProviderSettings(tmp_path / "providers.toml")
    settings.path.write_text(
        '# Our providers\n[[providers]]\nkind = "versori"\nname = "Versori"\n'
        'organisation_id = "01ABC"\n',
        encoding="utf-8",
    )
    settings.remove("Versori")
    assert "providers = []" not in settings.path.read_text(encoding="utf-8")
    assert settings.entries() == []
    settings.save(ProviderEntry("CI", "content_ignite", "http://127.0.0.1:9/ci"), "t")
    text = settings.path.read_text(encoding="utf-8")
    assert text.startswith("# Our providers\n")
    assert '\n[[providers]]\nkind = "content_ignite"\nname = "CI"\n' in text
    assert [c.name for c in load_config(settings.path, require_secret_env=False)] == ["CI"]


def test_removing_the_first_provider_takes_its_own_comments_and_keeps_the_files(
    tmp_path: Path, memory_keyring
) -> None:
    """The first entry's comment block sits above its header, where the file keeps it
    outside every entry: removing the entry left it behind, above the next entry it does
    not describe. The file's own opening note (above a blank line) stays."""
    settings = ProviderSettings(tmp_path / "providers.toml")
    settings.path.write_text(
        "# Our providers: secrets live in the keyring.\n"
        "\n"
        "# Content Ignite pays us for the ad slots.\n"
        "# Ask Sam before changing it.\n"
        "[[providers]]\n"
        'kind = "content_ignite"\n'
        'name = "Content Ignite"\n'
        "\n"
        "# Versori bills us monthly.\n"
        "[[providers]]\n"
        'kind = "versori"\n'
        'name = "Versori"\n'
        'organisation_id = "01ABC"      # from Settings > Organisation\n',
        encoding="utf-8",
    )
    settings.remove("Content Ignite")
    assert settings.path.read_text(encoding="utf-8") == (
        "# Our providers: secrets live in the keyring.\n"
        "\n"
        "# Versori bills us monthly.\n"
        "[[providers]]\n"
        'kind = "versori"\n'
        'name = "Versori"\n'
        'organisation_id = "01ABC"      # from Settings > Organisation\n'
    )
    assert [c.name for c in load_config(settings.path, require_secret_env=False)] == ["Versori"]


def test_removing_from_an_inline_array_takes_the_entrys_comments_with_it(
    tmp_path: Path, memory_keyring
) -> None:
    """The comment lines above an element of an inline array stayed when the element was
    removed, above the next element they do not describe; the array's own comments stay."""
    settings = ProviderSettings(tmp_path / "providers.toml")
    settings.path.write_text(
        "providers = [  # the three we reconcile\n"
        "  # Content Ignite pays us for the ad slots.\n"
        '  { kind = "content_ignite", name = "CI" },  # ask Sam first\n'
        "\n"
        "  # Versori bills us monthly.\n"
        "  # Its organisation is in Settings > Organisation.\n"
        '  { kind = "versori", name = "Versori", organisation_id = "01X" },\n'
        "  # Elevate: the reseller's account.\n"
        '  { kind = "elevate", name = "Elevate" },\n'
        "  # more to come\n"
        "]\n",
        encoding="utf-8",
    )
    settings.remove("Versori")
    assert settings.path.read_text(encoding="utf-8") == (
        "providers = [  # the three we reconcile\n"
        "  # Content Ignite pays us for the ad slots.\n"
        '  { kind = "content_ignite", name = "CI" },  # ask Sam first\n'
        "\n"
        "  # Elevate: the reseller's account.\n"
        '  { kind = "elevate", name = "Elevate" },\n'
        "  # more to come\n"
        "]\n"
    )
    settings.remove("CI")
    assert settings.path.read_text(encoding="utf-8") == (
        "providers = [  # the three we reconcile\n"
        "  # Elevate: the reseller's account.\n"
        '  { kind = "elevate", name = "Elevate" },\n'
        "  # more to come\n"
        "]\n"
    )
    assert [c.name for c in load_config(settings.path, require_secret_env=False)] == ["Elevate"]


VERSORI_WRITTEN = '[[providers]]\nkind = "versori"\nname = "Versori"\norganisation_id = "01ABC"'
CI_ADDED = (
    '[[providers]]\nkind = "content_ignite"\nname = "CI"\nbase_url = "http://127.0.0.1:9/ci"\n'
)


@pytest.mark.parametrize(
    "written",
    [VERSORI_WRITTEN, VERSORI_WRITTEN + "  # from Settings", VERSORI_WRITTEN + "\n# last note"],
)
def test_an_entry_added_to_a_file_without_a_final_newline_follows_a_blank_line(
    tmp_path: Path, memory_keyring, written: str
) -> None:
    """The blank line before an added entry was the line break ending the file's last
    line, when the file had none: the new header came right under that line."""
    settings = ProviderSettings(tmp_path / "providers.toml")
    settings.path.write_text(written, encoding="utf-8")
    settings.save(ProviderEntry("CI", "content_ignite", "http://127.0.0.1:9/ci"), None)
    assert settings.path.read_text(encoding="utf-8") == written + "\n\n" + CI_ADDED


def test_a_new_file_opens_with_its_first_entry(tmp_path: Path, memory_keyring) -> None:
    """The first entry saved to a file that did not exist yet came after a blank line.
    (A file of comments alone gets one blank line after them, final newline or not.)"""
    settings = ProviderSettings(tmp_path / "providers.toml")
    settings.save(ProviderEntry("CI", "content_ignite", "http://127.0.0.1:9/ci"), None)
    assert settings.path.read_text(encoding="utf-8") == CI_ADDED
    for note in ("# Our providers", "# Our providers\n"):
        settings.path.write_text(note, encoding="utf-8")
        settings.save(ProviderEntry("CI", "content_ignite", "http://127.0.0.1:9/ci"), None)
        assert settings.path.read_text(encoding="utf-8") == "# Our providers\n\n" + CI_ADDED


def test_without_a_keyring_the_refusal_names_the_windows_providers_toml(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    """It said "providers.toml", and nothing showed which: the window's is in a settings
    folder only ``desktop-app diagnose`` prints (tester k, finding 4)."""
    path = tmp_path / "settings" / "providers.toml"
    no_keyring = keyring.backends.fail.Keyring()  # type: ignore[no-untyped-call]
    settings = ProviderSettings(path, KeyringSecretSource(backend=no_keyring))
    entry = ProviderEntry("Client CI", "content_ignite", sandbox.content_ignite_url)
    advice = (
        'choose "an environment variable" for "Token or password from" in this provider\'s '
        "Settings dialog (Add… or Edit…), naming a variable such as CLIENT_CI_TOKEN (saved "
        f"as token_env in {path}), and set it to the token before starting the app, or "
        "install a keyring service"
    )
    with pytest.raises(SecretStoreUnavailableError) as refused:
        settings.save(entry, "tok")
    assert str(refused.value).startswith("cannot store the token for 'Client CI': no usable")
    assert advice in str(refused.value)
    settings.save(entry, None)  # saved without its token: Test connection says the same
    config = settings.configs()[0]
    with pytest.raises(CredentialsError) as failed:
        asyncio.run(ProviderBackend(settings).test(config, settings.secrets(), sandbox.today))
    assert str(failed.value).startswith("Client CI: cannot read the token for 'Client CI'")
    assert advice in str(failed.value)


def test_a_token_read_from_an_environment_variable_is_listed_as_read_from_it(
    tmp_path: Path, memory_keyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any token found was listed "in keyring", one read from the variable token_env
    names too (tester k, finding 6). Where a fetch would read it is listed: the keyring
    first, then the variable."""
    settings = ProviderSettings(tmp_path / "providers.toml")
    settings.path.write_text(
        '[[providers]]\nkind = "content_ignite"\nname = "CI"\ntoken_env = "CLIENT_CI_TOKEN"\n',
        encoding="utf-8",
    )
    monkeypatch.delenv("CLIENT_CI_TOKEN", raising=False)
    (entry,) = settings.entries()
    assert (entry.token_from, entry.secret_env) == (SecretFrom.MISSING, "CLIENT_CI_TOKEN")
    monkeypatch.setenv("CLIENT_CI_TOKEN", "tok-from-env")
    assert settings.entries()[0].token_from is SecretFrom.ENVIRONMENT
    memory_keyring.set_password("desktop-app", "CI/token", "tok-in-keyring")
    assert settings.entries()[0].token_from is SecretFrom.KEYRING


def test_without_a_keyring_the_window_reads_the_secret_from_a_variable_it_names(
    tmp_path: Path, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a machine without a keyring the window could be given no secret at all: the
    dialog had no way to name a variable (tester k, finding 4). The entry naming one is
    saved as token_env (password_env for an Elevate login), the secret never written;
    the connection test then reads the variable. Removing a provider there no longer
    fails on the keyring's refusal to forget a token it cannot hold."""
    path = tmp_path / "settings" / "providers.toml"
    no_keyring = keyring.backends.fail.Keyring()  # type: ignore[no-untyped-call]
    settings = ProviderSettings(path, KeyringSecretSource(backend=no_keyring))
    credentials = sandbox.credentials
    client_ci = ProviderEntry(
        "Client CI", "content_ignite", sandbox.content_ignite_url, secret_env="CLIENT_CI_TOKEN"
    )
    login = {"brand": credentials.elevate_brand, "username": credentials.elevate_username}
    elevate = ProviderEntry("EL", "elevate", sandbox.elevate_url, options=login, secret_env="EL_PW")
    settings.save(client_ci, None)
    settings.save(elevate, None)
    configs = load_config(path, require_secret_env=True)  # as a scheduled job reads it
    assert [(c.token_env, c.password_env) for c in configs] == [
        ("CLIENT_CI_TOKEN", None),
        (None, "EL_PW"),
    ]
    monkeypatch.setenv("CLIENT_CI_TOKEN", credentials.content_ignite_token)
    monkeypatch.setenv("EL_PW", credentials.elevate_password)
    text = path.read_text(encoding="utf-8")
    assert credentials.content_ignite_token not in text
    assert credentials.elevate_password not in text
    entries = settings.entries()
    assert [(e.token_from, e.secret_env) for e in entries] == [
        (SecretFrom.ENVIRONMENT, "CLIENT_CI_TOKEN"),
        (SecretFrom.ENVIRONMENT, "EL_PW"),
    ]
    backend = ProviderBackend(settings)
    for config in settings.configs():
        summary = asyncio.run(backend.test(config, settings.secrets(), sandbox.today))
        assert summary.startswith("connected: ")
    settings.remove("Client CI")
    assert [c.name for c in settings.configs()] == ["EL"]


def test_a_secret_read_from_a_variable_is_no_longer_hidden_by_the_keyrings(
    tmp_path: Path, memory_keyring
) -> None:
    """The keyring is read first: a token kept there would be used, not the variable the
    accountant chose, so choosing the variable forgets it (under an old name too).
    Choosing the keyring again takes token_env out of the file."""
    settings = ProviderSettings(tmp_path / "providers.toml")
    settings.save(VERSORI, "tok-in-keyring")
    renamed = ProviderEntry(
        "Versori EU", "versori", VERSORI.base_url, options=VERSORI.options, secret_env="V_TOKEN"
    )
    settings.save(renamed, None, replaces="Versori")
    assert memory_keyring.get_password("desktop-app", "Versori/token") is None
    assert memory_keyring.get_password("desktop-app", "Versori EU/token") is None
    (config,) = load_config(settings.path, require_secret_env=False)
    assert config.token_env == "V_TOKEN"
    back = ProviderEntry("Versori EU", "versori", VERSORI.base_url, options=VERSORI.options)
    settings.save(back, "tok-again", replaces="Versori EU")
    assert "token_env" not in settings.path.read_text(encoding="utf-8")
    assert memory_keyring.get_password("desktop-app", "Versori EU/token") == "tok-again"
    with pytest.raises(ValueError, match="not stored"):
        settings.save(renamed, "tok", replaces="Versori EU")


@pytest.mark.parametrize("typed", SECRET_SHAPED)
def test_a_variable_name_that_may_be_the_secret_is_neither_saved_nor_repeated(
    tmp_path: Path, memory_keyring, typed: str
) -> None:
    settings = ProviderSettings(tmp_path / "providers.toml")
    settings.save(VERSORI, "tok")
    before = settings.path.read_text(encoding="utf-8")
    entry = ProviderEntry(
        "Versori", "versori", VERSORI.base_url, options=VERSORI.options, secret_env=typed
    )
    with pytest.raises(ConfigError) as refused:
        settings.save(entry, None, replaces="Versori")
    assert str(refused.value) == (
        "providers.toml: provider 'Versori': the environment variable's name does not look "
        "like one (capital letters, digits and _, like VERSORI_TOKEN): it may be the secret "
        "itself; nothing was saved"
    )
    assert settings.path.read_text(encoding="utf-8") == before
    assert memory_keyring.get_password("desktop-app", "Versori/token") == "tok"


def test_test_connection_to_a_login_page_says_to_check_the_address(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    """The window's Test connection to an address that answers with a login page said
    only "not valid JSON" (tester k, finding 8)."""
    settings = ProviderSettings(tmp_path / "providers.toml")
    entry, secret = demo_providers(sandbox)[0]  # Content Ignite
    settings.save(entry, secret)
    sandbox.faults.inject("content_ignite", "login_page")
    config = settings.configs()[0]
    with pytest.raises(MalformedResponseError) as failed:
        asyncio.run(ProviderBackend(settings).test(config, settings.secrets(), sandbox.today))
    assert str(failed.value).endswith(
        f"(check base_url {sandbox.content_ignite_url}: it answers with a web page (a login or "
        "proxy page?), not the API)"
    )
