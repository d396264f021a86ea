"""The SPARQL 1.1 terminals (grammar §19.8), as Oxigraph reads them, for the guard to walk a query's structure.

Every token that can hide text from the guard — comments, the four string forms, IRIs, prefixed names with
their escapes — ends exactly where the grammar (and Oxigraph) ends it: a comment at CR or LF, an IRIREF may
hold '#', a prefixed name's local part may hold '\\#'. Oxigraph applies \\u and \\U escapes inside strings and
IRIs and nowhere else; the SPARQL specification applies them to the whole text before parsing, so
`unescape_codepoints` gives the guard the specification's reading as well.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

_HEX = "[0-9A-Fa-f]"
_UCHAR = rf"\\u{_HEX}{{4}}|\\U{_HEX}{{8}}"
_ECHAR = rf"""\\[tbnrf\\"']|{_UCHAR}"""  # Oxigraph also takes codepoint escapes inside strings
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_VARNAME = rf"[{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"
_PN_PREFIX = rf"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PLX = rf"%{_HEX}{_HEX}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_LOCAL = rf"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"

_TOKEN = re.compile(
    rf"""
    (?P<ws>[\x20\x09\x0d\x0a]+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}))*'''
             |\"\"\"(?:(?:"|"")?(?:[^"\\]|{_ECHAR}))*\"\"\"
             |'(?:[^'\\\r\n]|{_ECHAR})*'
             |"(?:[^"\\\r\n]|{_ECHAR})*")
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)
  | (?P<var>[?$]{_VARNAME})
  | (?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)
  | (?P<pname>(?P<prefix>{_PN_PREFIX})?:(?:{_PN_LOCAL})?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<op>\|\||&&|!=|<=|>=|\^\^|[=<>+\-*/|^!?])
  | (?P<punct>[{{}}()\[\];,.@])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

# White space and comments: not yielded.
QUIET = frozenset({"ws", "comment"})
_CODEPOINT = re.compile(rf"\\u({_HEX}{{4}})|\\U({_HEX}{{8}})|\\[uU]")


class Token(NamedTuple):
    kind: str  # string iri var bnode pname word number op punct other
    text: str
    start: int  # offset in the text lexed
    prefix: str = ""  # a prefixed name's prefix (without the colon)


def tokens(text: str, offset: int = 0) -> Iterator[Token]:
    """The query's terminals in order, white space and comments left out; `offset` is added to every position."""
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind not in QUIET:
            yield Token(kind, m.group(), m.start() + offset, (m.group("prefix") or "") if kind == "pname" else "")


class BadEscape(ValueError):
    """A \\u or \\U escape that is not followed by its hex digits, or names no character."""

    def __init__(self, offset: int) -> None:
        super().__init__(f"bad codepoint escape at offset {offset}")
        self.offset = offset


def has_codepoint_escapes(text: str) -> bool:
    return "\\u" in text or "\\U" in text


def unescape_codepoints(text: str) -> str:
    """The text with every \\uXXXX and \\UXXXXXXXX replaced by its character, as the SPARQL 1.1 specification
    does before parsing (§19.2); BadEscape for an incomplete escape, a surrogate or a value past U+10FFFF."""

    def one(m: re.Match[str]) -> str:
        digits = m.group(1) or m.group(2)
        if digits is None:
            raise BadEscape(m.start())
        value = int(digits, 16)
        if 0xD800 <= value <= 0xDFFF or value > 0x10FFFF:
            raise BadEscape(m.start())
        return chr(value)

    return _CODEPOINT.sub(one, text)
