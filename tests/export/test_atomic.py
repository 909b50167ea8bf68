"""The report appears complete or not at all; failures name the path and the cause."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl.worksheet import _writer as openpyxl_sheet_writer

from desktop_app.domain import CancelToken, OperationCancelledError
from desktop_app.export import ReportWriteError, write_report
from desktop_app.export.atomic import write_atomically
from desktop_app.export.errors import describe_os_error
from tests.export.readback import read_report
from tests.export.scenario import CONTEXT, RECONCILIATION

OLD_REPORT = b"the previous month's report"


def _files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_writes_a_new_report_and_leaves_nothing_else(out: Path) -> None:
    assert write_report(RECONCILIATION, out, context=CONTEXT) == out
    assert _files(out.parent) == ["report.xlsx"]
    assert read_report(out).book.sheetnames[0] == "Summary"


def test_replaces_an_existing_report_when_the_new_one_is_complete(out: Path) -> None:
    out.write_bytes(OLD_REPORT)
    write_report(RECONCILIATION, out, context=CONTEXT)
    assert read_report(out).book.sheetnames[0] == "Summary"
    assert _files(out.parent) == ["report.xlsx"]


def test_a_cancel_midway_keeps_the_old_report_and_removes_every_temporary_file(
    out: Path,
) -> None:
    out.write_bytes(OLD_REPORT)
    cancel = CancelToken()
    seen: list[tuple[int, int | None, str]] = []
    buffers_before = set(openpyxl_sheet_writer.ALL_TEMP_FILES)

    def progress(done: int, total: int | None, message: str) -> None:
        seen.append((done, total, message))
        if message == "Writing matches":  # sheets already streamed to openpyxl's buffers
            cancel.cancel()

    with pytest.raises(OperationCancelledError):
        write_report(RECONCILIATION, out, context=CONTEXT, progress=progress, cancel=cancel)
    assert out.read_bytes() == OLD_REPORT
    assert _files(out.parent) == ["report.xlsx"]
    new_buffers = set(openpyxl_sheet_writer.ALL_TEMP_FILES) - buffers_before
    assert new_buffers, "the cancel came after openpyxl had buffered sheets"
    assert not [path for path in new_buffers if os.path.exists(path)]
    assert seen[-1][2] == "Writing matches"


def test_a_cancel_while_the_workbook_is_saved_keeps_the_old_report(out: Path) -> None:
    """The save is the last stage and the longest without a check (seconds for a large
    report): a Cancel pressed during it was never looked at, so the new report replaced
    the old one while the window, its task cancelled, said nothing of it."""
    out.write_bytes(OLD_REPORT)
    cancel = CancelToken()

    def progress(done: int, total: int | None, message: str) -> None:
        if message == "Saving the workbook":  # said as the save begins: Cancel comes in it
            cancel.cancel()

    with pytest.raises(OperationCancelledError):
        write_report(RECONCILIATION, out, context=CONTEXT, progress=progress, cancel=cancel)
    assert out.read_bytes() == OLD_REPORT
    assert _files(out.parent) == ["report.xlsx"]


def test_once_saved_the_report_is_put_in_place_whatever_is_asked(out: Path) -> None:
    """After the save only the rename is left: the token says so (the window then offers
    no Cancel that would change nothing)."""
    cancel = CancelToken()
    write_report(RECONCILIATION, out, context=CONTEXT, cancel=cancel)
    assert cancel.in_final_step
    assert read_report(out).book.sheetnames[0] == "Summary"


def test_a_full_disk_midway_keeps_the_old_report(out: Path) -> None:
    out.write_bytes(OLD_REPORT)

    def write_half_then_fail(temp: Path) -> None:
        temp.write_bytes(b"PK\x03\x04 half a zip")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(ReportWriteError) as caught:
        write_atomically(out, write_half_then_fail)
    assert caught.value.path == out
    assert caught.value.cause == "the disk is full"
    assert str(out) in str(caught.value)
    assert out.read_bytes() == OLD_REPORT
    assert _files(out.parent) == ["report.xlsx"]


_FAIL_WHILE_SAVING = """
import gc, resource, signal, sys
from pathlib import Path
from desktop_app.export import ReportWriteError, write_report
from tests.export.scenario import CONTEXT, RECONCILIATION

out = Path(sys.argv[1])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
size = int(sys.argv[2])
saving = []
for limit in range(250, size, 250):  # limits the sheets' buffers pass and the zip does not
    stages, failure = [], ""
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        try:
            write_report(RECONCILIATION, out, context=CONTEXT,
                         progress=lambda done, total, stage: stages.append(stage))
        except ReportWriteError as error:
            failure = str(error)
        gc.collect()  # what the failed write left behind goes while the disk is still "full"
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    if stages[-1] == "Saving the workbook" and "too large" in failure:
        saving.append(limit)
