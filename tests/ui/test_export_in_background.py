"""Export keeps the window answering: choosing it loads nothing heavy on the GUI thread.

An exploratory tester's heartbeat on the GUI thread stopped for a third of a second when
Export was chosen: the first time, asking which providers' invoices were fetched loaded
the workbook writer (openpyxl and the sheets, 0.2-0.4 s) there, before the worker began.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# Run in a fresh interpreter, so that no other test has loaded the writer already.
_FIRST_EXPORT = """
import json, sys, threading
from collections.abc import Sequence
from pathlib import Path

folder = Path(sys.argv[1])
watched = ("openpyxl", "desktop_app.export", "desktop_app.pipeline")
on_gui = []

class Watch:
    def find_spec(self, name, path=None, target=None):
        if name.startswith(watched) and threading.current_thread() is threading.main_thread():
            on_gui.append(name)
        return None

from PySide6.QtWidgets import QApplication
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.ui_state import UiState
from desktop_app.workspace import RecentWorkspaces
from tests.ui import factories as f
from tests.ui.fakes import ScriptedDialogs

app = QApplication([])
services = EngineServices(
    ProviderSettings(folder / "providers.toml"), WorkspaceBackend(RecentWorkspaces(folder))
)
runner = TaskRunner()
report = folder / "report.xlsx"
dialogs = ScriptedDialogs(choose_export_path=[report])
window = MainWindow(services, dialogs, runner, UiState(folder / "ui.ini"))
window.show()
window.session.set_reconciliation(f.reconciliation())
loaded = sorted(m for m in sys.modules if m.startswith(watched))
sys.meta_path.insert(0, Watch())
said = []
window.workflows.message.connect(said.append)
window.export_action.trigger()
while runner.active():  # the export's task, started as it was chosen
    app.processEvents()
app.processEvents()
window.close()
runner.shutdown()
print(json.dumps({"before": loaded, "on_gui": on_gui, "said": said, "written": report.exists()}))
"""


def test_the_first_export_loads_no_report_writer_on_the_gui_thread(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root)}
    result = subprocess.run(
        [sys.executable, "-c", _FIRST_EXPORT, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["before"] == []  # nothing had loaded it before Export was chosen
    assert outcome["said"] == ["Exported report.xlsx."]
    assert outcome["written"]
    assert outcome["on_gui"] == []
