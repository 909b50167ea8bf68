"""About: the version, the licences of what ships inside, and where files live."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop_app import APP_NAME
from desktop_app.ui.services import AboutInfo


def about_html(info: AboutInfo) -> str:
    rows = "".join(
        f"<tr><td>{escape(name)}</td><td>{escape(version)}</td><td>{escape(licence)}</td></tr>"
        for name, version, licence in info.components
    )
    workspace = escape(str(info.workspace)) if info.workspace else "none open"
    return (
        f"<h2>{escape(APP_NAME)} {escape(info.version)}</h2>"
        "<p>Reconcile provider invoices against bank statements.</p>"
        f"<p><b>Workspace:</b> {workspace}<br><b>Logs:</b> {escape(str(info.log_dir))}</p>"
        "<p><b>Bundled components</b></p>"
        f"<table cellpadding='3'><tr><th align='left'>Component</th><th align='left'>Version</th>"
        f"<th align='left'>Licence</th></tr>{rows}</table>"
    )


class AboutDialog(QDialog):
    def __init__(self, info: AboutInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about dialog")
        self.setWindowTitle(f"About {APP_NAME}")
        self.text = QLabel(about_html(info))
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)

    @classmethod
    def present(cls, parent: QWidget | None, info: AboutInfo) -> AboutDialog:
        dialog = cls(info, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog
