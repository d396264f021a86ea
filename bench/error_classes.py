"""Sort extraction errors into the eight classes of issue #12, by rules written down here (not by hand).

Each error (a missed annotation, FN, or an extracted item nobody annotated, FP) gets the first class whose rule
fits. The rules look at the name, its surface and the text around it; they are coarse on purpose, so that the
same rule sorts the errors before and after a change.
"""

from __future__ import annotations

import re
import unicodedata

from bench.scoring import Gold, Pred

CLASSES = {
    "1": "own municipality as a partner",
    "2": "enumerations",
    "3": "PDF artefacts (breaks, stray spaces)",
    "4": "prefixes taken for names",
    "5": "missed heads",
    "6": "laws",
    "7": "plans",
    "8": "events",
    "-": "other partner errors",
}
_PREFECTURE = re.compile(r"^(?:北海道|東京都|(?:京都|大阪)府|.{2,3}県)$")
_NAME_CHAR = re.compile(r"[一-龥々ァ-ヴーA-Za-z0-9]")
_HEADS = re.compile(
    r"(?:病院|医師会|薬剤師会|社会福祉協議会|社協|警察署|消防署|省|庁|診療所|医療センター|[ァ-ヴー]+[市州])$"
)
_OWN_SHORT = {"市", "本市", "当市", "区", "本区", "当区", "町", "本町", "村", "本村"}


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _around(text: str, surface: str) -> tuple[str, str]:
    """The characters just before and after the first occurrence of `surface` (flattened) in `text`."""
    flat, s = _flat(text), _flat(surface)
    i = flat.find(s)
    if i < 0:
        return "", ""
    return flat[max(0, i - 3) : i], flat[i + len(s) : i + len(s) + 3]


def classify(kind: str, item: Gold | Pred, text: str, own: str) -> str:
    """The class number of one error: kind is "FN" or "FP"; `own` is the list's municipality (北本市)."""
    if item.category == "law":
        return "6"
    if item.category == "plan":
        return "7"
    if item.category == "event":
        return "8"
    surfaces = item.surfaces if isinstance(item, Gold) else (item.surface,)
    name = _flat(item.canonical)
    if kind == "FP" and (name in _OWN_SHORT or name.startswith(_flat(own))):
        return "1"
    if any(re.search(r"\S\s+\S", s) for s in surfaces):
        return "3"
    if kind == "FP" and isinstance(item, Pred):
        before, after = _around(text, item.surface)
        if re.search(r"\s", text) and _broken(text, item.surface):
            return "3"
        if after[:1] in ("・", "、") or before[-1:] in ("・", "、"):
            return "2"
        if (_PREFECTURE.match(name) or name.endswith(("市", "町", "村", "区"))) and _NAME_CHAR.match(after[:1] or " "):
            return "4"
    if kind == "FN" and isinstance(item, Gold):
        before, after = _around(text, surfaces[0])
        if after[:1] in ("・", "、") or before[-1:] in ("・", "、"):
            return "2"
        if _HEADS.search(name):
            return "5"
    return "-"


def _broken(text: str, surface: str) -> bool:
    """True when the surface starts or ends where white space cuts a word (a fragment of a broken name)."""
    i = text.find(surface)
    if i < 0:
        return False
    j = i + len(surface)
    left = i >= 2 and text[i - 1].isspace() and bool(_NAME_CHAR.match(text[i - 2]))
    right = j + 1 < len(text) and text[j].isspace() and bool(_NAME_CHAR.match(text[j + 1]))
    return left or right
