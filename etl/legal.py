"""The legal-basis cell (根拠法令) as the laws and local ordinances it names.

A cell lists names separated by 、 , ; / (or line breaks after a complete name): `地方税法、北本市税条例`,
`地方自治法第234条の2、地方自治法施行令第167条の15`, `児童手当法施行規則　※第1号法定受託事務`. Each item loses its
article (第22条, 第234条の2 …), a trailing 等 / ほか and a note after ※; what remains is linked when it is a name of
legislation: a national law (…法, …法律, …令, …施行規則), or an ordinance, rule or guideline (…条例, …規則, …規程,
…要綱, …要領) of a local government — the one its name starts with (北本市…, 埼玉県…), else the list's own
municipality. Anything else (a sentence, `条例定数`, a guideline, a name cut short) is kept only in the verbatim
text. Pure, table-tested in tests/unit/test_legal.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jkg.etl.normalise import key
from jkg.municipalities import LocalGovernment, gazetteer

_SEPARATOR = re.compile(r"[、,，;；/／]")
_NOTE = re.compile(r"[※＊*]")
_ARTICLE = re.compile(r"第[0-9０-９〇一二三四五六七八九十百千]+条")
_TAIL = re.compile(r"(?:等|ほか|など|他|外|及び|並びに|\s)+$")
_PARENS = re.compile(r"[(（][^)）]*[)）]\s*$")
LOCAL_SUFFIXES = ("条例", "規則", "規程", "要綱", "要領", "訓令", "告示", "細則")
NATIONAL_SUFFIXES = ("法", "法律", "政令", "省令", "府令", "施行令", "施行規則", "令")
_LG_END = "都道府県市区町村"
MAX_NAME = 60  # longer: a sentence, not a name


@dataclass(frozen=True)
class LegalItem:
    """One piece of legislation a legal-basis cell names: its name (NFKC, no spaces), where it is in the verbatim
    cell, national `law` or local `ordinance`, and for an ordinance the 団体コード of its local government."""

    name: str
    start: int
    end: int
    kind: str
    municipality: str = ""
    canonical: str = ""  # an own ordinance named without its municipality gets the name: 北本市 + 税条例


def _pieces(text: str) -> list[tuple[int, int]]:
    """Spans of the items: between separators, and at a line break that follows a complete name."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SEPARATOR.finditer(text + "、"):
        part_start = start
        for br in re.finditer(r"\s*\n\s*", text[start : m.start()]):
            before = key(text[part_start : start + br.start()])
            if before.endswith(LOCAL_SUFFIXES + NATIONAL_SUFFIXES) or re.search(r"[条項号]$", before):
                spans.append((part_start, start + br.start()))
                part_start = start + br.end()
        spans.append((part_start, m.start()))
        start = m.end()
    return spans


def _local_government(name: str, own: LocalGovernment) -> tuple[LocalGovernment | None, bool]:
    """(the local government a name starts with, the list's own one preferred; True when the name starts with
    a name several bear, such as 府中市, so that whose it is cannot be told)."""
    for own_name in (own.full_name, own.local_name):
        if name.startswith(own_name):
            return own, False
    for end in range(min(len(name) - 1, 10), 1, -1):
        if name[end - 1] not in _LG_END:
            continue
        found = gazetteer().find(name[:end])
        if found:
            same = [b for b in found if b.prefecture_code == own.prefecture_code]
            if len(same) == 1 or len(found) == 1:
                return (same or found)[0], False
            return None, True
    return None, False


def classify(name: str, own: LocalGovernment) -> tuple[str, str] | None:
    """(`law`, "") for a national law, (`ordinance`, 団体コード) for a local government's own legislation,
    None for a name that is neither."""
    if len(name) < 3 or len(name) > MAX_NAME or "。" in name:
        return None
    body, ambiguous = _local_government(name, own)
    if ambiguous:
        return None
    national = name.endswith(NATIONAL_SUFFIXES) and (not name.endswith("規則") or "法施行規則" in name)
    if body is not None and name.endswith(LOCAL_SUFFIXES):
        return "ordinance", body.code
    if national and body is None:
        return "law", ""
    if name.endswith(LOCAL_SUFFIXES) and body is None:
        return "ordinance", own.code
    return None


def legal_items(text: str, own: LocalGovernment) -> list[LegalItem]:
    """Every law and ordinance a legal-basis cell names, in order, each once."""
    note = _NOTE.search(text)
    body = text[: note.start()] if note else text
    items: list[LegalItem] = []
    seen: set[str] = set()
    for start, end in _pieces(body):
        piece = body[start:end]
        article = _ARTICLE.search(piece)
        if article is not None:
            piece = piece[: article.start()]
        piece = _TAIL.sub("", _PARENS.sub("", piece))
        lead = len(piece) - len(piece.lstrip())
        name = key(piece)
        found = classify(name, own) if name else None
        if found is None or name in seen:
            continue
        seen.add(name)
        kind, code = found
        canonical = name
        if kind == "ordinance" and code == own.code and not name.startswith((own.full_name, own.local_name)):
            canonical = own.local_name + name
        items.append(LegalItem(name, start + lead, start + len(piece), kind, code, canonical))
    return items
