"""The engine behind ``AppServices``: providers, statements, matching, export, workspace.

Only ``desktop_app.app`` (the composition root) builds these; widgets see the protocol.
"""
