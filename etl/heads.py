"""Names found by their form: a legal form before or after them, the head they end in, 「」 around them.

Each found name then passes the rules of its category: generic names are dropped, the own municipality and its
organs become stop spans, own plans and ordinances get the municipality's name (etl/own.py).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from jkg.etl.lexicon import (
    ABBREVIATED_FORMS,
    COMMITTEE_HEADS,
    EVENT_HEADS,
    FORMAL_LEGAL_FORM,
    LAW_HEADS,
    LAW_TITLE_MARKERS,
    LEGAL_FORMS,
    NOT_A_HEAD_AFTER,
    NOT_A_HEAD_AFTER_KAI,
    NOT_A_LAW_TAIL,
    NOT_A_NAME_AFTER_FORM,
    OWN_PLAN_TYPES,
    PARTNER_HEADS,
    PLAN_HEADS,
    QUOTED_EVENT_HEADS,
    alternation,
)
from jkg.etl.names import law_title_start, name_after, run_start
from jkg.etl.rules import Rules
from jkg.etl.span import Span

if TYPE_CHECKING:
    from jkg.etl.candidates import Finder


HEADS: dict[str, tuple[str, str]] = {}
for _type, _words in PARTNER_HEADS.items():
    for _w in _words.split():
        HEADS.setdefault(_w, ("partner", _type))
HEADS.update({w: ("plan", "") for w in PLAN_HEADS})
HEADS.update({w: ("law", "") for w in LAW_HEADS})
HEADS.update({w: ("event", "") for w in EVENT_HEADS if w not in HEADS})
_HEAD = re.compile(alternation(list(HEADS)))
# What may not follow a head, also for the heads that end in it (実施計画機能 as 計画機能)
_NOT_AFTER = {h: "".join(v for k, v in NOT_A_HEAD_AFTER.items() if h.endswith(k)) for h in HEADS}
_HEAD_AT_END = re.compile(f"(?:{alternation(list(HEADS))})$")
_PARTNER_HEADS = tuple(h for h, (c, _t) in HEADS.items() if c == "partner" and len(h) > 1)
_LEGAL = re.compile(alternation(list(LEGAL_FORMS)))
_LEGAL_PREFIX = re.compile(f"^(?:{alternation(list(LEGAL_FORMS))})")
_ABBREVIATED = re.compile(rf"\((?P<abbr>{alternation(list(ABBREVIATED_FORMS))})\)")
_CITY_SUFFIX = re.compile("[市州]")
_NOT_A_FOREIGN_CITY = frozenset("民内外場長役議立営政")
_KATAKANA_CHARS = frozenset([chr(c) for c in range(0x30A1, 0x30F7)] + ["ー"])
_LONGEST_TITLE = 60
_PREDICATIVE = re.compile("である|として|のような|等の|などの|に位置")
_EDITION = re.compile("[0-9]{1,4}(?![0-9年度月日件人か回%])")
_COMMITTEE = re.compile(alternation(COMMITTEE_HEADS))
_QUOTED = re.compile("「([^「」。]{2,60})」")
_EVENT_WORDS = "ワークショップ|イベント|大会|講座|セミナー|フォーラム|コンテスト|ハッカソン|シンポジウム|キャンペーン"
_EVENT_IN_QUOTES = re.compile(
    rf"(?:{_EVENT_WORDS})\s*「(?P<a>[^「」。]{{2,40}})」|「(?P<b>[^「」。]{{2,40}})」\s*(?:{_EVENT_WORDS})"
)
_BRANCH = ("支部", "支会", "分会")
_EVENT_BEFORE = re.compile("(?:まつり|祭り|つどい|集い)$")
# 〇〇の交通安全を守る会, 〇〇手をつなぐ育成会: an association named by what it does, from the start of its phrase
_DOING = re.compile(
    r"(?:(?<=[、。\s「」()・◆○●:])|^)(?![のとも])([^、。\s「」()・◆○●:でがはにへやを]{1,24}"
    r"を[一-龥]?[ぁ-ん]{0,3}[うくぐすつぬぶむる](?:[一-龥]{1,4}の)?[一-龥]{0,4}(?<!機)会)(?![一-龥])"
)
# 社会を明るくする運動, 〇〇に対する暴力をなくす運動: a campaign named by what it does, from the start of its phrase
_DOING_CAMPAIGN = re.compile(
    r"(?:(?<=[、。\s「」()・◆○●:])|^)(?![のとも])((?:[^、。\s「」()・◆○●:でがはにへやを]|に(?=対する|関する)){1,24}"
    r"を[一-龥]?[ぁ-ん]{0,3}[うくぐすつぬぶむる](?:[一-龥]{1,4})?運動)(?!(?!期間|月間|週間)[一-龥])"
)
# What both of them must contain: searched first, as the patterns above try a phrase at every position
_DOING_VERB = re.compile("を[一-龥]?[ぁ-ん]{0,3}[うくぐすつぬぶむる]")
# 〇〇法人「〇〇の家」: a legal form before a name in brackets
_FORM_QUOTED = re.compile(f"(?P<form>{alternation(list(LEGAL_FORMS))})「(?P<name>[^「」。]{{2,40}})」")
# しながわ健康プラン21（第二次）, 〇〇計画＜第3期＞: the edition in brackets after a plan's name is part of it
_BRACKETED_EDITION = re.compile(r"[(<〈《][ ]?第[0-9〇一二三四五六七八九十]+(?:次|期)[ ]?[)>〉》]")


def _edition_in_parentheses(name: str) -> str:
    """しながわ健康プラン21<第二次> → しながわ健康プラン21(第二次): one name however its edition is bracketed."""
    m = _BRACKETED_EDITION.search(name)
    if m is None:
        return name
    return name[: m.start()] + "(" + m.group().strip("(<〈《)>〉》 ") + ")"


def bare(name: str) -> str:
    """A body's name without its legal form: one resource whether or not the text writes the form."""
    return _LEGAL_PREFIX.sub("", name).removesuffix("株式会社") or name


