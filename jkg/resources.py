"""Where the bundled ontology, shapes, registry and source list live (checkout or installed wheel)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_BUNDLED = _PACKAGE / "_bundled"
_CHECKOUT = _PACKAGE.parent


def root() -> Path:
    """The folder holding ontology/, shapes/ and data/."""
    return _BUNDLED if (_BUNDLED / "ontology").is_dir() else _CHECKOUT


def ontology_dir() -> Path:
    """The local vocabulary (Turtle files)."""
    return root() / "ontology"


def ontology_releases_dir() -> Path:
    """Each release of the vocabulary as it was published, {version}.ttl, never changed afterwards."""
    return ontology_dir() / "releases"


def shapes_dir() -> Path:
    """The SHACL shapes (Turtle files)."""
    return root() / "shapes"


def queries_dir() -> Path:
    """The example queries (one .rq file each) and the graph view's default CONSTRUCT."""
    return root() / "queries"


def registry_dir() -> Path:
    """Curated registry files: organisations, slugs, corrections."""
    return root() / "data" / "registry"


def municipalities_file() -> Path:
    """Every prefecture and municipality with its 全国地方公共団体コード (data/municipalities/)."""
    return root() / "data" / "municipalities" / "municipalities.csv"


def bundled_sources() -> list[Path]:
    """The default input: the bundled Tsukuba FY2020 list."""
    return sorted((root() / "data" / "sources").glob("*.txt"))
