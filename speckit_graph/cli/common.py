"""What every command shares: error boundary, output, option parsing helpers."""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

from speckit_graph.cli.coercion import install as install_quick_conversion
from speckit_graph.core.errors import SpeckitGraphError
from speckit_graph.render.registry import error_text

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def fail(message: str) -> typer.Exit:
    """Print a one-line error to stderr (user text escaped for the terminal) and return the exit to raise (code 2)."""
    typer.echo(f"speckit-graph: error: {error_text(message)}", err=True)
    return typer.Exit(EXIT_ERROR)


def print_notes(notes: Iterable[str], label: str = "note: ") -> None:
    """The one-line remarks of a use case on stderr, user text escaped for the terminal."""
    for note in notes:
        typer.echo(f"speckit-graph: {label}{error_text(note)}", err=True)


def error_boundary(command: F) -> F:
    """Known errors become one line and exit 2; so does anything unexpected (no traceback)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except SpeckitGraphError as exc:
            raise fail(str(exc)) from None
        except BrokenPipeError:  # `speckit-graph check | head`: the reader left, nothing to report
            sys.stderr.close()
            raise typer.Exit(EXIT_OK) from None
        except KeyboardInterrupt:
            typer.echo("speckit-graph: interrupted", err=True)
            raise typer.Exit(130) from None
        except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
            if os.environ.get("SPECKIT_GRAPH_DEBUG"):
                raise
            where = _innermost_frame(exc)
            raise fail(
                f"internal error: {type(exc).__name__}: {exc} ({where}); "
                "please report it, and set SPECKIT_GRAPH_DEBUG=1 to see the traceback"
            ) from None

    return wrapper  # type: ignore[return-value]


def _innermost_frame(exc: BaseException) -> str:
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return "unknown location"
    return f"{Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}"


def split_list(values: Sequence[str] | None) -> list[str] | None:
    """``--select SG1,SG203 --select SG4`` -> ["SG1", "SG203", "SG4"]; None when not given."""
    if values is None:
        return None
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def use_color(no_color: bool, stream: Any = None) -> bool:
    if no_color or os.environ.get("NO_COLOR"):
        return False
    stream = stream if stream is not None else sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def write_output(text: str | bytes, output: Path | None, markup: bool = False) -> None:
    """Write to a file or stdout: text as UTF-8 (rich markup rendered when on a terminal), bytes as they are."""
    if output is not None:
        try:
            if isinstance(text, bytes):
                output.write_bytes(text)
            else:
                output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise fail(f"cannot write {output}: {exc.strerror or exc}") from None
        return
    if isinstance(text, bytes):
        sys.stdout.buffer.write(text)
        sys.stdout.flush()
    elif markup:
        from rich.console import Console

        Console(highlight=False, soft_wrap=True).print(text, end="")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


class _PlainFlags:
    """No Python type names in --help: flags show no placeholder (typer prints ``<bool>``), arguments
    only their metavar (typer adds ``<str>``, ``<path>``)."""

    def get_params(self, ctx: Any) -> Any:
        params = super().get_params(ctx)  # type: ignore[misc]
        install_quick_conversion(params)
        for param in params:
            if getattr(param, "is_flag", False) and param.metavar is None:
                param.metavar = ""
            elif isinstance(param, TyperArgument) and param.metavar is not None:
                setattr(param, "display_type_rich", _no_type)  # noqa: B010 - an instance override of typer's type column
        return params


def _no_type(ctx: Any) -> None:
    return None


class Command(_PlainFlags, TyperCommand):
    """Every subcommand: plain flags in --help."""


class Group(_PlainFlags, TyperGroup):
    """The ``speckit-graph`` group: plain flags in --help (``--install-completion``, ``--help``)."""


#: typer reports bad values in pydantic's words; these say the same in the user's.
_PLAIN_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^Value error, (.*?)\.?$"), r"\1"),
    (re.compile(r"^Input should be greater than or equal to (\S+)$"), r"must be at least \1"),
    (re.compile(r"^Input should be less than or equal to (\S+)$"), r"must be at most \1"),
    (re.compile(r"^Input should be a valid integer.*"), "expects a whole number"),
    (re.compile(r"^Input should be a valid number.*"), "expects a number"),
)
_NO_SUCH_COMMAND = re.compile(r"^No such command '([^']*)'\. Did you mean '([^']*)'.*")
_QUOTED_CHOICES = re.compile(r"is not one of ((?:'[^']*'(?:, )?)+)")


def plain_usage_message(exc: typer.TyperException) -> str:
    """One line for a usage error.

    ``--format: 'xml' is not one of text, json``; ``no such option --fromat; did you mean --format?``.
    """
    option_name = getattr(exc, "option_name", None)
    if isinstance(option_name, str) and hasattr(exc, "possibilities"):  # a mistyped option: name the closest real one
        possibilities = list(getattr(exc, "possibilities", None) or ())
        hint = f"; did you mean {possibilities[0]}?" if possibilities else ""
        return f"no such option {option_name}{hint}"
    if isinstance(exc, typer.BadParameter) and exc.param is not None and exc.param_hint is None and exc.message:
        message = exc.message
        for pattern, replacement in _PLAIN_WORDS:
            message = pattern.sub(replacement, message)
        message = _QUOTED_CHOICES.sub(lambda m: "is not one of " + m.group(1).replace("'", ""), message)
        opts = [opt for opt in exc.param.opts if opt.startswith("--")]
        name = opts[0] if opts else (exc.param.metavar or exc.param.name or "value")
        return " ".join(f"{name}: {message}".split())
    message = " ".join(_NO_SUCH_COMMAND.sub(r"no such command \1; did you mean \2?", exc.format_message()).split())
    return message[:1].lower() + message[1:].removesuffix(".")
