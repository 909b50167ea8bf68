"""A local HTTP sandbox speaking the Content Ignite, Versori and Elevate invoice APIs.

Usage::

    with Sandbox(seed=7) as sandbox:
        httpx.get(sandbox.content_ignite_url + "/v1/billing/invoice", headers=...)
"""

from desktop_app.sandbox.credentials import Credentials
from desktop_app.sandbox.data import Dataset
from desktop_app.sandbox.faults import FAULT_KINDS, FaultInjector
from desktop_app.sandbox.sandbox import DEFAULT_TODAY, Sandbox
from desktop_app.sandbox.stats import RecordedRequest, SandboxStats

__all__ = [
    "DEFAULT_TODAY",
    "FAULT_KINDS",
    "Credentials",
    "Dataset",
    "FaultInjector",
    "RecordedRequest",
    "Sandbox",
    "SandboxStats",
]
