"""The packaging recipes are consistent with the project (checked without building)."""

from __future__ import annotations

import configparser
import plistlib
import re
import subprocess
import tomllib

from desktop_app import __version__
from desktop_app.about import bundled_components
from tests.conftest import PROJECT_ROOT

PACKAGING = PROJECT_ROOT / "packaging"


def _pyproject_pyside_pin() -> str:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    (pin,) = [dep for dep in project["dependencies"] if dep.startswith("PySide6")]
    return pin


def test_release_constraints_pin_the_same_pyside6_exactly() -> None:
    assert _pyproject_pyside_pin() == "PySide6==6.11.2"
    constraints = (PACKAGING / "constraints-release.txt").read_text().splitlines()
    assert "PySide6==6.11.2" in constraints
    assert "PySide6_Addons==6.11.2" in constraints  # QtCharts lives in the add-ons
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-]+==[^=\s]+", line) for line in constraints if line)


def test_build_scripts_are_valid_shell_and_use_the_spec() -> None:
    for script in ("build.sh",):
        subprocess.run(["bash", "-n", str(PACKAGING / script)], check=True)
    for script in ("build.sh", "build.ps1"):
        text = (PACKAGING / script).read_text()
        assert "desktop-app.spec" in text
        assert "constraints-release.txt" in text


def test_spec_is_onedir_with_resources_and_both_executables() -> None:
    spec = (PACKAGING / "desktop-app.spec").read_text()
    compile(spec, "desktop-app.spec", "exec")
    assert "COLLECT(" in spec  # onedir: a collected folder, not a onefile archive
    assert "exclude_binaries=True" in spec
    assert '"desktop_app/_resources"' in spec
    assert 'name="desktop-app"' in spec
    assert 'name="desktop-app-cli"' in spec


def test_macos_info_plist_is_valid() -> None:
    with (PACKAGING / "macos" / "Info.plist").open("rb") as handle:
        info = plistlib.load(handle)
    assert info["CFBundleExecutable"] == "desktop-app"
    assert info["CFBundleIdentifier"].count(".") >= 2
    assert info["NSHighResolutionCapable"] is True


def test_linux_desktop_entry_is_valid_and_calls_a_real_option() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(PACKAGING / "linux" / "desktop-app.desktop")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == "desktop-app"
    assert "Finance" in entry["Categories"].split(";")
    assert (PROJECT_ROOT / "resources" / "icons" / "app-256.png").is_file()


def test_windows_installer_script_points_at_real_files() -> None:
    script = (PACKAGING / "windows" / "desktop-app.iss").read_text()
    icon = re.search(r"SetupIconFile=(.+)", script)
    assert icon is not None
    icon_path = (PACKAGING / "windows" / icon.group(1).strip().replace("\\", "/")).resolve()
    assert icon_path.is_file()
    assert "desktop-app.exe" in script


def test_about_lists_every_runtime_dependency_with_a_licence() -> None:
    names = {component.name.lower() for component in bundled_components()}
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    for dependency in project["dependencies"]:
        name = re.split(r"[<>=!~;\[ ]", dependency, maxsplit=1)[0].lower()
        assert name in names, f"{name} is bundled but missing from the About licences"
    assert __version__
