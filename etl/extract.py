"""Find cross-references in a sheet's text; offsets index the verbatim text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from etl.normalise import nfkc

TEXT_FIELDS = ("name", "purpose", "overview", "results")

_DIGITS = "0-9０-９"
# ※行政改革アクションプラン「73つくば市OB人材活動支援事業」該当 — one note may list several 「…」.
_ACTION_PLAN_NOTE = re.compile(r"行政改革アクションプラン\s*((?:「[^」]+」\s*[、,，・及びと]*\s*)+)該当")
_ACTION_PLAN_ITEM = re.compile(rf"「\s*(?P<num>[{_DIGITS}]+)\s*(?P<label>[^」]*)」")


@dataclass(frozen=True)
class Mention:
    """A span of one field's verbatim text that names something."""

    category: str
    field: str
    start: int
    end: int
    surface: str
    canonical: str
    notation: str = ""


def action_plan_items(field: str, text: str) -> Iterator[Mention]:
    """Action-plan items cited as 行政改革アクションプラン「NN…」該当; full-width digits allowed."""
    for note in _ACTION_PLAN_NOTE.finditer(text):
        offset = note.start(1)
        for item in _ACTION_PLAN_ITEM.finditer(note.group(1)):
            notation = str(int(nfkc(item.group("num"))))
            yield Mention(
                category="action_plan_item",
                field=field,
                start=offset + item.start(),
                end=offset + item.end(),
                surface=item.group(0),
                canonical=item.group("label").strip(),
                notation=notation,
            )
