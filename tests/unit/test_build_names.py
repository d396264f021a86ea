"""Build folder names: unique in their data folder and sorted in build order, whatever the clock does (two builds
in one second or one microsecond, a clock set back, folders named to the second by earlier versions). Real
folders, the functions `jkg build` stages and swaps with."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from jkg.etl import publish

T = datetime(2026, 12, 1, 12, 15, 43, 48213, tzinfo=UTC)


def published(data: Path, started: datetime) -> str:
    """Stage a build started at `started`, put a file in it, swap it in; its folder's name."""
    folder = publish.stage(data, started)
    (folder / "build.json").write_text("{}", encoding="utf-8")
    final = publish.swap(data, folder)
    assert (data / "current").resolve() == final.resolve()
    return final.name


@pytest.mark.parametrize(
    ("existing", "started", "expected"),
    [
        ([], T, "20261201T121543.048213Z"),
        (["20261201T121543.048213Z"], T, "20261201T121543.048214Z"),  # the same microsecond
        (["20261201T121543.048213Z"], T.replace(microsecond=900000), "20261201T121543.900000Z"),
        (["20261201T121543.048213Z"], T.replace(second=3), "20261201T121543.048214Z"),  # the clock set back
        (["20261201T121543Z"], T.replace(microsecond=0), "20261201T121543.000001Z"),  # named to the second
        (["20261201T121543Z"], T.replace(second=44, microsecond=0), "20261201T121544.000000Z"),
        (["not-a-build"], T, "20261201T121543.048213Z"),
    ],
)
def test_a_build_is_named_after_its_start_and_after_every_build_before_it(
    tmp_path: Path, existing: list[str], started: datetime, expected: str
) -> None:
    for name in existing:
        (tmp_path / "builds" / name).mkdir(parents=True)
    assert published(tmp_path, started) == expected
    assert all((tmp_path / "builds" / name).is_dir() for name in existing), "two builds are kept"


def test_builds_in_one_second_get_their_own_folders_and_the_oldest_is_pruned(tmp_path: Path) -> None:
    names = [published(tmp_path, T) for _ in range(4)]  # a clock that does not move at all
    assert len(set(names)) == 4
    assert names == sorted(names, key=lambda n: publish.build_time(n) or T)
    assert sorted(p.name for p in (tmp_path / "builds").iterdir()) == names[-2:]


def test_a_build_named_to_the_second_is_pruned_in_build_order(tmp_path: Path) -> None:
    # '.' sorts before 'Z': as strings, 20261201T121543.000001Z would come before 20261201T121543Z.
    (tmp_path / "builds" / "20261201T121542Z").mkdir(parents=True)
    (tmp_path / "builds" / "20261201T121543Z").mkdir()
    newest = published(tmp_path, T.replace(microsecond=0))
    assert newest == "20261201T121543.000001Z"
    assert sorted(p.name for p in (tmp_path / "builds").iterdir()) == [newest, "20261201T121543Z"]


def test_a_staged_build_left_by_an_interrupted_one_does_not_block_the_name(tmp_path: Path) -> None:
    (tmp_path / "builds" / "20261201T121543.048213Z.partial").mkdir(parents=True)
    assert published(tmp_path, T) == "20261201T121543.048213Z"
    assert not list((tmp_path / "builds").glob("*.partial"))
