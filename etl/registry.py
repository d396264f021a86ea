"""The curated registries: municipalities and their units (organizations.toml), entities (entities.toml)."""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jkg.etl.categories import BASES, DIRECTIONS
from jkg.etl.normalise import key
from jkg.etl.units import KINDS, unit_kind

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_slug(text: str) -> bool:
    """A registry slug: lower-case ASCII words joined by '-'."""
    return bool(_SLUG.match(text))


def fallback_slug(prefix: str, name: str) -> str:
    """A stable slug for a name the registry lacks: prefix + 10 hex digits of SHA-1 of its matching key."""
    return f"{prefix}-{hashlib.sha1(key(name).encode('utf-8')).hexdigest()[:10]}"


def _slug(entry: dict[str, Any], path: Path) -> str:
    slug = str(entry.get("slug", ""))
    if not is_slug(slug):
        raise ValueError(f"{path}: slug {slug!r} of {entry.get('path')!r} must be lower-case ASCII words joined by '-'")
    return slug


@dataclass(frozen=True)
class MunicipalityInfo:
    """What the registry adds to a municipality of the bundled table: English name, licence, action plan."""

    code: str
    en: str = ""
    licence: str = ""
    homepage: str = ""
    action_plan_ja: str = ""
    action_plan_en: str = ""


@dataclass(frozen=True)
class Unit:
    """A unit of a municipality: its path of names (top first), kind, and curated slug and English name."""

    municipality: str  # 団体コード
    path: tuple[str, ...]
    kind: str
    slug: str | None = None
    en: str | None = None

    @property
    def ja(self) -> str:
        return self.path[-1]

    @property
    def registered(self) -> bool:
        return self.slug is not None or self.en is not None


@dataclass(frozen=True)
class PolicyPlan:
    """The plan whose policy hierarchy (政策 › 施策 › 基本事業) a municipality's lists follow in some years."""

    key: str  # in the IRI: id/lg/{code}/policy/{key}
    ja: str = ""
    en: str = ""
    first: int = 0  # fiscal years it covers (0: open)
    last: int = 9999


DEFAULT_PLAN = "comprehensive-plan"


@dataclass
class Registry:
    """Curated municipalities and units (data/registry/organizations.toml)."""

    municipalities: dict[str, MunicipalityInfo] = field(default_factory=dict)
    units: dict[tuple[str, tuple[str, ...]], Unit] = field(default_factory=dict)  # (code, key path) → unit
    cells: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)  # (code, key(cell)) → path
    plans: dict[str, list[PolicyPlan]] = field(default_factory=dict)  # code → its plans
    categories: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (code, scheme, key(label)) → category

    def policy_plan(self, code: str, fiscal_year: int) -> PolicyPlan:
        """The plan a municipality's list of `fiscal_year` places its projects in (default: its 総合計画)."""
        for plan in self.plans.get(code, []):
            if plan.first <= fiscal_year <= plan.last:
                return plan
        return PolicyPlan(DEFAULT_PLAN)

    def category(self, code: str, scheme: str, label: str) -> str | None:
        """The common category the registry gives a municipality's wording ("" for none), or None."""
        return self.categories.get((code, scheme, key(label)))

    def municipality(self, code: str) -> MunicipalityInfo:
        return self.municipalities.get(code) or MunicipalityInfo(code)

    def unit(self, code: str, path: tuple[str, ...]) -> Unit:
        """The unit at `path` of a municipality: curated, or with its kind from its name's suffix."""
        found = self.units.get((code, tuple(key(n) for n in path)))
        if found is not None:
            return Unit(code, path, found.kind, found.slug, found.en)
        return Unit(code, path, unit_kind(path, len(path) - 1))

    def override(self, code: str, cell: str) -> tuple[str, ...] | None:
        """The path the registry gives a unit cell the suffix rules cannot split, if any."""
        return self.cells.get((code, key(cell)))


def load(directory: Path) -> Registry:
    """Read organizations.toml; a malformed entry raises ValueError naming the file."""
    path = directory / "organizations.toml"
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    registry = Registry()
    for entry in doc.get("municipality", []):
        info = MunicipalityInfo(
            entry["code"],
            entry.get("en", ""),
            entry.get("licence", ""),
            entry.get("homepage", ""),
            entry.get("action_plan_ja", ""),
            entry.get("action_plan_en", ""),
        )
        registry.municipalities[info.code] = info
    for entry in doc.get("plan", []):
        plan = PolicyPlan(entry["key"], entry.get("ja", ""), entry.get("en", ""), entry.get("from", 0))
        if "to" in entry:
            plan = PolicyPlan(plan.key, plan.ja, plan.en, plan.first, entry["to"])
        if not is_slug(plan.key):
            raise ValueError(f"{path}: plan key {plan.key!r} must be lower-case ASCII words joined by '-'")
        registry.plans.setdefault(entry["municipality"], []).append(plan)
    for entry in doc.get("category", []):
        scheme, category = entry["scheme"], entry["category"]
        allowed = {"direction": DIRECTIONS, "legal-basis-kind": BASES}.get(scheme)
        if allowed is None or (category and category not in allowed):
            raise ValueError(f"{path}: category {category!r} of scheme {scheme!r}: see the comment at the top")
        registry.categories[(entry["municipality"], scheme, key(entry["label"]))] = category
    seen: set[tuple[str, str]] = set()
    for entry in doc.get("unit", []):
        code, names = entry["municipality"], tuple(entry["path"])
        kind = entry.get("kind") or unit_kind(names, len(names) - 1)
        if kind not in KINDS:
            raise ValueError(f"{path}: unit {names!r} has the unknown kind {kind!r}; use one of {', '.join(KINDS)}")
        slug = _slug(entry, path) if "slug" in entry else None
        if slug is not None:
            if (code, slug) in seen:
                raise ValueError(f"{path}: slug {slug!r} is used twice")
            seen.add((code, slug))
        registry.units[(code, tuple(key(n) for n in names))] = Unit(code, names, kind, slug, entry.get("en"))
        if "cell" in entry:
            registry.cells[(code, key(entry["cell"]))] = names
    return registry


