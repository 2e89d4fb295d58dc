"""Errors the library raises. The CLI maps :class:`GraphError` to a message
and a non-zero exit; the library itself never exits the process."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["GraphError", "InputError", "KnowledgeError", "RuleError", "Problem", "where"]


def where(path: object, line: int | None = None, field: str | None = None) -> str:
    """Format a location as ``file:line: field`` (the parts that are known).

    >>> where("persons.yaml", 12, "offices[0].end")
    'persons.yaml:12: offices[0].end'
    >>> where("documents.csv")
    'documents.csv'
    """
    text = str(path)
    if line is not None:
        text += f":{line}"
    if field:
        text += f": {field}"
    return text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where, and what."""

    path: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        return f"{where(self.path, self.line, self.field)}: {self.message}"


class GraphError(Exception):
    """Base class of every error the library raises on bad input."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        self.problems = list(problems or [])
        if self.problems:
            message = message + "\n" + "\n".join(f"  {p}" for p in self.problems)
        super().__init__(message)

    @classmethod
    def collect(cls, what: str, problems: list[Problem]) -> "GraphError":
        """One error that lists every problem found in ``what``."""
        n = len(problems)
        return cls(f"{what}: {n} problem{'s' if n != 1 else ''}", problems)


class InputError(GraphError):
    """A document folder, a text or documents.csv is unusable."""


class KnowledgeError(GraphError):
    """A knowledge file is malformed or inconsistent."""


class RuleError(GraphError):
    """A rule file is malformed, or a rule pattern does not compile."""
