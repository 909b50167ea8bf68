"""``python -m desktop_app.sandbox``: run the provider sandbox until interrupted.

Prints the base URLs and the (fake, seed-derived) credentials a client needs; with
``--write-config`` it also writes a providers.toml aimed at the sandbox and prints the
``export`` lines for the secrets that file names.
"""

from __future__ import annotations

import argparse
import contextlib
import shlex
import signal
import threading
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path
from types import FrameType

from desktop_app.sandbox.sandbox import Sandbox


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    stop = threading.Event()
    _stop_on_sigterm(stop)
    with Sandbox(seed=args.seed, port=args.port, latency=args.latency) as sandbox:
        print(describe(sandbox), flush=True)
        if args.write_config:
            print(write_config(sandbox, args.write_config), flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            stop.wait()
    print("sandbox stopped", flush=True)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m desktop_app.sandbox", description=__doc__)
    parser.add_argument(
        "--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed for the data and credentials")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to each request")
    parser.add_argument(
        "--write-config", type=Path, metavar="PATH", help="write a providers.toml here"
    )
    return parser


def _stop_on_sigterm(stop: threading.Event) -> None:
    def handle(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, handle)


def describe(sandbox: Sandbox) -> str:
    lines = [
        f"Provider sandbox listening on {sandbox.base_url}",
        f"  content_ignite_url  {sandbox.content_ignite_url}",
        f"  versori_url         {sandbox.versori_url}",
        f"  elevate_url         {sandbox.elevate_url}",
        "Credentials (fake, valid only against this sandbox):",
    ]
    creds = sandbox.credentials
    lines += [f"  {f.name:<24}{getattr(creds, f.name)}" for f in fields(creds)]
    return "\n".join(lines)


def write_config(sandbox: Sandbox, path: Path) -> str:
    """Write providers.toml to ``path``; return what to paste into a shell to use it."""
    path.write_text(sandbox.providers_toml(), encoding="utf-8")
    exports = [
        f"export {name}={shlex.quote(value)}"
        for name, value in sandbox.secret_environment().items()
    ]
    return "\n".join([f"Wrote {path}; its secrets:", *exports])


if __name__ == "__main__":
    raise SystemExit(main())
