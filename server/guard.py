"""Check a query before it reaches pyoxigraph: size, encoding, nesting, operator chains, SERVICE, updates.

A SPARQL lexer (strings, IRIs, comments) finds the query form and top-level structure without parsing it,
so that inputs known to crash or hang the engine (thousands of nested groups, huge operator chains) never
reach it, and a query never causes an outbound request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
OPENERS = {"{": "}", "(": ")", "[": "]"}

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
  | (?P<op>\|\||&&|!=|<=|>=|\^\^|[=<>+\-*/|^!])
  | (?P<punct>[{}()\[\];,.])
  | (?P<word>[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\-.\u00B7-\uFFFF]*(?::[^\s{}()\[\];,<>"'#]*)?|:[^\s{}()\[\];,<>"'#]*)
  | (?P<number>[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


class Refused(Exception):
    """The query is refused before evaluation: an HTTP status and a message that says what to change."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class QueryInfo:
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    has_dataset: bool = False  # a FROM or FROM NAMED clause: the query picks its own graphs

    @property
    def is_graph(self) -> bool:
        return self.form in {"CONSTRUCT", "DESCRIBE"}


def _position(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    return f"line {line}, column {offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"


def decode(body: bytes, charset: str | None) -> str:
    """Query text from bytes: UTF-8 only (415 for another charset, 400 for invalid bytes)."""
    if charset and charset.lower().replace("_", "-") not in {"utf-8", "utf8", "us-ascii", "ascii"}:
        raise Refused(415, f"unsupported charset {charset!r}: send the query in UTF-8")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Refused(400, f"the query is not valid UTF-8 (byte {e.start}); send it in UTF-8") from None


def check(text: str, *, max_bytes: int, max_nesting: int, max_chain: int = 256) -> QueryInfo:
    """Refuse what must not reach the engine; return the query form."""
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > max_bytes:
        raise Refused(413, f"the query is {size} bytes; the limit is {max_bytes}. Shorten it")
    if "\x00" in text:
        raise Refused(400, "the query contains a NUL character; remove it")
    if not text.strip():
        raise Refused(400, "the query is empty; send a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    stack: list[tuple[str, int, int]] = []  # (closer, offset, operators at this level)
    chain = 0
    form: str | None = None
    for m in _TOKEN.finditer(text):
        kind, tok = m.lastgroup, m.group()
        if kind in {"ws", "comment", "string", "iri", "var", "number"}:
            continue
        if kind == "punct" and tok in OPENERS:
            stack.append((OPENERS[tok], m.start(), chain))
            chain = 0
            if len(stack) > max_nesting:
                raise Refused(
                    400,
                    f"the query nests brackets deeper than {max_nesting} levels (at {_position(text, m.start())}); "
                    "flatten it",
                )
            continue
        if kind == "punct" and tok in {"}", ")", "]"}:
            if stack and stack[-1][0] == tok:
                chain = stack.pop()[2]
            continue
        upper = tok.upper()
        if kind == "op" or (kind == "word" and upper == "UNION"):
            chain += 1
            if chain > max_chain:
                raise Refused(
                    400,
                    f"more than {max_chain} operators or UNIONs in one group (at {_position(text, m.start())}); "
                    "split the query",
                )
            continue
        if kind != "word":
            continue
        if upper == "SERVICE":
            raise Refused(400, "SERVICE is disabled: this endpoint never sends requests to other endpoints. Remove it")
        if form is None:
            if upper in QUERY_FORMS:
                form = upper
            elif upper in UPDATE_KEYWORDS:
                raise Refused(403, "this endpoint is read-only: SPARQL Update is not accepted")
    if form is None:
        raise Refused(400, "no SELECT, ASK, CONSTRUCT or DESCRIBE found; this endpoint answers queries only")
    return QueryInfo(form, has_dataset_clause(text))


def has_dataset_clause(text: str) -> bool:
    """Whether a query names its own graphs with FROM / FROM NAMED (outside strings, IRIs and comments)."""
    depth = 0
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if m.lastgroup == "punct" and tok in OPENERS:
            depth += 1
        elif m.lastgroup == "punct" and tok in {"}", ")", "]"}:
            depth -= 1
        elif m.lastgroup == "word" and tok.upper() == "FROM" and depth == 0:
            return True
    return False
