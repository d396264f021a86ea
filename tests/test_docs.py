"""Documentation that cannot drift: settings, commands, routes, error codes and shaped classes are in the README."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
import rdflib
from rdflib.namespace import SH

from jkg import settings
from jkg.cli import main
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", settings.SETTINGS, ids=[s.name for s in settings.SETTINGS])
def test_setting_is_documented(setting: settings.Setting) -> None:
    row = next((line for line in README.splitlines() if line.startswith(f"| {setting.name} |")), None)
    assert row is not None, f"README's settings table lacks {setting.name}"
    assert f"`{setting.env}`" in row and str(setting.default) in row and setting.help in row


def _commands() -> list[tuple[str, click.Command]]:
    assert isinstance(main, click.Group)
    return sorted(main.commands.items())


@pytest.mark.parametrize(("name", "command"), _commands(), ids=[n for n, _ in _commands()])
def test_command_and_its_options_are_documented(name: str, command: click.Command) -> None:
    assert f"`jkg {name}" in README
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert any(opt in README for opt in param.opts), f"jkg {name} {param.opts[0]} is undocumented"


def test_routes_are_documented(bundled_out: Path) -> None:
    from jkg.server.app import create_app

    app = create_app({"data": str(bundled_out)})
    rules = {r.rule for r in app.url_map.iter_rules() if r.endpoint != "static"}
    for rule in rules:
        assert f"`{rule}`" in README or f" {rule}`" in README, f"route {rule} is undocumented"


def test_error_codes_are_documented() -> None:
    source = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "etl").glob("*.py"))
    codes = set(re.findall(r'"(E-[A-Z-]+)"', source))
    assert len(codes) >= 12
    for code in codes:
        assert f"`{code}`" in README, f"error code {code} is undocumented"


def test_every_shaped_class_is_documented() -> None:
    shapes = rdflib.Graph()
    for path in (ROOT / "shapes").glob("*.ttl"):
        shapes.parse(path)
    for cls in set(shapes.objects(None, SH.targetClass)):
        curie = shapes.namespace_manager.normalizeUri(cls)
        assert curie in README, f"{curie} has shapes but no mention in the README"