class Heads:
    """Finds names by their form in one municipality's texts; `Rules` decides what each one is."""

    def __init__(self, finder: Finder) -> None:
        self.f = finder
        self.rules = Rules(finder)

    def find(self, norm: str, units: set[str]) -> list[Span]:
        found: list[Span] = []
        hira = self.f.hiragana
        for m in _LEGAL.finditer(norm):
            end = name_after(norm, m.end(), hira)
            if end > m.end() and norm[m.end() : end] not in NOT_A_NAME_AFTER_FORM:
                form = m.group()
                name = FORMAL_LEGAL_FORM.get(form, form) + norm[m.end() : end]
                found += self.rules.candidate(
                    "partner",
                    LEGAL_FORMS[form],
                    name,
                    m.start(),
                    end,
                    f"legal form {form}…",
                    norm,
                    units,
                    2,
                    "legal-form",
                )
        doing = "を" in norm and _DOING_VERB.search(norm) is not None
        if doing and "会" in norm:
            for m in _DOING.finditer(norm):
                rule = "an association named by what it does (〇〇を守る会)"
                found += self.rules.candidate(
                    "partner",
                    "council-or-association",
                    m.group(1),
                    m.start(1),
                    m.end(1),
                    rule,
                    norm,
                    units,
                    2,
                    "described",
                )
        for m in _DOING_CAMPAIGN.finditer(norm) if doing and "運動" in norm else ():
            rule = "a campaign named by what it does (〇〇を〇〇する運動)"
            found += self.rules.candidate(
                "event", "", m.group(1), m.start(1), m.end(1), rule, norm, units, 2, "described"
            )
        for m in _FORM_QUOTED.finditer(norm) if "「" in norm else ():
            form = m.group("form")
            name = FORMAL_LEGAL_FORM.get(form, form) + m.group("name")
            rule = f"legal form {form}「…」"
            found += self.rules.candidate(
                "partner", LEGAL_FORMS[form], name, m.start(), m.end(), rule, norm, units, 1, "legal-form"
            )
        for m in _ABBREVIATED.finditer(norm):
            form = ABBREVIATED_FORMS[m.group("abbr")]
            start = run_start(norm, m.start(), hira)
            if form in ("株式会社", "有限会社") and start < m.start():  # カスミ(株)
                name = norm[start : m.start()] + form
                found += self.rules.candidate(
                    "partner",
                    "company",
                    name,
                    start,
                    m.end(),
                    f"legal form ({m.group('abbr')})",
                    norm,
                    units,
                    2,
                    "legal-form",
                )
                continue
            end = name_after(norm, m.end(), hira)
            if end > m.end():
                name = form + norm[m.end() : end]
                found += self.rules.candidate(
                    "partner",
                    LEGAL_FORMS[form],
                    name,
                    m.start(),
                    end,
                    f"legal form ({m.group('abbr')})…",
                    norm,
                    units,
                    2,
                    "legal-form",
                )
        for m in _HEAD.finditer(norm):
            head = m.group()
            category, kind = HEADS[head]
            after = norm[m.end() : m.end() + 1]
            if after and (after in _NOT_AFTER.get(head, "") or (head.endswith("会") and after in NOT_A_HEAD_AFTER_KAI)):
                continue
            if head in QUOTED_EVENT_HEADS:
                continue  # 〇〇講座 bare is a kind of course (防災講座); 「〇〇講座」 is one
            joined = category if category in ("partner", "event") else ""  # 「・」 between kanji: see names.joins
            start = run_start(norm, m.start(), hira, events=category == "event", head=head, vocabulary=joined)
            if category == "law":
                if head == "法" and norm[m.start() - 1 : m.start()] in NOT_A_LAW_TAIL:
                    continue
                before = norm[max(0, m.start() - _LONGEST_TITLE) : m.start()]
                if any(marker in before for marker in LAW_TITLE_MARKERS):
                    title = law_title_start(norm, m.start(), m.start() - len(before))
                    if title < start and any(marker in norm[title : m.start()] for marker in LAW_TITLE_MARKERS):
                        start = title
            if start == m.start() and head not in ("社協", "社会福祉協議会") and head not in OWN_PLAN_TYPES:
                continue  # the head alone: a kind, not a name
            if (
                start == m.start()
                and head in OWN_PLAN_TYPES
                and (norm[start - 1 : start] == "の" or _PREDICATIVE.match(norm, m.end()))
            ):
                continue  # 〇〇計画の実施計画, 総合計画である…: the kind of plan, not the municipality's plan
            end = m.end()
            if category == "plan" and norm[end : end + 1] == "編":
                continue  # 〇〇計画編: a volume of a plan
            if category == "plan":
                edition = _EDITION.match(norm, end)  # しながわ健康プラン21, 〇〇ビジョン2030
                end = edition.end() if edition else end
                bracketed = _BRACKETED_EDITION.match(norm, end)
                end = bracketed.end() if bracketed else end
            name = norm[start:end]
            if category == "plan" and name.endswith((">", "〉", "》")):
                name = _edition_in_parentheses(name)
            if category == "partner" and head in _BRANCH and not any(h in name[: -len(head)] for h in _PARTNER_HEADS):
                continue
            found += self.rules.candidate(category, kind, name, start, end, f"{category} head {head}", norm, units, 2)
        for m in _CITY_SUFFIX.finditer(norm):  # ポートランド市; フランス・グルノーブル市 is グルノーブル市
            start = m.start()
            while start > 0 and norm[start - 1] in _KATAKANA_CHARS and m.start() - start < 12:
                start -= 1
            if m.start() - start >= 2 and norm[m.end() : m.end() + 1] not in _NOT_A_FOREIGN_CITY:
                name = norm[start : m.end()]
                rule = "katakana name + 市/州: a city abroad"
                found += self.rules.candidate(
                    "partner", "foreign-local-government", name, start, m.end(), rule, norm, units, 2, "foreign-city"
                )
        for m in _COMMITTEE.finditer(norm):
            start = run_start(norm, m.start(), hira)
            event = _EVENT_BEFORE.search(norm, 0, m.start())
            if event is not None:  # 〇〇まつり実行委員会, 文化のつどい運営委員会: the event is in the committee's name
                start = min(start, run_start(norm, event.start(), hira, events=True, head=event.group()))
            if start < m.start():
                found.append(
                    Span(start, m.end(), 2, "stop", norm[start : m.end()], rule=f"a committee or office ({m.group()})")
                )
        if "「" not in norm:
            return found
        for m in _QUOTED.finditer(norm):
            found += self.quoted(norm, m, units)
        for m in _EVENT_IN_QUOTES.finditer(norm):
            name = m.group("a") or m.group("b")
            start = m.start("a") if m.group("a") else m.start("b")
            found += self.rules.candidate(
                "event",
                "",
                name,
                start,
                start + len(name),
                "「event name」 next to an event word",
                norm,
                units,
                1,
                "quoted",
            )
        return found

    def quoted(self, norm: str, m: re.Match[str], units: set[str]) -> list[Span]:
        """「…」 whose content ends in a head (perhaps before a parenthesis) is one name, hiragana and all."""
        content = m.group(1)
        edition = _BRACKETED_EDITION.search(content)
        if edition is not None and edition.end() < len(content):
            edition = None
        if edition is not None:  # 「しながわ健康プラン21(第二次)」
            content = content[: edition.start()]
        cut = min((i for i in (content.find("("), content.find("（")) if i > 0), default=len(content))
        name = content[:cut]
        found_head = _HEAD_AT_END.search(name)
        head = found_head.group() if found_head else ""
        if not head or len(name) <= len(head):
            return []
        category, kind = HEADS[head]
        start = m.start(1)
        end = start + len(name)
        if category == "plan" and edition is not None and cut == len(content):
            name, end = _edition_in_parentheses(name + edition.group()), m.end(1)
        spans = self.rules.candidate(
            category, kind, name, start, end, f"「{category} name」 ending in {head}", norm, units, 1, "quoted"
        )
        if spans and cut < len(content):  # what the parenthesis lists is part of the same document
            spans.append(Span(start + cut, m.end(1), 1, "stop", content[cut:], rule="parenthesis of a quoted name"))
        return spans
