"""One fact's banners kept to what is true of it now, such as the breaks between the
statements held, or what the last export did.

Some warnings describe a state rather than an event: what is true of the workspace now.
Shown afresh on every change, they piled up above the screens, the stale ones beside the
current one. A slot holds the banners of one fact: a new wording replaces them, no wording
takes them away, and the wording already said is not said again (the accountant may have
dismissed it on purpose). An event said in its own slot (an export's outcome) is said
``anew`` each time, and may take more than one banner (``add``: a name refused, then the
report written under another); the next one replaces them all. One of an event's banners
may speak of a state that changes after it (the report an export wrote, out of date once
decisions are made): ``replace`` says the state anew in its place, the others kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop_app.ui.views.banner import Action, Banner, BannerArea, Level


@dataclass(frozen=True, slots=True)
class BannerText:
    """What a banner says: its level, title, message and the details it opens to, and
    the buttons (``actions``) before them. The buttons' acts are not compared (each is
    a new closure): a fact that offers one is said ``anew`` when it happens again."""

    level: Level
    title: str
    message: str
    details: str = ""
    actions: tuple[Action, ...] = field(default=(), compare=False)


class BannerSlot:
    """The banners in ``area`` of one fact, following its wording (``say``, ``add``)."""

    def __init__(self, area: BannerArea) -> None:
        self._area = area
        self._said: tuple[BannerText, ...] = ()
        self._banners: list[Banner] = []

    def say(self, text: BannerText | None, *, anew: bool = False) -> None:
        """Show ``text`` in place of the banners shown before, or none where it is None;
        nothing where it was said already, unless ``anew`` (another workspace's fact,
        said however it is worded; an event that happened again)."""
        said = () if text is None else (text,)
        if said == self._said and not anew:
            return
        self._said = ()
        for banner in self._banners:
            self._area.dismiss(banner)
        self._banners = []
        if text is not None:
            self.add(text)

    def add(self, text: BannerText) -> Banner:
        """Show ``text`` beside what the slot shows already: more of the same fact, taken
        away with the rest when the slot next says something (``say``)."""
        self._said += (text,)
        banner = self._area.show_message(
            text.level, text.title, text.message, text.details, text.actions
        )
        self._banners.append(banner)
        return banner

    def replace(self, shown: Banner, text: BannerText) -> Banner:
        """Show ``text`` in place of ``shown``, one of the slot's banners, the others kept
        (the refusal before a report written, the failure before what the report there
        holds): what ``shown`` said of a state no longer holds. Shown last, as a banner
        said now is."""
        index = self._banners.index(shown)
        self._area.dismiss(shown)
        del self._banners[index]
        self._said = self._said[:index] + self._said[index + 1 :]
        return self.add(text)
