"""Invoice-to-bank reconciliation for accountants: fetch, import, match, review, export."""

__version__ = "0.1.0"
APP_NAME = "Reconcile Desk"
APP_ID = "desktop-app"
