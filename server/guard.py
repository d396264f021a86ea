"""Check a query before it reaches pyoxigraph: size, encoding, nesting, operator chains, SERVICE, updates.

The guard walks the query's terminals (`lexer`: comments, the four string forms, IRIs and prefixed names end
exactly where SPARQL 1.1 and Oxigraph end them) to find the query form and the bracket structure without
parsing, so that inputs known to crash or hang the engine (thousands of nested groups, huge operator chains)
never reach it, and SERVICE is refused. Where readings could differ it refuses:

* Oxigraph needs no word boundary after a keyword (`SERVICEex:p {}` and `trueSERVICE<…>{}` both run SERVICE),
  so any bare word or prefix that contains SERVICE is refused, whatever its case.
* An IRIREF such as `<((1))&&?b>` is an IRI to the lexer but an expression to Oxigraph after a `<` operator,
  so the brackets and operators inside an IRI that could be an expression count towards the limits too.
* The specification applies \\u escapes to the whole text before parsing (`SERVIC\\u0045`), Oxigraph only
  inside strings and IRIs: the query must pass under both readings, and a backslash outside strings, IRIs and
  prefixed names is refused.

This is the first wall; the second is that query worker processes cannot open network connections at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jkg.server.lexer import BadEscape, Token, has_codepoint_escapes, tokens, unescape_codepoints

UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
OPENERS = {"{": "}", "(": ")", "[": "]"}
CLOSERS = frozenset(OPENERS.values())
# Between a '<' and a '>' that Oxigraph reads as operators there must be a bracket, a logical operator or an
# argument separator (one relational expression holds one comparison); an IRIREF holding one of these is
# walked as code as well. Plain IRIs add nothing to the limits.
_EXPRESSION_MARKS = re.compile(r"&&|\|\||[()\[\],;]")


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


class _Walk:
    """One reading of a query: the bracket stack, the operator chain of the current group, form and dataset."""

    def __init__(self, text: str, max_nesting: int, max_chain: int) -> None:
        self.text = text
        self.max_nesting = max_nesting
        self.max_chain = max_chain
        self.stack: list[tuple[str, int]] = []  # (closer, operators counted at the level it opened)
        self.chain = 0
        self.form: str | None = None
        self.has_dataset = False
        self.previous = ""

    def where(self, t: Token) -> str:
        return _position(self.text, t.start)

    def structure(self, t: Token) -> None:
        """Brackets and operators: the limits that keep the engine's recursive parser on its stack."""
        if t.kind == "punct" and t.text in OPENERS:
            self.stack.append((OPENERS[t.text], self.chain))
            self.chain = 0
            if len(self.stack) > self.max_nesting:
                raise Refused(
                    400,
                    f"the query nests brackets deeper than {self.max_nesting} levels (at {self.where(t)}); flatten it",
                )
        elif t.kind == "punct" and t.text in CLOSERS:
            if self.stack and self.stack[-1][0] == t.text:
                self.chain = self.stack.pop()[1]
        elif t.kind == "op" or (t.kind == "word" and t.text.upper() == "UNION"):
            self.chain += 1
            if self.chain > self.max_chain:
                raise Refused(
                    400,
                    f"more than {self.max_chain} operators or UNIONs in one group (at {self.where(t)}); "
                    "split the query",
                )

    def token(self, t: Token) -> None:
        if t.kind == "other":
            self.stray(t)
        elif t.kind == "iri" and _EXPRESSION_MARKS.search(t.text):  # an expression to the engine?
            for inner in tokens(t.text[1:-1], t.start + 1):
                if inner.kind != "word":
                    self.structure(inner)
        elif t.kind in {"word", "pname"}:
            self.name(t)
        self.structure(t)
        self.previous = t.text.upper()

    def stray(self, t: Token) -> None:
        if t.text in {"'", '"'}:
            raise Refused(
                400, f"a string is not closed, holds a line break or a bad escape (at {self.where(t)}); fix the quotes"
            )
        if t.text == "\\":
            raise Refused(
                400,
                f"a backslash outside a string or IRI (at {self.where(t)}): engines disagree on what it means there; "
                "write the character itself",
            )

    def name(self, t: Token) -> None:
        bare = (t.text if t.kind == "word" else t.prefix).upper()
        if "SERVICE" in bare:
            how = "" if bare == "SERVICE" else f" ({t.text!r} reads as SERVICE to the engine: rename or separate it)"
            raise Refused(
                400,
                f"SERVICE is disabled (at {self.where(t)}){how}: this endpoint never sends requests to other "
                "endpoints. Remove it",
            )
        if not self.stack and "FROM" in bare and not (t.kind == "pname" and self.previous == "PREFIX"):
            self.has_dataset = True
        if self.form is None and t.kind == "word":
            upper = t.text.upper()
            if any(upper.startswith(k) for k in QUERY_FORMS):
                self.form = next(k for k in QUERY_FORMS if upper.startswith(k))
            elif any(upper.startswith(k) for k in UPDATE_KEYWORDS):
                raise Refused(403, "this endpoint is read-only: SPARQL Update is not accepted")


def _read(text: str, max_nesting: int, max_chain: int) -> QueryInfo:
    walk = _Walk(text, max_nesting, max_chain)
    for t in tokens(text):
        walk.token(t)
    if walk.form is None:
        raise Refused(400, "no SELECT, ASK, CONSTRUCT or DESCRIBE found; this endpoint answers queries only")
    return QueryInfo(walk.form, walk.has_dataset)


def check(text: str, *, max_bytes: int, max_nesting: int, max_chain: int = 256) -> QueryInfo:
    """Refuse what must not reach the engine; return the query form."""
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > max_bytes:
        raise Refused(413, f"the query is {size} bytes; the limit is {max_bytes}. Shorten it")
    if "\x00" in text:
        raise Refused(400, "the query contains a NUL character; remove it")
    if not text.strip():
        raise Refused(400, "the query is empty; send a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    info = _read(text, max_nesting, max_chain)
    if has_codepoint_escapes(text):
        info = _agrees(text, info, max_nesting, max_chain)
    return info


def _agrees(text: str, info: QueryInfo, max_nesting: int, max_chain: int) -> QueryInfo:
    """The query must also pass when its \\u escapes are applied first, as the SPARQL specification reads it."""
    try:
        spec_text = unescape_codepoints(text)
    except BadEscape as e:
        where = _position(text, e.offset)
        raise Refused(
            400, f"a \\u or \\U escape without its 4 or 8 hex digits, or naming no character (at {where})"
        ) from None
    if "\x00" in spec_text:
        raise Refused(400, "the query contains an escaped NUL character; remove it")
    try:
        spec = _read(spec_text, max_nesting, max_chain)
    except Refused as refusal:
        reading = "with its \\u escapes applied first (as the SPARQL specification reads a query): "
        raise Refused(refusal.status, reading + refusal.message) from None
    if spec != info:
        raise Refused(400, "the query means different things with and without its \\u escapes applied; remove them")
    return info


def has_dataset_clause(text: str) -> bool:
    """Whether a query names its own graphs with FROM / FROM NAMED (outside strings, IRIs and comments)."""
    try:
        return _read(text, max_nesting=1 << 30, max_chain=1 << 30).has_dataset
    except Refused:
        return False
