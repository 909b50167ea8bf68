"""One module per command; see ``desktop_app.cli.main`` for the protocol they follow."""
