"""The script that writes the demo's sample statements, loaded as a module."""

from __future__ import annotations

import importlib.util
from types import ModuleType

from tests.conftest import PROJECT_ROOT


def sample_script() -> ModuleType:
    """``scripts/make_sample_statements.py``: a script, not a package's module, so loaded
    from its path (its ``write_samples`` and ``plan_samples`` are what the tests call)."""
    path = PROJECT_ROOT / "scripts" / "make_sample_statements.py"
    spec = importlib.util.spec_from_file_location("make_sample_statements", path)
    assert spec is not None
    assert spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script
