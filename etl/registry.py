"""The curated registry: the city, its units and their slugs, read from data/registry/*.toml."""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from jkg.etl.normalise import key

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_slug(text: str) -> bool:
    """A registry slug: lower-case ASCII words joined by '-'."""
    return bool(_SLUG.match(text))


def fallback_slug(prefix: str, name: str) -> str:
    """A stable slug for a name the registry lacks: prefix + 10 hex digits of SHA-1 of its matching key."""
    return f"{prefix}-{hashlib.sha1(key(name).encode('utf-8')).hexdigest()[:10]}"


@dataclass(frozen=True)
class City:
    slug: str
    ja: str
    en: str
    license: str
    homepage: str
    action_plan_ja: str
    action_plan_en: str


@dataclass(frozen=True)
class Unit:
    """A department (部) or division (課/室) with its IRI slug."""

    ja: str
    slug: str
    en: str | None = None
    registered: bool = True


@dataclass
class Registry:
    city: City
    departments: dict[str, Unit] = field(default_factory=dict)
    divisions: dict[tuple[str, str], Unit] = field(default_factory=dict)

    def department(self, name: str) -> Unit:
        """The registered department, or one with a hashed slug when the registry lacks it."""
        found = self.departments.get(key(name))
        return found or Unit(name, fallback_slug("dept", name), registered=False)

    def division(self, department: str, name: str) -> Unit:
        """The registered division of a department, or one with a hashed slug."""
        found = self.divisions.get((key(department), key(name)))
        return found or Unit(name, fallback_slug("unit", f"{department}/{name}"), registered=False)


def _slug(entry: dict[str, str], path: Path) -> str:
    slug = entry.get("slug", "")
    if not is_slug(slug):
        raise ValueError(f"{path}: slug {slug!r} of {entry.get('ja')!r} must be lower-case ASCII words joined by '-'")
    return slug


def load(directory: Path) -> Registry:
    """Read organizations.toml; a malformed entry raises ValueError naming the file."""
    path = directory / "organizations.toml"
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    c = doc["city"]
    city = City(
        slug=c["slug"],
        ja=c["ja"],
        en=c["en"],
        license=c["license"],
        homepage=c.get("homepage", ""),
        action_plan_ja=c["action_plan_ja"],
        action_plan_en=c["action_plan_en"],
    )
    registry = Registry(city)
    seen: set[str] = {city.slug}
    for entry in doc.get("department", []):
        unit = Unit(entry["ja"], _slug(entry, path), entry.get("en"))
        registry.departments[key(unit.ja)] = unit
        if unit.slug in seen:
            raise ValueError(f"{path}: slug {unit.slug!r} is used twice")
        seen.add(unit.slug)
    for entry in doc.get("division", []):
        unit = Unit(entry["ja"], _slug(entry, path), entry.get("en"))
        registry.divisions[(key(entry["department"]), key(unit.ja))] = unit
        if unit.slug in seen:
            raise ValueError(f"{path}: slug {unit.slug!r} is used twice")
        seen.add(unit.slug)
    return registry


@dataclass(frozen=True)
class Entity:
    """A real-world thing with one canonical name (registered, or found by a pattern)."""

    category: str
    canonical: str
    slug: str
    type: str = ""
    en: str = ""
    aliases: tuple[str, ...] = ()
    registered: bool = True


@dataclass
class EntityRegistry:
    """Canonical entities, stop names, generic words and transcription corrections from entities.toml."""

    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)  # (category, key(surface)) → entity
    stop: set[str] = field(default_factory=set)
    generic: set[str] = field(default_factory=set)
    corrections: dict[str, str] = field(default_factory=dict)

    def lookup(self, category: str, surface: str) -> Entity | None:
        return self.entities.get((category, key(surface)))


def load_entities(path: Path) -> EntityRegistry:
    """Read the entity registry; a malformed entry raises ValueError naming the file."""
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    registry = EntityRegistry()
    for category in ("partner", "plan", "law", "event"):
        for entry in doc.get(category, []):
            entity = Entity(
                category,
                entry["canonical"],
                entry["slug"],
                entry.get("type", ""),
                entry.get("en", ""),
                tuple(entry.get("aliases", [])),
            )
            for surface in (entity.canonical, *entity.aliases):
                k = (category, key(surface))
                if k in registry.entities and registry.entities[k] != entity:
                    raise ValueError(f"{path}: {surface!r} names two {category} entries")
                registry.entities[k] = entity
    registry.stop = {key(n) for n in doc.get("stop", {}).get("names", [])}
    registry.generic = {key(n) for n in doc.get("generic", {}).get("names", [])}
    for c in doc.get("correction", []):
        if len(c["wrong"]) != len(c["right"]):
            raise ValueError(f"{path}: correction {c['wrong']!r} → {c['right']!r} must keep the length")
        registry.corrections[c["wrong"]] = c["right"]
    return registry
