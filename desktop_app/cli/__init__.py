"""The ``desktop-app`` command line: the GUI entry point and the headless commands."""

from desktop_app.cli.main import main

__all__ = ["main"]
