"""Which sheets are one project: a number keeps its project while its title stays, unless a crosswalk says so.

A crosswalk file is a CSV with the header `municipality,fiscal_year,number,same_as_fiscal_year,same_as_number`
(`same_as_number` may be empty: the same number): each line says that sheet is the same project as the other.
"""

from __future__ import annotations

import csv
from pathlib import Path

from jkg.etl.errors import InputError, Problem
from jkg.etl.mapping import Projects
from jkg.etl.normalise import key
from jkg.municipalities import gazetteer

Sheet = tuple[str, str, int]  # (municipality code, key, fiscal year)
CROSSWALK_COLUMNS = ("municipality", "fiscal_year", "number", "same_as_fiscal_year", "same_as_number")


def load_crosswalk(path: Path) -> dict[Sheet, Sheet]:
    """sheet → the earlier sheet it continues; a malformed line is E-CROSSWALK naming it."""

    def bad(line: int, message: str) -> InputError:
        return InputError(Problem("E-CROSSWALK", str(path), line, 1, "", message))

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise bad(1, f"cannot read the crosswalk file: {e}") from None
    reader = csv.DictReader(text.splitlines())
    if tuple(reader.fieldnames or ())[: len(CROSSWALK_COLUMNS)] != CROSSWALK_COLUMNS:
        raise bad(1, f"the header must be {','.join(CROSSWALK_COLUMNS)}")
    links: dict[Sheet, Sheet] = {}
    for record in reader:
        line = reader.line_num
        try:
            code = gazetteer().resolve(record["municipality"]).code
            sheet = (code, key(record["number"]), int(record["fiscal_year"]))
            other = (code, key(record["same_as_number"] or record["number"]), int(record["same_as_fiscal_year"]))
        except (ValueError, TypeError) as e:
            raise bad(line, f"{e}; write a municipality, two fiscal years and the numbers") from None
        if other[1] != sheet[1]:
            raise bad(line, "joining two different numbers (a renumbered project) is not supported yet")
        links[sheet] = other
    return links


def decide(titles: dict[tuple[str, str], dict[int, str]], crosswalk: dict[Sheet, Sheet]) -> Projects:
    """Group each key's sheets by title (normalised), earliest year first; a later title that matches no earlier
    group starts a project of its own (from that year) with a warning naming both titles."""
    decided = Projects()
    for (code, number), by_year in sorted(titles.items()):
        groups: list[tuple[set[str], int]] = []  # (title keys, first fiscal year)
        for fy in sorted(by_year):
            title = key(by_year[fy])
            joined = crosswalk.get((code, number, fy))
            group = next((g for g in groups if title in g[0]), None)
            if group is None and joined is not None and joined[1] == number:
                group = next((g for g in groups if g[1] <= joined[2]), None)
            if group is None and groups:
                before = max((y for y in by_year if y < fy), default=groups[-1][1])
                body = gazetteer().by_code(code)
                decided.warnings.append(
                    f"事業番号 {number} of {body.full_name if body else ''} ({code}) changes its title between "
                    f"FY{before} and FY{fy}: "
                    f"{by_year[before]!r} → {by_year[fy]!r}; the FY{fy} sheet is taken as another project "
                    f"(…/project/{number}/from-{fy}); if it is the same project, say so in a crosswalk file"
                )
                group = ({title}, fy)
                groups.append(group)
            elif group is None:
                group = ({title}, fy)
                groups.append(group)
            group[0].add(title)
            if group is not groups[0]:
                decided.since[(code, number, fy)] = group[1]
    return decided
