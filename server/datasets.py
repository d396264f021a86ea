"""A query's graph names, as another store knows them: `jkg publish` loads each published graph G of a build as
G/build/BUILD, so a query bound for that store names those instead (and its answers are given back the published
names).

Only the IRIs in dataset positions are renamed — after FROM, FROM NAMED and GRAPH, written in full, relative to
BASE, or as prefixed names — so `GRAPH <BASE/graph/lg/082201/2020>` finds the build's graph of that year and
`FROM <elsewhere>` a graph that does not exist (locally, a graph the store does not hold is empty: so it is there).
An IRI computed at run time (`IRI(CONCAT(…))`) or compared with FILTER is not renamed.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urljoin

from jkg.server.lexer import Token, has_codepoint_escapes, tokens, unescape_codepoints

ABSENT = "urn:x-jkg:absent-graph"  # a graph no store holds: what a name outside the build stands for
_LOCAL_ESCAPE = "\\"


def rewrite(text: str, graphs: Mapping[str, str], base: str | None) -> str:
    """`text` with every graph IRI in a dataset position replaced by its name in the store (`graphs`: published
    name -> store name; any other name becomes ABSENT); `base` is the IRI relative IRIs resolve against."""
    found = list(tokens(text))
    prefixes: dict[str, str] = {}
    edits: list[tuple[int, int, str]] = []
    i = 0
    while i < len(found):
        t = found[i]
        word = t.text.upper() if t.kind == "word" else ""
        after = found[i + 1] if i + 1 < len(found) else None
        if word == "BASE" and after is not None and after.kind == "iri":
            base = _resolve(_iri(after), base)
            i += 2
            continue
        if word == "PREFIX" and after is not None and after.kind == "pname" and i + 2 < len(found):
            target = found[i + 2]
            if target.kind == "iri":
                prefixes[after.prefix] = _resolve(_iri(target), base)
            i += 3
            continue
        if word in {"FROM", "GRAPH"}:
            j = i + 1
            if word == "FROM" and j < len(found) and found[j].kind == "word" and found[j].text.upper() == "NAMED":
                j += 1
            if j < len(found) and found[j].kind in {"iri", "pname"}:
                name = _name(found[j], prefixes, base)
                if name is not None:
                    edits.append((found[j].start, found[j].start + len(found[j].text), f"<{graphs.get(name, ABSENT)}>"))
            i = j + 1
            continue
        i += 1
    for start, end, replacement in reversed(edits):
        text = text[:start] + replacement + text[end:]
    return text


def _iri(t: Token) -> str:
    inner = t.text[1:-1]
    return unescape_codepoints(inner) if has_codepoint_escapes(inner) else inner


def _resolve(iri: str, base: str | None) -> str:
    return urljoin(base, iri) if base else iri


def _name(t: Token, prefixes: dict[str, str], base: str | None) -> str | None:
    """The absolute IRI an IRI or prefixed-name token stands for (None for an undeclared prefix)."""
    if t.kind == "iri":
        return _resolve(_iri(t), base)
    namespace = prefixes.get(t.prefix)
    if namespace is None:
        return None
    local = t.text[len(t.prefix) + 1 :]
    out, escaped = [], False
    for c in local:
        if escaped or c != _LOCAL_ESCAPE:
            out.append(c)
            escaped = False
        else:
            escaped = True
    return namespace + "".join(out)


def has_base(text: str) -> bool:
    """Whether the query declares its own BASE."""
    return any(t.kind == "word" and t.text.upper() == "BASE" for t in tokens(text))
