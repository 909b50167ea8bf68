"""Settings and mapping profiles: JSON documents, exact decimals, committed at once."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.workspace import Workspace


def test_settings_round_trip_through_a_reopened_file(
    workspace: Workspace, workspace_path: Path
) -> None:
    workspace.settings.set("tolerance", Decimal("0.01"))
    workspace.settings.set("period", {"from": "2025-03-01", "to": "2025-03-31"})
    workspace.settings.set("providers", ["Elevate", "Versori"])
    workspace.settings.set("tolerance", Decimal("0.05"))
    workspace.close()
    with Workspace.open(workspace_path) as reopened:
        assert reopened.settings.get("tolerance") == Decimal("0.05")
        assert reopened.settings.all() == {
            "period": {"from": "2025-03-01", "to": "2025-03-31"},
            "providers": ["Elevate", "Versori"],
            "tolerance": Decimal("0.05"),
        }
        assert reopened.settings.get("missing") is None
        assert reopened.settings.get("missing", 7) == 7
        reopened.settings.delete("providers")
        assert "providers" not in reopened.settings.all()


def test_profiles_are_kept_by_fingerprint(workspace: Workspace, workspace_path: Path) -> None:
    profile = {"date": {"column": 0, "order": "DMY"}, "amount": {"column": 3, "mark": ","}}
    workspace.profiles.put("fp-1", profile)
    workspace.profiles.put("fp-2", {"date": {"column": 1}})
    workspace.profiles.put("fp-2", {"date": {"column": 2}})
    workspace.close()
    with Workspace.open(workspace_path) as reopened:
        assert reopened.profiles.get("fp-1") == profile
        assert reopened.profiles.get("unknown") is None
        assert reopened.profiles.all() == {"fp-1": profile, "fp-2": {"date": {"column": 2}}}
        assert reopened.profiles.delete("fp-1") is True
        assert reopened.profiles.delete("fp-1") is False
        assert list(reopened.profiles.all()) == ["fp-2"]


def test_unstorable_values_are_refused_and_nothing_changes(workspace: Workspace) -> None:
    workspace.settings.set("tolerance", Decimal("0.01"))
    with pytest.raises(TypeError):
        workspace.settings.set("tolerance", object())
    with pytest.raises(TypeError, match="must be a mapping"):
        workspace.profiles.put("fp", ["not", "a", "mapping"])  # type: ignore[arg-type]
    assert workspace.settings.all() == {"tolerance": Decimal("0.01")}
    assert workspace.profiles.all() == {}
