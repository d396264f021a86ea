"""The curated registry: the city, its units and their slugs, read from data/registry/*.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from etl.iris import fallback_slug, is_slug
from etl.normalise import key


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
