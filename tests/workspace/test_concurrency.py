"""Two processes and one workspace: the second is told who has it open, nothing is shared."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.domain import DecisionKind
from desktop_app.workspace import Workspace, WorkspaceInUseError, current_user
from tests.conftest import PROJECT_ROOT
from tests.workspace.factories import decision

HOLDER = """
import sys
from desktop_app.domain import DecisionKind
from desktop_app.workspace import Workspace
from tests.workspace.factories import decision
with Workspace.open(sys.argv[1]) as workspace:
    print("ready", flush=True)
    sys.stdin.readline()
    workspace.record_decision(decision(DecisionKind.ACCEPT, ("A",), (2,)))
print("closed", flush=True)
"""

CONTENDER = """
import sys
from desktop_app.workspace import Workspace, WorkspaceInUseError
try:
    Workspace.open(sys.argv[1]).close()
    print("opened")
except WorkspaceInUseError as error:
    print("in use:", error)
"""


def _python(code: str, path: Path, **kwargs: object) -> subprocess.Popen[str]:
    environment = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-c", code, str(path)],
        cwd=PROJECT_ROOT,
        env=environment,
        text=True,
        **kwargs,
    )


@pytest.fixture
def holder(workspace_path: Path) -> Iterator[subprocess.Popen[str]]:
    Workspace.create(workspace_path).close()
    process = _python(HOLDER, workspace_path, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert process.stdout is not None
    assert process.stdout.readline() == "ready\n"
    yield process
    if process.poll() is None:
        process.kill()
    process.wait()
    for stream in (process.stdin, process.stdout):
        if stream is not None:
            stream.close()


def test_a_second_process_is_told_who_has_the_workspace(
    holder: subprocess.Popen[str], workspace_path: Path
) -> None:
    contender = _python(CONTENDER, workspace_path, stdout=subprocess.PIPE)
    output, _ = contender.communicate()
    assert output.startswith("in use: ")
    assert f"{current_user()} on " in output
    assert f"process {holder.pid}" in output


def test_the_workspace_opens_once_the_holder_closes_it(
    holder: subprocess.Popen[str], workspace_path: Path
) -> None:
    with pytest.raises(WorkspaceInUseError, match=f"process {holder.pid}"):
        Workspace.open(workspace_path)
    assert holder.stdin is not None
    assert holder.stdout is not None
    holder.stdin.write("go\n")
    holder.stdin.flush()
    assert holder.stdout.readline() == "closed\n"
    with Workspace.open(workspace_path) as workspace:
        (entry,) = workspace.audit()
        assert entry.decision.kind is DecisionKind.ACCEPT
        workspace.record_decision(decision(DecisionKind.REJECT, ("B",), (3,)))


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_a_killed_holder_leaves_no_lock_behind(
    holder: subprocess.Popen[str], workspace_path: Path
) -> None:
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    with Workspace.open(workspace_path) as workspace:
        assert workspace.audit() == ()
    assert not workspace_path.with_name(workspace_path.name + ".owner").exists()


def test_while_open_here_another_process_cannot_open_it(workspace: Workspace) -> None:
    contender = _python(CONTENDER, workspace.path, stdout=subprocess.PIPE)
    output, _ = contender.communicate()
    assert output.startswith("in use: ")
    assert f"process {os.getpid()}" in output
    workspace.record_decision(decision(DecisionKind.ACCEPT, ("A",), (2,)))
    assert len(workspace.audit()) == 1
