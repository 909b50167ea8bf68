"""Dialogs. Each has an ``ask()``-style entry point returning plain data, so callers (and
tests) never depend on a nested ``exec()`` loop."""
