"""The PySide6 desktop application: thin Qt adapters and widgets over the Qt-free engine.

Widgets talk to the engine only through ``desktop_app.ui.services.AppServices`` so that
they hold no business logic and tests can inject the services they need.
"""
