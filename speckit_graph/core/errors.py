"""Exceptions for "the tool cannot run"; problems in specs are findings, never exceptions."""

from __future__ import annotations


class SpeckitGraphError(Exception):
    """Root of every error the CLI turns into a one-line message and exit code 2."""


class ConfigError(SpeckitGraphError):
    """The configuration is invalid; carries every problem found, not just the first."""

    def __init__(self, source: str, errors: list[str]) -> None:
        self.source = source
        self.errors = errors
        super().__init__(f"{source}: " + "; ".join(errors))

    def __str__(self) -> str:
        if len(self.errors) == 1:
            return f"invalid configuration in {self.source}: {self.errors[0]}"
        lines = [f"invalid configuration in {self.source} ({len(self.errors)} problems):"]
        lines.extend(f"  - {error}" for error in self.errors)
        return "\n".join(lines)


class UsageError(SpeckitGraphError):
    """The command line asks for something impossible (unknown rule, missing path)."""
