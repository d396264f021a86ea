"""Named problems: a row problem is a record; a structural failure is an exception."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Problem:
    """One finding about the input, located by file, line and column (1-based)."""

    code: str
    file: str
    line: int
    column: int
    value: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: error [{self.code}] {self.message}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class InputError(Exception):
    """The input cannot be read at all (exit 2): encoding, empty file, missing header."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class DataError(Exception):
    """The input was read but does not conform (exit 1); nothing is published."""

    def __init__(self, problems: list[Problem], message: str = "the input does not conform") -> None:
        super().__init__(message)
        self.problems = problems
