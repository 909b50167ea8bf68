"""The window reads a statement whose dates leave day- and month-first open in the
accountant's locale (Qt's, passed in: the engine imports no Qt), and tells of the guess."""

from __future__ import annotations

from pathlib import Path

from desktop_app.statements.dates import DateOrder
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.provider_settings import ProviderSettings
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
