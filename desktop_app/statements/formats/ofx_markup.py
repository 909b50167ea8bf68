"""A tolerant reader for OFX markup: SGML 1.x (unclosed tags) and XML 2.x alike.

OFX 1.x is SGML whose leaf elements are never closed (``<TRNAMT>-29<FITID>...``), banks
put a whole file on one line, wrap the header in a comment or close some leaves and not
others. An XML parser rejects most of that, so one small tokenizer reads both versions:
a tag followed by text is a leaf; a tag followed by another tag opens an aggregate that a
matching end tag closes. An empty leaf written SGML-style (``<BALAMT>`` then a newline)
looks like an aggregate until its parent closes; lookups search descendants, so the
values it swallowed are still found. A record left open swallows the next record too, so
a record's own fields stop at the next record of its name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from desktop_app.statements.formats._common import LineIndex

_TOKEN = re.compile(
    r"<!--.*?(?:-->|$)"  # comment (possibly unterminated)
    r"|<[?!][^>]*>?"  # processing instruction or declaration
    r"|<(?P<close>/?)\s*(?P<name>[A-Za-z][\w.:-]*)[^<>]*?(?P<empty>/?)>"  # tag
    r"|(?P<text>[^<]+|<)",  # text (a stray '<' is text too)
    re.DOTALL,
)
_ENTITY = re.compile(r"&(amp|lt|gt|quot|apos|nbsp|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'", "nbsp": "\u00a0"}


@dataclass(eq=False)
class OfxElement:
    name: str
    line: int
    text: str = ""
    children: list[OfxElement] = field(default_factory=list)
    closed: bool = False  # its own end tag was read (not merely an ancestor's)

    def iter(self) -> Iterator[OfxElement]:
        """This element and all its descendants, depth first, in document order."""
        pending = [self]
        while pending:
            element = pending.pop()
            yield element
            pending.extend(reversed(element.children))

    def find(self, name: str) -> OfxElement | None:
        """The first descendant called ``name`` (not this element itself)."""
        return next((el for el in self.iter() if el.name == name and el is not self), None)

    def find_all(self, name: str) -> list[OfxElement]:
        return [el for el in self.iter() if el.name == name and el is not self]

    def own_descendants(self) -> Iterator[OfxElement]:
        """The descendants that belong to this record, in document order.

        SGML whose records are never closed (``<STMTTRN>...<STMTTRN>...``) nests each
        record inside the previous one; a record ends where the next one begins, so a
        field it lacks is not borrowed from the records after it.
        """
        pending = list(reversed(self.children))
        while pending:
            element = pending.pop()
            if element.name != self.name:
                yield element
                pending.extend(reversed(element.children))

    def first_of_each(self) -> dict[str, OfxElement]:
        """The record's first field of each name, found in one pass (records are read often)."""
        found: dict[str, OfxElement] = {}
        for element in self.own_descendants():
            found.setdefault(element.name, element)
        return found

    def value(self, *path: str) -> str:
        """The text of the element reached by searching descendants along ``path``."""
        element: OfxElement | None = self
        for name in path:
            element = element.find(name) if element is not None else None
        return element.text if element is not None else ""

    def pieces(self) -> tuple[str, ...]:
        """The record's values as ``<TAG>value`` pieces, the way the file wrote them."""
        return tuple(f"<{el.name}>{el.text}" for el in self.own_descendants() if el.text)


def parse_markup(text: str, start: int, index: LineIndex) -> OfxElement:
    """Parse ``text`` from offset ``start`` into a tree under a synthetic ``#root``."""
    root = OfxElement("#root", index.line_of(start))
    stack = [root]
    awaiting_text: OfxElement | None = None
    for match in _TOKEN.finditer(text, start):
        name = match.group("name")
        content = match.group("text")
        if content is not None:
            if awaiting_text is not None and content.strip():
                awaiting_text.text = unescape(content.strip())
                awaiting_text = None
            continue
        if name is None:
            continue  # comment or processing instruction
        if awaiting_text is not None:
            stack.append(awaiting_text)  # no text before the next tag: an aggregate
            awaiting_text = None
        name = name.upper()
        if match.group("close"):
            _close(stack, name)
            continue
        element = OfxElement(name, index.line_of(match.start()))
        stack[-1].children.append(element)
        if not match.group("empty"):
            awaiting_text = element
    return root


def _close(stack: list[OfxElement], name: str) -> None:
    """Close the innermost open aggregate called ``name`` and everything opened inside it.

    End tags of leaves (``</CODE>`` in XML) match no open aggregate and are ignored.
    """
    for depth in range(len(stack) - 1, 0, -1):
        if stack[depth].name == name:
            stack[depth].closed = True
            del stack[depth:]
            return


def unescape(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        entity = match.group(1)
        if entity[0] != "#":
            return _NAMED[entity]
        code = int(entity[2:], 16) if entity[1] in "xX" else int(entity[1:])
        valid = 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF
        return chr(code) if valid else match.group(0)

    return _ENTITY.sub(replace, text)
