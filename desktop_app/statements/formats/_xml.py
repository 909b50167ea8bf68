"""Safe XML parsing into ``xml.etree`` elements that remember their line.

Bank files come from outside, so a document type declaration is refused outright: no
DTD means no entity declarations, hence no external entities (XXE) and no entity
expansion bombs ("billion laughs"). The standard library's expat parser does the work;
its handlers build ``xml.etree.ElementTree`` elements and record each element's line,
which the readers report as the row. Namespace prefixes are dropped from names (CAMT
versions differ only by namespace); the namespaces themselves are kept. A file whose
bytes do not match its declared encoding (Latin-1 declared as UTF-8, or a codec expat
cannot use) is read again: as UTF-8 where it is that but for a few stray bytes (a name
typed in another program), each read alone and warned of, as a text format's are (the
bytes' reading, ``encoding.utf8_despite_strays``, is the one the text formats and the csv
path use); else as Windows-1252, with a note.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from xml.parsers import expat

from desktop_app.statements.encoding import DecodedText, utf8_despite_strays
from desktop_app.statements.model import StatementImportError

_DECLARATION = re.compile(rb"^(\s*)<\?xml[^>]*\?>")
_LEADING_SPACE = re.compile(rb"^(?:\xef\xbb\xbf)?(\s+)")


class _RefusedDocumentError(Exception):
    """Raised from an expat handler to stop parsing a document we will not read."""


@dataclass
class XmlDocument:
    root: ET.Element
    lines: dict[ET.Element, int]
    namespaces: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # The text as read where expat refused its bytes and they are UTF-8 but for a few
    # stray bytes (``DecodedText.strays``, each warned of); None where expat read it.
    decoded: DecodedText | None = None

    def line(self, element: ET.Element | None) -> int | None:
        return self.lines.get(element) if element is not None else None


def parse_xml(data: bytes, source: str) -> XmlDocument:
    """Parse ``data``; raises StatementImportError naming ``source`` on any problem."""
    whole = data
    data, line_offset = _without_leading_space(data)
    try:
        return _parse(data, line_offset)
    except _RefusedDocumentError as refused:
        raise StatementImportError(f"{source}: refused: {refused}") from None
    except expat.ExpatError as error:
        if not _is_encoding_error(error) or _decodes_as_utf8(data):
            raise _not_well_formed(source, error, line_offset) from None
        decoded = utf8_despite_strays(whole)
        if isinstance(decoded, DecodedText):
            return _parse_mostly_utf8(decoded, source)
    except (ValueError, LookupError):
        pass  # the declared encoding is one expat cannot use (multi-byte, or not text)
    return _parse_as_cp1252(data, source, line_offset)


def _not_well_formed(
    source: str, error: expat.ExpatError, line_offset: int
) -> StatementImportError:
    message = expat.errors.messages[error.code]
    return StatementImportError(
        f"{source}: not well-formed XML at line {error.lineno + line_offset}: {message}"
    )


def _without_leading_space(data: bytes) -> tuple[bytes, int]:
    """Drop a BOM and whitespace before the root (expat rejects a late declaration)."""
    match = _LEADING_SPACE.match(data)
    if match is None:
        return data, 0
    skipped = match.group(1)
    newlines = skipped.count(b"\n") + skipped.replace(b"\r\n", b"").count(b"\r")
    return data[match.end() :], newlines


def _is_encoding_error(error: expat.ExpatError) -> bool:
    return expat.errors.messages[error.code] in {
        expat.errors.XML_ERROR_INVALID_TOKEN,
        expat.errors.XML_ERROR_PARTIAL_CHAR,
        expat.errors.XML_ERROR_INCORRECT_ENCODING,
        expat.errors.XML_ERROR_UNKNOWN_ENCODING,
    }


def _decodes_as_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _parse_mostly_utf8(decoded: DecodedText, source: str) -> XmlDocument:
    """Second reading of a file that is UTF-8 but for a few stray bytes (``decoded``,
    the whole file's text, so its strays' offsets are the file's own): the text as
    read, which expat takes as UTF-8. Its strays are warned of by the reader."""
    data, line_offset = _without_leading_space(decoded.text.encode("utf-8"))
    document = _parse_again(data, source, line_offset)
    document.decoded = decoded
    return document


def _parse_as_cp1252(data: bytes, source: str, line_offset: int) -> XmlDocument:
    """Second reading of a file whose bytes do not match its declared encoding."""
    text = data.decode("cp1252", errors="replace")
    document = _parse_again(text.encode("utf-8"), source, line_offset)
    document.notes.append("the file is not in the encoding it declares; read as Windows-1252")
    return document


def _parse_again(utf8: bytes, source: str, line_offset: int) -> XmlDocument:
    """The document of a text read otherwise than as declared, now UTF-8 (``utf8``): its
    declaration, which names the encoding it is not in, left out."""
    utf8 = _DECLARATION.sub(rb"\1", utf8, count=1)
    try:
        return _parse(utf8, line_offset)
    except _RefusedDocumentError as refused:
        raise StatementImportError(f"{source}: refused: {refused}") from None
    except expat.ExpatError as error:
        raise _not_well_formed(source, error, line_offset) from None
    except (ValueError, LookupError) as error:
        raise StatementImportError(f"{source}: unreadable XML encoding: {error}") from None


def _parse(data: bytes, line_offset: int) -> XmlDocument:
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    builder = ET.TreeBuilder()
    lines: dict[ET.Element, int] = {}
    namespaces: list[str] = []

    def start(tag: str, attributes: dict[str, str]) -> None:
        plain: dict[str, str] = {}
        for key, value in attributes.items():
            if key == "xmlns" or key.startswith("xmlns:"):
                namespaces.append(value)
            else:
                plain[_local(key)] = value
        lines[builder.start(_local(tag), plain)] = parser.CurrentLineNumber + line_offset

    def refuse_doctype(*_: object) -> None:
        raise _RefusedDocumentError(
            "the XML has a document type declaration (DTD); bank files never need one and "
            "it can hide entity attacks (XXE, billion laughs)"
        )

    def refuse_entity(*_: object) -> int:
        refuse_doctype()
        return 0

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda tag: builder.end(_local(tag))
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    parser.ExternalEntityRefHandler = refuse_entity
    parser.Parse(data, True)
    return XmlDocument(builder.close(), lines, namespaces)


def _local(name: str) -> str:
    return name.rpartition(":")[2]
