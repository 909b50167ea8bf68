"""One workspace used from several threads (the GUI's workers) stays consistent."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from desktop_app.domain import DecisionKind
from desktop_app.workspace import Workspace
from tests.workspace.factories import PROVIDER, decision, ikey, simple_invoice


def test_concurrent_calls_from_threads_all_land(workspace: Workspace) -> None:
    def work(n: int) -> None:
        workspace.record_decision(decision(DecisionKind.REJECT, (f"I{n}",), (n + 2,)))
        workspace.save_invoices(PROVIDER, [simple_invoice(f"I{n}")], complete=False)
        workspace.settings.set(f"worker {n}", n)
        assert len(workspace.audit(invoice_key=ikey(f"I{n}"))) == 1

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(work, range(40)))
    assert len(workspace.audit()) == 40
    assert len(workspace.effective_decisions()) == 40
    assert len(workspace.load_invoices()) == 40
    assert len(workspace.settings.all()) == 40
