"""The sandbox's seeded ground truth: every provider's invoices as raw wire dicts.

Money inside is ``Decimal`` exactly as sent on the wire, so tests can compare a client's
parsed amounts with ``==``. Each provider draws from its own random stream.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop_app.sandbox.data.common import provider_rng
from desktop_app.sandbox.data.content_ignite import ContentIgniteData, generate_content_ignite
from desktop_app.sandbox.data.elevate import ElevateData, generate_elevate
from desktop_app.sandbox.data.versori import VersoriData, generate_versori

__all__ = ["ContentIgniteData", "Dataset", "ElevateData", "VersoriData", "generate_dataset"]


@dataclass(frozen=True)
class Dataset:
    today: date
    content_ignite: ContentIgniteData
    versori: VersoriData
    elevate: ElevateData

    def wire_objects(self) -> Iterator[dict[str, Any]]:
        """Every invoice object the sandbox serves as stored (each is encoded only once)."""
        yield from self.content_ignite.invoices
        yield from self.content_ignite.details.values()
        yield from self.versori.invoices
        yield self.versori.upcoming
        yield from self.elevate.invoices


def generate_dataset(
    *,
    seed: int,
    today: date,
    versori_organisation_id: str,
    content_ignite_invoices: int,
    versori_invoices: int,
    elevate_invoices: int,
) -> Dataset:
    for name, value in (
        ("content_ignite_invoices", content_ignite_invoices),
        ("versori_invoices", versori_invoices),
        ("elevate_invoices", elevate_invoices),
    ):
        if value < 0:
            raise ValueError(f"{name} must not be negative, got {value}")
    return Dataset(
        today=today,
        content_ignite=generate_content_ignite(
            provider_rng(seed, "content_ignite"), today, content_ignite_invoices
        ),
        versori=generate_versori(
            provider_rng(seed, "versori"), today, versori_invoices, versori_organisation_id
        ),
        elevate=generate_elevate(provider_rng(seed, "elevate"), today, elevate_invoices),
    )
