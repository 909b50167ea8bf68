"""Bundled resources are found from a source checkout (and the same code serves bundles)."""

from __future__ import annotations

import pytest

from desktop_app.resources import resource_path, resources_dir


def test_resources_dir_is_the_checkout_folder_in_development() -> None:
    assert resources_dir().name in {"resources", "_resources"}
    assert (resources_dir() / "screenshots").is_dir()


def test_missing_resource_names_the_path() -> None:
    with pytest.raises(FileNotFoundError, match=r"no-such-file\.txt"):
        resource_path("no-such-file.txt")