print(len(saving), "writes failed while the workbook was saved")
"""


def test_a_write_failing_while_the_zip_is_saved_says_so_once(out: Path, tmp_path: Path) -> None:
    """A full disk during the final save gave the one-line error, then a second traceback
    ("Exception ignored in ZipFile.__del__") when openpyxl's open zip was collected. A file
    size limit makes the same OSError for real, in a child process."""
    write_report(RECONCILIATION, out, context=CONTEXT)
    size = out.stat().st_size
    out.write_bytes(OLD_REPORT)
    result = subprocess.run(
        [sys.executable, "-c", _FAIL_WHILE_SAVING, str(out), str(size)],
        capture_output=True, text=True, check=False, timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.split()[0]) > 0
    assert result.stderr == ""
    assert out.read_bytes() == OLD_REPORT
    assert _files(out.parent) == ["report.xlsx"]


def test_progress_counts_every_data_row_and_finishes_at_the_total(out: Path) -> None:
    seen: list[tuple[int, int | None, str]] = []
    write_report(
        RECONCILIATION, out, context=CONTEXT, progress=lambda *a: seen.append(a), cancel=None
    )
    # rows of Discrepancies, Matches, Invoices, lines, Audit and Import Warnings
    total = 15 + 11 + 13 + 17 + 2 + 2
    assert {t for _, t, _ in seen} == {total}
    assert [d for d, _, _ in seen] == sorted(d for d, _, _ in seen)
    assert seen[-1] == (total, total, "Report written")
    messages = [m for _, _, m in seen]
    assert messages.index("Writing discrepancies") < messages.index("Writing matches")


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    target = tmp_path / "no such folder" / "report.xlsx"
    with pytest.raises(ReportWriteError, match="does not exist") as caught:
        write_report(RECONCILIATION, target, context=CONTEXT)
    assert caught.value.path == target
    assert not (tmp_path / "no such folder").exists()


def test_a_folder_in_the_way_is_named(out: Path) -> None:
    out.mkdir()
    with pytest.raises(ReportWriteError, match="a folder with that name is in the way"):
        write_report(RECONCILIATION, out, context=CONTEXT)
    assert _files(out.parent) == ["report.xlsx"]
    assert out.is_dir()


def test_a_file_where_the_folder_should_be_is_named(tmp_path: Path) -> None:
    (tmp_path / "notes").write_text("x")
    with pytest.raises(ReportWriteError, match="is not a folder"):
        write_report(RECONCILIATION, tmp_path / "notes" / "report.xlsx", context=CONTEXT)


def _immutable(path: Path) -> bool:
    chattr = shutil.which("chattr")
    if chattr is None:
        return False
    result = subprocess.run([chattr, "+i", str(path)], capture_output=True, check=False)
    return result.returncode == 0


@pytest.mark.skipif(os.name != "posix", reason="uses POSIX permissions")
def test_a_folder_that_refuses_writes_gives_permission_denied(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o500)
    elif not _immutable(folder):
        pytest.skip("running as root where chattr +i is not allowed: nothing refuses root")
    try:
        with pytest.raises(ReportWriteError, match=r"permission denied|not permitted"):
            write_report(RECONCILIATION, folder / "report.xlsx", context=CONTEXT)
    finally:
        subprocess.run(["chattr", "-i", str(folder)], capture_output=True, check=False)
        folder.chmod(0o700)
    assert _files(folder) == []


@pytest.mark.parametrize(
    ("error", "cause"),
    [
        (OSError(errno.EACCES, "Permission denied"), "permission denied"),
        (OSError(errno.EROFS, "Read-only file system"), "the disk is read-only"),
        (OSError(errno.EISDIR, "Is a directory"), "a folder with that name is in the way"),
        (OSError(errno.EIO, "Input/output error"), "Input/output error"),
    ],
)
def test_os_errors_become_plain_causes(error: OSError, cause: str, out: Path) -> None:
    assert describe_os_error(error, out) == cause


def test_a_windows_sharing_violation_says_the_file_is_open(out: Path) -> None:
    error = PermissionError(errno.EACCES, "The process cannot access the file")
    error.winerror = 32  # type: ignore[attr-defined]
    assert "open in another program" in describe_os_error(error, out)


def test_an_office_lock_file_names_the_program(out: Path) -> None:
    (out.parent / f".~lock.{out.name}#").write_text("lock")
    cause = describe_os_error(OSError(errno.EACCES, "Permission denied"), out)
    assert "open in LibreOffice" in cause


def test_a_report_made_private_stays_private_when_written_again(out: Path) -> None:
    """A re-export replaced a 0600 report with a 0644 one: the umask's, readable by all."""
    out.write_bytes(OLD_REPORT)
    out.chmod(0o600)
    write_report(RECONCILIATION, out, context=CONTEXT)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert read_report(out).book.sheetnames[0] == "Summary"


def test_a_report_named_by_a_link_is_written_where_the_link_points(tmp_path: Path) -> None:
    """The link was replaced by a plain file, and the report it pointed at went stale."""
    (tmp_path / "reports").mkdir()
    january = tmp_path / "reports" / "[jan] report.xlsx"
    january.write_bytes(OLD_REPORT)
    latest = tmp_path / "latest.xlsx"
    latest.symlink_to(january)
    assert write_report(RECONCILIATION, latest, context=CONTEXT) == january
    assert latest.is_symlink()
    assert read_report(january).book.sheetnames[0] == "Summary"
    assert _files(tmp_path / "reports") == ["[jan] report.xlsx"]


def test_a_temporary_file_a_killed_export_left_is_removed_once_abandoned(out: Path) -> None:
    """kill -9 mid-export left '.~report.xlsx.XXXX.tmp' beside the report for good."""
    abandoned = out.with_name(".~report.xlsx.0badf00d.tmp")
    running = out.with_name(".~report.xlsx.5eedcafe.tmp")  # another export, still writing
    other = out.with_name(".~other.xlsx.0badf00d.tmp")
    for temp in (abandoned, running, other):
        temp.write_bytes(b"")
    two_hours_ago = time.time() - 7200
    for temp in (abandoned, other):
        os.utime(temp, (two_hours_ago, two_hours_ago))
    write_report(RECONCILIATION, out, context=CONTEXT)
    assert _files(out.parent) == sorted([other.name, running.name, "report.xlsx"])
