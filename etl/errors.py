"""Named problems: a row problem is a record; a structural failure is an exception."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass

# Problems that explain others: reported first (two years in one file make its rows look duplicated).
CAUSES = ("E-MIXED-YEARS",)
PER_CODE = 20  # problems listed per code before the rest are counted


def column_letter(n: int) -> str:
    """A spreadsheet column's letters: 1 → A, 27 → AA."""
    letters = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


@dataclass(frozen=True)
class Problem:
    """One finding about the input, located by file (and sheet), line or row, and column (1-based)."""

    code: str
    file: str
    line: int
    column: int
    value: str
    message: str
    sheet: str = ""

    @property
    def where(self) -> str:
        """file:line:column for text, file[sheet]!C5 for a cell of a workbook sheet."""
        if self.sheet:
            return f"{self.file}[{self.sheet}]!{column_letter(self.column)}{self.line}"
        return f"{self.file}:{self.line}:{self.column}"

    def __str__(self) -> str:
        level = "warning" if self.code.startswith("W-") else "error"
        return f"{self.where}: {level} [{self.code}] {self.message}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def ordered(problems: Iterable[Problem]) -> list[Problem]:
    """Causes first, then the others in the order they were found."""
    found = list(problems)
    return [p for p in found if p.code in CAUSES] + [p for p in found if p.code not in CAUSES]


def summarised(problems: Iterable[Problem], per_code: int = PER_CODE) -> list[str]:
    """The problems as lines, at most `per_code` of each code, then one line per code counting the rest."""
    shown: Counter[str] = Counter()
    lines: list[str] = []
    for p in ordered(problems):
        shown[p.code] += 1
        if shown[p.code] <= per_code:
            lines.append(str(p))
    for code, n in shown.items():
        if n > per_code:
            lines.append(f"… and {n - per_code} more [{code}] problem(s) not listed (first {per_code} shown)")
    return lines


class InputError(Exception):
    """The input cannot be read at all (exit 2): encoding, empty file, missing header."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem

    def __reduce__(self) -> tuple[type[InputError], tuple[Problem]]:
        return (InputError, (self.problem,))  # raised in a build process, re-raised in its parent


class DataError(Exception):
    """The input was read but does not conform (exit 1); nothing is published."""

    def __init__(self, problems: list[Problem], message: str = "the input does not conform") -> None:
        super().__init__(message)
        self.problems = ordered(problems)

    def __reduce__(self) -> tuple[type[DataError], tuple[list[Problem], str]]:
        return (DataError, (self.problems, str(self)))
