"""The vocabulary namespace: which IRIs can be one, the one rewrite of the bundled files, and the CLI choosing it
before anything makes a term."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from jkg import namespace
from jkg.vocab import JKG_NS

CITY = "https://data.city.example.lg.jp/opendata/def/jkg#"


@pytest.mark.parametrize(
    "iri",
    [namespace.CANONICAL, CITY, "http://example.org/vocab/kg#", "https://example.org/jkg#"],
)
def test_a_hash_namespace_with_a_last_segment_is_accepted(iri: str) -> None:
    assert namespace.check(iri) == iri


@pytest.mark.parametrize(
    ("iri", "says"),
    [
        ("https://example.org/def/jkg/", "ending with '#'"),
        ("https://example.org/def/jkg", "ending with '#'"),
        ("urn:x:jkg#", "absolute http(s)"),
        ("/def/jkg#", "absolute http(s)"),
        ("https://example.org/#", "path segment"),
        ("https://example.org/def/#", "path segment"),
        ("https://example.org/def/shapes#", "other than 'shapes'"),
        ("https://example.org/def/j kg#", "no query, space"),
        ("https://example.org/def/jkg?x=1#", "no query, space"),
    ],
)
def test_an_iri_that_cannot_be_the_namespace_is_refused_saying_why(iri: str, says: str) -> None:
    with pytest.raises(ValueError, match=says.replace("(", r"\(").replace(")", r"\)")):
        namespace.check(iri)


def test_the_rewrite_moves_the_terms_the_ontology_its_versions_and_the_shapes_and_nothing_else() -> None:
    text = (
        "@prefix jkg: <https://data.jimujigyo-kg.example/def/jkg#> .\n"
        "<https://data.jimujigyo-kg.example/def/jkg> owl:versionIRI "
        "<https://data.jimujigyo-kg.example/def/jkg/0.1.0> .\n"
        "@prefix jkgsh: <https://data.jimujigyo-kg.example/def/shapes#> .\n"
        "<https://data.jimujigyo-kg.example/id/lg/082201> a jkg:Municipality .\n"
    )
    assert namespace.localise(text, namespace.CANONICAL) == text
    assert namespace.localise(text, CITY) == (
        "@prefix jkg: <https://data.city.example.lg.jp/opendata/def/jkg#> .\n"
        "<https://data.city.example.lg.jp/opendata/def/jkg> owl:versionIRI "
        "<https://data.city.example.lg.jp/opendata/def/jkg/0.1.0> .\n"
        "@prefix jkgsh: <https://data.city.example.lg.jp/opendata/def/shapes#> .\n"
        "<https://data.jimujigyo-kg.example/id/lg/082201> a jkg:Municipality .\n"  # a data IRI: the base's business
    )
    assert namespace.roots("https://example.org/vocab/kg#") == (
        "https://example.org/vocab/kg",
        "https://example.org/vocab/shapes",
    )


def test_terms_already_made_in_one_namespace_refuse_another(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(namespace.ENV, raising=False)
    namespace.choose(JKG_NS)  # the same: fine, and the environment is left as it was (children read the default)
    assert namespace.ENV not in os.environ
    with pytest.raises(namespace.NamespaceMismatch, match="already uses the vocabulary namespace"):
        namespace.choose(CITY)


def test_the_command_line_makes_no_term_before_a_command_chooses_the_namespace() -> None:
    code = "import sys, jkg.cli; print('jkg.vocab' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
