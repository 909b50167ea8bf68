"""A report open in Excel or LibreOffice is not replaced behind the program's back.

On Linux and macOS nothing stops the replace: the program went on showing the old
figures, and a Save there wrote the old workbook back over the new one (tester N,
finding 2). The lock file each leaves beside the file it has open now refuses the write,
naming the program, who has it open, and what to do, stale lock included; the old report
is kept and no temporary file is left. Real files, real lock files in each program's
format.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.export import ReportHeldOpenError, ReportWriteError, write_report
from desktop_app.export.atomic import check_target
from tests.export.readback import read_report
from tests.export.scenario import CONTEXT, RECONCILIATION

OLD_REPORT = b"last month's report, open in a spreadsheet program"


def libreoffice_lock(report: Path, entry: str) -> Path:
    """The lock file LibreOffice writes beside ``report`` while it has it open."""
    lock = report.with_name(f".~lock.{report.name}#")
    lock.write_text(entry, encoding="utf-8")
    return lock


def excel_lock(report: Path, user: str) -> Path:
    """The owner file Excel writes beside ``report`` while it has it open: the name's
    length and the name in the code page, spaces up to 55, then the length in two bytes
    and the name in UTF-16, spaces after (165 bytes)."""
    narrow = user.encode("cp1252", errors="replace")
    data = bytes([len(narrow)]) + narrow
    data += b" " * (55 - len(data))
    data += len(user).to_bytes(2, "little") + user.encode("utf-16-le")
    data += b" \x00" * ((165 - len(data)) // 2)
    lock = report.with_name(f"~${report.name}")
    lock.write_bytes(data)
    return lock


def _files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_a_report_open_in_libreoffice_is_kept_and_the_refusal_names_who_has_it(
    out: Path,
) -> None:
    out.write_bytes(OLD_REPORT)
    lock = libreoffice_lock(
        out, "Ann Lee,ann,finance-pc,24.11.2025 09:12,file:///home/ann/.config/libreoffice/4;"
    )

    with pytest.raises(ReportHeldOpenError) as caught:
        write_report(RECONCILIATION, out, context=CONTEXT)

    assert isinstance(caught.value, ReportWriteError)  # a refusal, said as the others are
    assert str(caught.value) == (
        f"cannot write the report {out}: it is open in LibreOffice by Ann Lee (ann) on "
        f"finance-pc since 24.11.2025 09:12, as its lock file .~lock.report.xlsx# beside it "
        "says; replaced now, LibreOffice would go on showing the old report, and saving it "
        "there would put the old report back. Close it in LibreOffice, then try again; "
        f"if no program has it open, the lock file is stale: delete {lock} and try again"
    )
    assert out.read_bytes() == OLD_REPORT
    assert _files(out.parent) == [lock.name, "report.xlsx"]  # no temporary file left


@pytest.mark.parametrize(
    "user",
    [
        "Zoë Brennan",
        # Windows-1252 cannot hold Ł or Ż: the code-page copy says "?ukasz ?ak", so the
        # name can come only from the owner file's UTF-16 copy
        "Łukasz Żak",
    ],
)
def test_a_report_open_in_excel_names_the_user_its_owner_file_holds(out: Path, user: str) -> None:
    out.write_bytes(OLD_REPORT)
    lock = excel_lock(out, user)

    with pytest.raises(ReportHeldOpenError) as caught:
        write_report(RECONCILIATION, out, context=CONTEXT)

    said = str(caught.value)
    assert said.startswith(
        f"cannot write the report {out}: it is open in Excel by {user}, as its lock "
        "file ~$report.xlsx beside it says;"
    )
    assert said.endswith(
        "Close it in Excel, then try again; if no program has it open, the lock file "
        f"is stale: delete {lock} and try again"
    )
    assert out.read_bytes() == OLD_REPORT
    assert _files(out.parent) == sorted([lock.name, "report.xlsx"])


def test_a_lock_file_that_names_no_one_still_refuses(out: Path) -> None:
    """A lock emptied or of another layout still shows the file is open: the program is
    named, no one is made up."""
    out.write_bytes(OLD_REPORT)
    libreoffice_lock(out, "")
    with pytest.raises(ReportHeldOpenError, match=r"xlsx: it is open in LibreOffice, as its"):
        write_report(RECONCILIATION, out, context=CONTEXT)
    assert out.read_bytes() == OLD_REPORT


def test_the_refusal_comes_before_any_work_when_the_target_is_checked_first(out: Path) -> None:
    """``reconcile`` checks the target before it fetches (``check_target``, probing the
    folder): the refusal comes there, and the probe leaves nothing behind."""
    out.write_bytes(OLD_REPORT)
    lock = libreoffice_lock(out, ",ann,finance-pc,24.11.2025 09:12,file:///x;")
    with pytest.raises(ReportHeldOpenError, match="open in LibreOffice by ann on finance-pc"):
        check_target(out, probe=True)
    assert _files(out.parent) == [lock.name, "report.xlsx"]


def test_a_lock_with_no_report_beside_it_is_no_reason_to_refuse(out: Path) -> None:
    """Nothing is replaced, so nothing open is: a lock left by a report since deleted."""
    lock = libreoffice_lock(out, ",ann,finance-pc,24.11.2025 09:12,file:///x;")
    write_report(RECONCILIATION, out, context=CONTEXT)
    assert read_report(out).book.sheetnames[0] == "Summary"
    assert lock.exists()


def test_another_files_lock_is_no_reason_to_refuse(out: Path) -> None:
    out.write_bytes(OLD_REPORT)
    excel_lock(out.with_name("other.xlsx"), "ann")
    write_report(RECONCILIATION, out, context=CONTEXT)
    assert read_report(out).book.sheetnames[0] == "Summary"


def test_a_report_chosen_by_a_link_is_refused_when_open_under_either_name(
    tmp_path: Path,
) -> None:
    """Excel puts its lock beside the name it opened the file by: the link's, or the
    report's own."""
    folder = tmp_path / "reports"
    folder.mkdir()
    january = folder / "january.xlsx"
    january.write_bytes(OLD_REPORT)
    latest = tmp_path / "latest.xlsx"
    latest.symlink_to(january)

    by_link = excel_lock(latest, "ann")
    with pytest.raises(ReportHeldOpenError, match="open in Excel by ann"):
        write_report(RECONCILIATION, latest, context=CONTEXT)
    by_link.unlink()
    excel_lock(january, "bob")
    with pytest.raises(ReportHeldOpenError, match="open in Excel by bob"):
        write_report(RECONCILIATION, latest, context=CONTEXT)
    assert january.read_bytes() == OLD_REPORT
