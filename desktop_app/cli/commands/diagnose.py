"""``desktop-app diagnose``: print version, file locations, components and TLS set-up.

Support asks for this first; the packaging tests use it to prove a frozen bundle found its
resources and its CA bundle, and that certificate verification is really on. Its output is
pasted into support tickets, so ``--tls-check``'s address is printed without its query,
fragment or user name (an ``?api_key=`` copied with a provider's URL would travel along).
"""

from __future__ import annotations

import argparse

import httpx

from desktop_app.about import summary_lines
from desktop_app.cli.errors import EXIT_OK, CliError
from desktop_app.providers.redaction import shown_url
from desktop_app.resources import resources_dir
from desktop_app.tls import ca_bundle_path, ssl_context, trusted_certificate_count
from desktop_app.wording import counted

NAME = "diagnose"
HELP = "print version, file locations, bundled components and the TLS trust store"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--tls-check",
        metavar="URL",
        help="make one HTTPS request to URL with certificate verification on and report the result",
    )


def run(args: argparse.Namespace) -> int:
    for line in summary_lines():
        print(line)
    print(f"Resources: {resources_dir()}")
    print(
        f"TLS CA bundle: {ca_bundle_path()} ({counted(trusted_certificate_count(), 'certificate')})"
    )
    if args.tls_check:
        _check_tls(args.tls_check)
    return EXIT_OK


def _check_tls(url: str) -> None:
    shown = shown_url(url)
    try:
        with httpx.Client(verify=ssl_context(), timeout=10.0) as client:
            response = client.get(url)
    except httpx.ConnectError as error:
        raise CliError(f"TLS check of {shown} failed: {error}") from None
    print(f"TLS check of {shown}: verified, HTTP {response.status_code}")
