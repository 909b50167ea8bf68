"""``python -m desktop_app.sandbox``: run the provider sandbox until Ctrl+C.

Prints the base URLs and the (fake, seed-derived) credentials a client needs.
"""

from __future__ import annotations

import argparse
import threading
from collections.abc import Sequence
from dataclasses import fields

from desktop_app.sandbox.sandbox import Sandbox


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop_app.sandbox", description=__doc__)
    parser.add_argument(
        "--port", type=int, default=0, help="port on 127.0.0.1 (default: any free one)"
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="seed for the generated data and credentials"
    )
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every request")
    args = parser.parse_args(argv)
    with Sandbox(seed=args.seed, port=args.port, latency=args.latency) as sandbox:
        print(describe(sandbox), flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopping", flush=True)
    return 0


def describe(sandbox: Sandbox) -> str:
    lines = [
        f"Provider sandbox listening on {sandbox.base_url}",
        f"  content_ignite_url  {sandbox.content_ignite_url}",
        f"  versori_url         {sandbox.versori_url}",
        f"  elevate_url         {sandbox.elevate_url}",
        "Credentials (fake, for this sandbox only):",
    ]
    lines += [
        f"  {f.name:<24}{getattr(sandbox.credentials, f.name)}" for f in fields(sandbox.credentials)
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
