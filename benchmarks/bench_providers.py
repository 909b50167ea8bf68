"""Provider fetch benchmark: 10,000 Elevate invoices (10 pages) + 200 Content Ignite invoices
with their details, 50 ms of latency injected by the sandbox on every request.

Three figures, all from the same run on the same sandbox:
- our client: ``fetch_all`` (providers concurrently, Content Ignite details 4 at a time);
- a sequential client: the same clients, one provider after the other, one request at a time
  (so the difference is the concurrency, not parsing or mapping);
- the critical-path floor: the requests that must follow one another x the latency. Content
  Ignite needs the list before any detail, then 200 details 4 at a time (50 rounds); Elevate
  cannot know page 10 is the last full page, so it asks for an 11th (empty) one.

Run: ``PYTHONPATH=. python benchmarks/bench_providers.py [--repeats N]``
"""

from __future__ import annotations

import argparse
import asyncio
import math
import statistics
import time
from collections.abc import Awaitable, Callable

import httpx

from desktop_app.providers import (
    ClientOptions,
    HttpPolicy,
    ProviderConfig,
    create_client,
    fetch_all,
    parse_config,
)
from desktop_app.sandbox import Sandbox
from desktop_app.secrets import EnvSecretSource

LATENCY = 0.05
ELEVATE_INVOICES = 10_000
CONTENT_IGNITE_INVOICES = 200
PAGE_SIZE = 1000
CONCURRENCY = 4


def configs(sandbox: Sandbox) -> list[ProviderConfig]:
    return parse_config(
        {
            "providers": [
                {
                    "kind": "content_ignite",
                    "name": "Content Ignite",
                    "base_url": sandbox.content_ignite_url,
                    "token_env": "CI",
                },
                {
                    "kind": "elevate",
                    "name": "Elevate",
                    "base_url": sandbox.elevate_url,
                    "token_env": "EL",
                },
            ]
        }
    )


def secrets(sandbox: Sandbox) -> EnvSecretSource:
    return EnvSecretSource(
        {"CI": sandbox.credentials.content_ignite_token, "EL": sandbox.credentials.elevate_token}
    )


async def ours(sandbox: Sandbox) -> int:
    result = await fetch_all(
        configs(sandbox),
        secrets=secrets(sandbox),
        policy=HttpPolicy(),
        options=ClientOptions(content_ignite_concurrency=CONCURRENCY, elevate_page_size=PAGE_SIZE),
    )
    assert result.ok, result.failures
    return len(result.all_invoices())


async def sequential(sandbox: Sandbox) -> int:
    options = ClientOptions(content_ignite_concurrency=1, elevate_page_size=PAGE_SIZE)
    total = 0
    for config in configs(sandbox):
        client = create_client(config, secrets(sandbox), policy=HttpPolicy(), options=options)
        total += len(await client.fetch_invoices())
    return total


async def bare_http(sandbox: Sandbox) -> int:
    """The same requests with the same concurrency through bare httpx, bodies left unread
    as JSON: what this machine and sandbox allow before any decoding, validation or mapping."""
    credentials = sandbox.credentials

    async def content_ignite(client: httpx.AsyncClient) -> int:
        listed = (await client.get("/v1/billing/invoice")).json()["results"]
        gate = asyncio.Semaphore(CONCURRENCY)

        async def detail(invoice_id: int) -> bytes:
            async with gate:
                return (await client.get(f"/v1/billing/invoice/{invoice_id}")).content

        await asyncio.gather(*(detail(row["id"]) for row in listed))
        return len(listed)

    async def elevate(client: httpx.AsyncClient) -> int:
        rows, page = 0, 1
        while True:
            body = (
                await client.get(
                    "/invoices", params={"page": page, "pageSize": PAGE_SIZE, "sort": "id"}
                )
            ).content
            count = body.count(b'"invoiceNumber"')
            rows += count
            if count < PAGE_SIZE:
                return rows
            page += 1

    ci = httpx.AsyncClient(
        base_url=sandbox.content_ignite_url,
        headers={"Authorization": f"Bearer {credentials.content_ignite_token}"},
    )
    el = httpx.AsyncClient(
        base_url=sandbox.elevate_url,
        headers={"Authorization": f"Bearer {credentials.elevate_token}"},
    )
    async with ci, el:
        counts = await asyncio.gather(content_ignite(ci), elevate(el))
    return sum(counts)


def timed(
    sandbox: Sandbox, run: Callable[[Sandbox], Awaitable[int]]
) -> tuple[float, float, int, int]:
    """Wall time, this process's CPU time (client and sandbox threads), invoices, requests."""
    sandbox.stats.reset()
    start, cpu = time.perf_counter(), time.process_time()
    invoices = asyncio.run(run(sandbox))  # type: ignore[arg-type]
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    requests = sandbox.stats.count("content_ignite") + sandbox.stats.count("elevate")
    return elapsed, cpu, invoices, requests


RUNS = (
    ("our client (fetch_all)", ours),
    ("sequential client", sequential),
    ("bare HTTP, no parsing", bare_http),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    ci_rounds = 1 + math.ceil(CONTENT_IGNITE_INVOICES / CONCURRENCY)
    elevate_rounds = ELEVATE_INVOICES // PAGE_SIZE + 1
    floor = max(ci_rounds, elevate_rounds) * LATENCY
    walls: dict[str, list[float]] = {name: [] for name, _ in RUNS}
    cpus: dict[str, list[float]] = {name: [] for name, _ in RUNS}
    counts: dict[str, tuple[int, int]] = {}
    with Sandbox(
        seed=11,
        elevate_invoices=ELEVATE_INVOICES,
        content_ignite_invoices=CONTENT_IGNITE_INVOICES,
        latency=LATENCY,
    ) as sandbox:
        for _ in range(args.repeats):
            for name, run in RUNS:
                wall, cpu, invoices, requests = timed(sandbox, run)
                walls[name].append(wall)
                cpus[name].append(cpu)
                counts[name] = (invoices, requests)
    print(
        f"provider fetch: {ELEVATE_INVOICES} Elevate + {CONTENT_IGNITE_INVOICES} Content Ignite "
        f"invoices, {LATENCY * 1000:.0f} ms latency per request, median of {args.repeats} runs"
    )
    print(f"  {'':24} {'wall':>8} {'cpu':>8}")
    for name, _ in RUNS:
        invoices, requests = counts[name]
        print(
            f"  {name:24} {statistics.median(walls[name]):7.2f}s {statistics.median(cpus[name]):7.2f}s"
            f"   {invoices} invoices, {requests} requests"
        )
    print(
        f"  {'critical-path floor':24} {floor:7.2f}s            {ci_rounds} Content Ignite rounds "
        f"(list + {CONTENT_IGNITE_INVOICES}/{CONCURRENCY} details) vs {elevate_rounds} Elevate pages"
    )
    ours_wall = statistics.median(walls[RUNS[0][0]])
    sequential_wall = statistics.median(walls[RUNS[1][0]])
    print(
        f"  ours: {sequential_wall / ours_wall:.1f}x faster than sequential, "
        f"{ours_wall / floor:.2f}x the floor"
    )


if __name__ == "__main__":
    main()
