"""Settings resolution as a table: default, then JKG_* variable, then an explicit override."""

from __future__ import annotations

from typing import Any

import pytest

from jkg import settings

CASES: list[tuple[dict[str, str], dict[str, Any], str, Any]] = [
    ({}, {}, "port", 8000),
    ({"JKG_PORT": "9000"}, {}, "port", 9000),  # the variable is coerced to the default's type
    ({"JKG_PORT": "9000"}, {"port": 9100}, "port", 9100),  # a flag beats the variable
    ({"JKG_PORT": "9000"}, {"port": None}, "port", 9000),  # an unset flag (None) does not
    ({}, {}, "timeout", 30.0),
    ({"JKG_TIMEOUT": "2.5"}, {}, "timeout", 2.5),
    ({"JKG_DATA": "/srv/graph"}, {}, "data", "/srv/graph"),
    ({}, {"base_iri": "https://example.org/x/"}, "base_iri", "https://example.org/x/"),
    ({"JKG_WORKERS": "4"}, {}, "workers", 4),
    ({"OTHER_PORT": "1"}, {}, "port", 8000),  # only the JKG_ prefix counts
]


@pytest.mark.parametrize(("environ", "overrides", "name", "expected"), CASES)
def test_resolve(environ: dict[str, str], overrides: dict[str, Any], name: str, expected: Any) -> None:
    resolved = settings.resolve(overrides, environ)
    assert resolved[name] == expected
    assert type(resolved[name]) is type(expected)


def test_every_setting_has_a_default_help_and_variable() -> None:
    resolved = settings.resolve({}, {})
    assert set(resolved) == {s.name for s in settings.SETTINGS}
    for s in settings.SETTINGS:
        assert s.help.strip() and s.env == "JKG_" + s.name.upper()


def test_an_unknown_setting_is_refused() -> None:
    with pytest.raises(KeyError, match="unknown setting 'prot'"):
        settings.resolve({"prot": 1}, {})


def test_a_bad_variable_is_an_error_naming_it() -> None:
    with pytest.raises(ValueError):
        settings.resolve({}, {"JKG_PORT": "eighty"})
