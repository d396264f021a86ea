"""The vocabulary's namespace: one per process, chosen before any term is made, and the one rewrite of the
bundled files written with the canonical one.

The ontology, the shapes and the example queries are written with CANONICAL (jkg: terms, the ontology IRI, its
version IRIs and the shapes' IRIs). A process publishing or serving under another namespace reads them through
read(), which rewrites the canonical vocabulary and shapes IRIs to the chosen ones; every jkg: term the code makes
comes from jkg.vocab.JKG_NS, which is this module's namespace() when jkg.vocab is first imported. So the
namespace is fixed at process start: the CLI calls choose() before it imports anything that makes terms (a
build's is written in its build.json, which jkg serve, query and export follow), and spawned workers inherit it
through the environment.

This module imports nothing of the project, so that choosing comes before jkg.vocab.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

CANONICAL = "https://data.jimujigyo-kg.example/def/jkg#"
ENV = "JKG_VOCABULARY_NAMESPACE"  # the setting vocabulary_namespace's variable (jkg.settings)
REPORT_KEY = "vocabulary_namespace"  # where a build's build.json records the namespace it was built with


class NamespaceMismatch(ValueError):
    """A build or a request for another namespace than this process's."""


def check(namespace: str) -> str:
    """namespace itself if it can be the vocabulary's (an absolute http(s) IRI ending with '#', whose last path
    segment names the vocabulary), else ValueError saying what to change."""
    parts = urlsplit(namespace)
    if parts.scheme not in {"http", "https"} or not parts.netloc or not namespace.endswith("#"):
        raise ValueError(
            f"vocabulary namespace {namespace!r} must be an absolute http(s) IRI ending with '#', "
            "e.g. https://data.city.example.lg.jp/opendata/def/jkg#"
        )
    if parts.query or "#" in namespace[:-1] or any(c in namespace for c in ' <>"{}|\\^`'):
        raise ValueError(f'vocabulary namespace {namespace!r} may hold no query, space or <>"{{}}|\\^` character')
    segment = parts.path.rstrip("/").rsplit("/", 1)[-1]
    if not segment or segment == "shapes" or parts.path.endswith("/"):
        raise ValueError(
            f"vocabulary namespace {namespace!r} must end with a path segment other than 'shapes' before its "
            "'#' (…/def/jkg#): the shapes are published beside it as …/def/shapes#"
        )
    return namespace


def namespace() -> str:
    """This process's namespace: the one chosen, else $JKG_VOCABULARY_NAMESPACE, else CANONICAL."""
    return check(os.environ.get(ENV) or CANONICAL)


def choose(wanted: str) -> None:
    """Make wanted this process's namespace (and its children's); NamespaceMismatch if terms were already made
    with another one in this process (jkg.vocab imported before the choice). The environment is changed only
    where a child would otherwise read another namespace, so that choosing the default leaves it as it was (a
    command run in-process, as by click's CliRunner, must not leave $JKG_VOCABULARY_NAMESPACE behind)."""
    check(wanted)
    vocab = sys.modules.get("jkg.vocab")
    if vocab is not None and wanted != vocab.JKG_NS:
        raise NamespaceMismatch(
            f"this process already uses the vocabulary namespace {vocab.JKG_NS}, not {wanted}: "
            f"run the jkg command on its own (or set {ENV} before Python starts)"
        )
    if namespace() != wanted:
        os.environ[ENV] = wanted


def of_build(data: Path) -> str | None:
    """The namespace the build in a data folder (its current build, or the folder itself) was made with; None
    when it holds none. A build.json without the key was made before the setting existed: CANONICAL."""
    import json

    for candidate in (data / "current", data):
        report = candidate / "build.json"
        if report.is_file():
            try:
                found = json.loads(report.read_text(encoding="utf-8")).get(REPORT_KEY)
            except (OSError, ValueError):
                return None
            return str(found or CANONICAL)
    return None


def roots(namespace: str) -> tuple[str, str]:
    """The ontology's IRI (the namespace without '#') and the shapes' namespace root (its sibling …/shapes)."""
    head = namespace.removesuffix("#")
    return head, head.rsplit("/", 1)[0] + "/shapes"


_CANONICAL_ROOTS = roots(CANONICAL)


def localise(text: str, namespace: str) -> str:
    """text (Turtle, SPARQL) written with the canonical vocabulary and shapes IRIs, with those of namespace."""
    if namespace == CANONICAL:
        return text
    (onto, shapes), (new_onto, new_shapes) = _CANONICAL_ROOTS, roots(namespace)
    return text.replace(onto, new_onto).replace(shapes, new_shapes)


def read(path: Path) -> str:
    """A bundled Turtle or SPARQL file in this process's namespace."""
    return localise(path.read_text(encoding="utf-8"), namespace())
