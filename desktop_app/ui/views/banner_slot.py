"""One banner kept to one standing fact, such as the breaks between the statements held.

Some warnings describe a state rather than an event: what is true of the workspace now.
Shown afresh on every change, they piled up above the screens, the stale ones beside the
current one. A slot holds at most one banner for its fact: a new wording replaces the
banner, no wording takes it away, and the wording already said is not said again (the
accountant may have dismissed it on purpose).
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.ui.views.banner import Banner, BannerArea, Level


@dataclass(frozen=True, slots=True)
class BannerText:
    """What a banner says: its level, title, message and the details it opens to."""

    level: Level
    title: str
    message: str
    details: str = ""


class BannerSlot:
    """At most one banner in ``area`` for one fact, following its wording (``say``)."""

    def __init__(self, area: BannerArea) -> None:
        self._area = area
        self._said: BannerText | None = None
        self._banner: Banner | None = None

    def say(self, text: BannerText | None, *, anew: bool = False) -> None:
        """Show ``text`` in place of the banner shown before, or none where it is None;
        nothing where it was said already, unless ``anew`` (another workspace's fact,
        said however it is worded)."""
        if text == self._said and not anew:
            return
        self._said = text
        if self._banner is not None:
            self._area.dismiss(self._banner)
            self._banner = None
        if text is not None:
            self._banner = self._area.show_message(
                text.level, text.title, text.message, text.details
            )
