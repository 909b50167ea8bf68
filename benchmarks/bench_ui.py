"""UI at scale: 100,000 invoices and 300,000 statement lines, against same-run baselines.

Measures, each beside the usual Qt approach timed in the same run:
- showing the invoice table (model filled, view painted) vs a QStandardItemModel filled
  with the same cells;
- sorting by amount: the model's Python sort on Decimal keys vs QSortFilterProxyModel
  sorting through data();
- filtering by a text: the model's cached-text filter (first and later queries) vs the
  proxy's fixed-string filter over every column;
- the same sort and filter over 300,000 statement lines;
- start-up to a visible main window (child process; the real services, no workspace yet)
  vs a bare QWidget window.

Run: ``python benchmarks/bench_ui.py`` (offscreen; about two minutes, most of it in the
proxy baselines).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSortFilterProxyModel, Qt  # noqa: E402
from PySide6.QtGui import QStandardItem, QStandardItemModel  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402

from desktop_app.domain import (  # noqa: E402
    Counterparty,
    Direction,
    Invoice,
    InvoiceStatus,
    Money,
    StatementLine,
)
from desktop_app.ui.models.columns import Role, column_index  # noqa: E402
from desktop_app.ui.models.invoices import InvoiceTableModel  # noqa: E402
from desktop_app.ui.models.statement_lines import StatementLineModel  # noqa: E402
from desktop_app.ui.views.table_view import DomainTableView  # noqa: E402

N_INVOICES = 100_000
N_LINES = 300_000
PROVIDERS = ("Content Ignite", "Versori", "Elevate Billing")


def invoices(n: int) -> list[Invoice]:
    start = date(2025, 1, 1)
    return [
        Invoice(
            provider=PROVIDERS[i % 3],
            provider_kind="content_ignite",
            invoice_id=f"ID-{i}",
            number=f"INV-{i:06d}",
            direction=Direction.PAYABLE,
            currency="GBP",
            gross=Money(Decimal((i * 7919) % 1_000_000) / 100, "GBP"),
            status=InvoiceStatus.OPEN if i % 4 else InvoiceStatus.PAID,
            status_raw="open",
            issue_date=start + timedelta(days=i % 700),
            counterparty=Counterparty(name=f"Publisher {i % 997}"),
        )
        for i in range(n)
    ]


def lines(n: int) -> list[StatementLine]:
    start = date(2025, 1, 1)
    return [
        StatementLine(
            source_file=f"bank-{i % 12:02d}.csv",
            row=i + 2,
            date=start + timedelta(days=i % 700),
            amount=-Decimal((i * 6151) % 1_000_000) / 100,
            currency="GBP",
            description=f"FASTER PAYMENT PUBLISHER {i % 997} INV-{i % N_INVOICES:06d}",
            reference=f"REF{i}",
        )
        for i in range(n)
    ]


Timing = tuple[float, float]  # (wall, CPU of this process), seconds


def timed(action: Callable[[], object], repeat: int = 1) -> Timing:
    """Median wall and CPU time of ``repeat`` runs. CPU time is the steadier figure on a
    shared machine: other processes lengthen the wall time, not this process's CPU time."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def report(what: str, ours: Timing, baseline: Timing, baseline_name: str) -> None:
    ratio = baseline[1] / ours[1] if ours[1] else float("inf")
    print(
        f"{what:<46} {ours[0] * 1000:8.0f} ms ({ours[1] * 1000:6.0f} CPU)   "
        f"{baseline_name:<34} {baseline[0] * 1000:8.0f} ms ({baseline[1] * 1000:6.0f} CPU)   "
        f"x{ratio:,.1f} (CPU)"
    )


def show_table(app: QApplication, data: list[Invoice]) -> tuple[Timing, DomainTableView]:
    shown: list[DomainTableView] = []

    def run() -> None:
        model = InvoiceTableModel()
        model.set_items(data)
        view = DomainTableView(model, "bench")
        view.resize(1200, 800)
        view.show()
        app.processEvents()
        shown.append(view)

    return timed(run), shown[0]


def show_standard_items(app: QApplication, data: list[Invoice]) -> Timing:
    columns = InvoiceTableModel().columns

    def run() -> None:
        model = QStandardItemModel(len(data), len(columns))
        for row, invoice in enumerate(data):
            for col, spec in enumerate(columns):
                model.setItem(row, col, QStandardItem(spec.value(invoice)))
        view = QTableView()
        view.setModel(model)
        view.resize(1200, 800)
        view.show()
        app.processEvents()
        view.close()
        view.deleteLater()

    return timed(run)


def proxy_over(model: InvoiceTableModel | StatementLineModel) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(Role.SORT)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return proxy


def bench_model(name: str, model: InvoiceTableModel | StatementLineModel, query: str) -> None:
    amount = column_index(model.columns, "amount")
    ours = timed(lambda: model.sort(amount, Qt.SortOrder.DescendingOrder), repeat=3)
    proxy = proxy_over(model)
    proxy_sort = timed(lambda: proxy.sort(amount, Qt.SortOrder.DescendingOrder))
    report(f"{name}: sort by amount", ours, proxy_sort, "QSortFilterProxyModel.sort")
    model.sort(-1)
    proxy.sort(-1)
    first = timed(lambda: model.set_filter(query))
    model.set_filter("")
    later = timed(lambda: (model.set_filter(query), model.set_filter("")), repeat=3)
    proxy_filter = timed(
        lambda: (proxy.setFilterFixedString(query), proxy.setFilterFixedString(""))
    )
    report(
        f"{name}: filter '{query}' (first, builds cache)",
        first,
        proxy_filter,
        "proxy fixed-string filter",
    )
    report(
        f"{name}: filter '{query}' (later queries)",
        later,
        proxy_filter,
        "proxy fixed-string filter",
    )
    model.set_filter(query)
    print(f"{'':<44} {model.rowCount():,} of {len(model.all_items()):,} rows match")
    model.set_filter("")


STARTUP_CHILD = """
import sys, time
start = time.perf_counter()  # process_time() counts from the interpreter's start
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
if sys.argv[1] == "app":
    from pathlib import Path
    from desktop_app.app import build_window
    from desktop_app.ui.tasks import TaskRunner
    from desktop_app.ui.backend.engine_services import EngineServices
    from desktop_app.ui.backend.provider_settings import ProviderSettings
    services = EngineServices(ProviderSettings(Path(sys.argv[2]).with_suffix(".toml")))
    window = build_window(services, TaskRunner(), Path(sys.argv[2]))
else:
    window = QWidget()
window.show()
def shown():
    print(time.perf_counter() - start, time.process_time())
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


def startup(kind: str, state: Path) -> Timing:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    walls, cpus = [], []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", STARTUP_CHILD, kind, str(state)],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            check=True,
        ).stdout
        wall, cpu = out.strip().splitlines()[-1].split()
        walls.append(float(wall))
        cpus.append(float(cpu))
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    print(f"building {N_INVOICES:,} invoices and {N_LINES:,} statement lines…")
    invoice_data, line_data = invoices(N_INVOICES), lines(N_LINES)
    print(f"{'measure':<46} {'ours: wall (CPU)':>24}   {'baseline':<34}")
    shown, view = show_table(app, invoice_data)
    report(
        "invoices: fill model and show the table",
        shown,
        show_standard_items(app, invoice_data),
        "QStandardItemModel filled + shown",
    )
    bench_model("invoices", view.domain_model(), "publisher 42")  # type: ignore[arg-type]
    view.close()
    line_model = StatementLineModel()
    line_model.set_items(line_data)
    bench_model("statement lines", line_model, "inv-000123")
    state = Path(os.environ.get("TMPDIR", "/tmp")) / "bench-ui-state.ini"
    report(
        "start-up to a visible main window",
        startup("app", state),
        startup("bare", state),
        "bare QWidget window",
    )


if __name__ == "__main__":
    main()
