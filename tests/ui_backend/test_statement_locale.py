"""The window reads a statement whose dates leave day- and month-first open in the
accountant's locale (Qt's, passed in: the engine imports no Qt), and tells of the guess."""

from __future__ import annotations

from pathlib import Path

from desktop_app.statements.dates import DateOrder
from desktop_app.statements.profiles import JsonProfileStore
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.backend.statement_backend import StatementBackend
from desktop_app.ui.services import ColumnMapping
from tests.statements.card_files import dated_file

# Day-first the 1st of February to the 3rd of April; month-first the 2nd of January to
# the 4th of March: nothing in the dates tells the orders apart.
_EITHER = ["01/02/2024", "02/03/2024", "03/04/2024"]


def test_the_windows_locale_decides_the_guess(tmp_path: Path) -> None:
    path = dated_file(tmp_path, _EITHER)
    orders = {}
    for hint in ("en_US", "en_GB"):
        services = EngineServices(ProviderSettings(tmp_path / "providers.toml"), locale_hint=hint)
        result = services.statements.read(path)
        assert result.layout is not None
        orders[hint] = result.layout.date_order
        [warning] = [str(w) for w in result.warnings if "date order guessed" in str(w)]
        assert f"because the locale '{hint}' writes dates" in warning
    assert orders == {"en_US": DateOrder.MDY, "en_GB": DateOrder.DMY}


def test_a_guess_the_wizard_showed_is_not_warned_of_again(tmp_path: Path) -> None:
    """The wizard shows the order as 'a guess'; imported as detected through it, the
    guess is not warned of a second time. Imported without the wizard, it is."""
    path = dated_file(tmp_path, _EITHER)
    backend = StatementBackend(JsonProfileStore(tmp_path / "profiles.json"), "en_GB")
    unreviewed = backend.import_file(path, None)
    [warning] = [w.message for w in unreviewed.warnings]
    assert warning.startswith("date order guessed: the dates are read day-first")
    reviewed = backend.import_file(path, ColumnMapping(None, {}))
    assert reviewed.layout is not None
    assert reviewed.layout.date_order_ambiguous
    assert reviewed.warnings == ()
