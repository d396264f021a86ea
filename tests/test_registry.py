"""The entity registry names things in the world, never phrases copied from a list's rows."""

from __future__ import annotations

import re
import tomllib

import pytest

from jkg import resources
from jkg.etl.extract import Extractor
from jkg.etl.registry import is_slug, law_number_slug, load_entities
from jkg.municipalities import gazetteer

REGISTRY = resources.registry_dir() / "entities.toml"
DOC = tomllib.loads(REGISTRY.read_text(encoding="utf-8"))
ENTRIES = [(category, entry) for category in ("partner", "plan", "law", "event") for entry in DOC.get(category, [])]
# What a phrase out of a sentence has and a name does not: sentence punctuation, brackets, white space, verb and
# sentence endings, particles that start or end a clause.
PHRASE = re.compile(
    r"[。「」『』（）()]|(?<![A-Za-z])\s|\s(?![A-Za-z])|(?:する|した|します|している|ます|です|ため|について|により|によって)$|^(?:の|を|が|に|は|で|と)|(?:を|が|は|で|と|に)$"
)


def ids(item: tuple[str, dict[str, object]]) -> str:
    return f"{item[0]}:{item[1]['canonical']}"


@pytest.mark.parametrize("item", ENTRIES, ids=[ids(e) for e in ENTRIES])
def test_entry_is_a_thing(item: tuple[str, dict[str, str]]) -> None:
    category, entry = item
    assert entry.get("en"), "a thing has a name in English too; a phrase does not"
    assert is_slug(entry["slug"])
    for name in (entry["canonical"], *entry.get("aliases", [])):
        assert not PHRASE.search(name), f"{name!r} reads as a phrase out of a sentence, not a name"
        assert category == "law" or "、" not in name, f"{name!r} is an enumeration, not one name"
        assert not re.search(r"[0-9０-９]+年度|[0-9０-９]+月", name), f"{name!r} holds a date"
        assert not name.endswith("事業"), f"{name!r} is a project, not a {category}"
    if entry.get("municipality"):
        assert gazetteer().by_code(str(entry["municipality"])) is not None
    if entry.get("number"):
        assert entry.get("identifier_source"), "an identifier needs the source it was verified in"
        law_number_slug(str(entry["number"]))


@pytest.mark.parametrize("item", ENTRIES, ids=[ids(e) for e in ENTRIES])
def test_entry_is_found_whole_in_a_sentence(item: tuple[str, dict[str, str]]) -> None:
    """Written in a neutral sentence of its own municipality's list (or any list), each name is found as one
    mention of the entry: the registry holds names the engine reads as names, not stretches of text."""
    category, entry = item
    body = gazetteer().by_code(str(entry.get("municipality") or "082201"))
    assert body is not None
    extractor = Extractor(load_entities(REGISTRY), body)
    for name in (entry["canonical"], *entry.get("aliases", [])):
        text = f"本年度は{name}と調整した。"
        found = [m for m in extractor.mentions("overview", text, 2024) if m.category == category]
        assert [m.canonical for m in found] == [entry["canonical"]], f"{name!r}: {[m.surface for m in found]}"
        assert found[0].surface == name


def test_local_governments_come_from_the_gazetteer_not_the_registry() -> None:
    names = {entry["canonical"] for category, entry in ENTRIES if category == "partner"}
    municipal = {b.name for b in gazetteer()} | {b.full_name for b in gazetteer()}
    assert not names & municipal, "prefectures and municipalities are linked by their 団体コード from the table"