@dataclass(frozen=True)
class Entity:
    """A real-world thing with one canonical name (registered, or found by a pattern or the gazetteer).

    `identifier` is a verified identifier: the 全国地方公共団体コード of a local government (from the bundled
    table), or the e-Gov 法令番号 of a law (written in the text, or in the registry with its source).
    `municipality` is the 団体コード of the municipality whose own plan, ordinance or body this is ("" when shared).
    """

    category: str
    canonical: str
    slug: str
    type: str = ""
    en: str = ""
    aliases: tuple[str, ...] = ()
    registered: bool = True
    identifier: str = ""
    municipality: str = ""


@dataclass
class EntityRegistry:
    """Canonical entities, stop names, generic words and transcription corrections from entities.toml.

    An entry with `municipality` is that municipality's own: its canonical name matches in every list, its
    aliases (often the name without the municipality's) only in that municipality's lists, as do scoped stops.
    """

    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)  # (category, key(surface)) → entity
    scoped: dict[str, dict[tuple[str, str], Entity]] = field(default_factory=dict)  # code → its own aliases
    stop: set[str] = field(default_factory=set)
    scoped_stop: dict[str, set[str]] = field(default_factory=dict)
    generic: set[str] = field(default_factory=set)
    corrections: dict[str, str] = field(default_factory=dict)
    by_number: dict[str, Entity] = field(default_factory=dict)  # key(法令番号) → law

    def lookup(self, category: str, surface: str, municipality: str = "") -> Entity | None:
        k = (category, key(surface))
        return self.scoped.get(municipality, {}).get(k) or self.entities.get(k)

    def surfaces(self, municipality: str) -> dict[tuple[str, str], Entity]:
        """Every (category, key) → entity that matches in a list of `municipality`."""
        return {**self.entities, **self.scoped.get(municipality, {})}

    def stops(self, municipality: str) -> set[str]:
        return self.stop | self.scoped_stop.get(municipality, set())


def _add(index: dict[tuple[str, str], Entity], k: tuple[str, str], entity: Entity, path: Path, surface: str) -> None:
    if k in index and index[k] != entity:
        raise ValueError(f"{path}: {surface!r} names two {k[0]} entries")
    index[k] = entity


def load_entities(path: Path) -> EntityRegistry:
    """Read the entity registry; a malformed entry raises ValueError naming the file."""
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    registry = EntityRegistry()
    for category in ("partner", "plan", "law", "event"):
        for entry in doc.get(category, []):
            number = entry.get("number", "")
            if number and not entry.get("identifier_source"):
                raise ValueError(f"{path}: {entry['canonical']!r} has a number without identifier_source")
            entity = Entity(
                category,
                entry["canonical"],
                entry["slug"],
                entry.get("type", ""),
                entry.get("en", ""),
                tuple(entry.get("aliases", [])),
                identifier=number,
                municipality=entry.get("municipality", ""),
            )
            if not is_slug(entity.slug):
                raise ValueError(f"{path}: slug {entity.slug!r} of {entity.canonical!r} must be lower-case ASCII")
            _add(registry.entities, (category, key(entity.canonical)), entity, path, entity.canonical)
            aliases = registry.scoped.setdefault(entity.municipality, {}) if entity.municipality else registry.entities
            for alias in entity.aliases:
                _add(aliases, (category, key(alias)), entity, path, alias)
            if number:
                registry.by_number[key(number)] = entity
    for stop in doc.get("stop", []):
        names = {key(n) for n in stop.get("names", [])}
        code = stop.get("municipality", "")
        (registry.scoped_stop.setdefault(code, set()) if code else registry.stop).update(names)
    registry.generic = {key(n) for n in doc.get("generic", {}).get("names", [])}
    for c in doc.get("correction", []):
        if len(c["wrong"]) != len(c["right"]):
            raise ValueError(f"{path}: correction {c['wrong']!r} → {c['right']!r} must keep the length")
        registry.corrections[c["wrong"]] = c["right"]
    return registry


_ERAS = {"明治": "m", "大正": "t", "昭和": "s", "平成": "h", "令和": "r"}
_KINDS = {"法律": "act", "政令": "cabinet-order"}
_LAW_NUMBER = re.compile(r"^(明治|大正|昭和|平成|令和)(元|[0-9]{1,2})年(法律|政令)第([0-9]{1,4})号$")


def law_number_slug(number: str) -> str:
    """The slug of a law by its e-Gov 法令番号: 平成28年法律第104号 → h28-act-104 (元年 is 1)."""
    m = _LAW_NUMBER.match(key(number))
    if m is None:
        raise ValueError(f"not a 法令番号 of an act or cabinet order: {number!r}")
    era, year, kind, num = m.groups()
    return f"{_ERAS[era]}{1 if year == '元' else int(year)}-{_KINDS[kind]}-{int(num)}"
