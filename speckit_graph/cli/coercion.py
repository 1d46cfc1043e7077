"""Option values converted without pydantic when the conversion is trivial.

typer (0.2x) converts every parameter through a pydantic ``TypeAdapter``, built on first use,
even for a default of ``None``: importing pydantic and building the adapters is about 0.1 s
of CPU, a fifth of a small repository's whole ``check``. Our options are paths, strings,
choices, flags and numbers; for a well-formed value the conversion is a single step that
typer's own helpers (``coerce_cli_choice``, ``coerce_cli_path``) do without pydantic. Anything
else (a value that does not convert, a constraint, a type we do not know) goes to typer's
adapter, so error messages and edge cases stay typer's.

typer's parameter conversion is not public API: :func:`install` only replaces what it
recognises and leaves every parameter alone otherwise (slower, never different).
"""

from __future__ import annotations

import enum
import re
from pathlib import Path
from typing import Any

try:  # pragma: no branch - which one depends on the installed typer
    from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
    from typer._param_types import coerce_cli_choice, coerce_cli_path, lenient_issubclass
    from typer._typing import get_args, get_origin
    from typer.core import _TyperParameter
except ImportError:  # another typer: keep its conversion everywhere
    _TyperParameter = None  # type: ignore[assignment,misc]

_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_DECIMAL = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?\Z")


class _Slow(Exception):
    """This value needs typer's own conversion (an error to report, a constraint, an unusual type)."""


def install(params: list[Any]) -> None:
    """Give each typer parameter that has not converted a value yet the quick conversion."""
    if _TyperParameter is None:
        return
    for param in params:
        if isinstance(param, _TyperParameter) and getattr(param, "_runtime_param", False) is None:
            param._runtime_param = QuickRuntimeParam.of(param.type_descriptor)


if _TyperParameter is not None:

    class QuickRuntimeParam(RuntimeParam):
        """typer's conversion contract; converts simple values itself and defers the rest."""

        descriptor: TypeDescriptor
        _slow: list[RuntimeParam]

        @classmethod
        def of(cls, descriptor: TypeDescriptor) -> QuickRuntimeParam:
            quick = cls(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation)
            object.__setattr__(quick, "descriptor", descriptor)
            object.__setattr__(quick, "_slow", [])
            return quick

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if self.parameter_info.parser is None and self.descriptor.file_annotation is None:
                try:
                    return self._quick(self.annotation, value, param, ctx)
                except _Slow:
                    pass
            if not self._slow:  # typer's adapter, built once (imports pydantic)
                self._slow.append(build_runtime_param(self.descriptor))
            return self._slow[0]._coerce_value(value, param=param, ctx=ctx)

        def _quick(self, annotation: Any, value: Any, param: Any, ctx: Any) -> Any:
            """The value typer's adapter would return, in the order its adapter builder tests types."""
            if get_origin(annotation) is list:
                (item_type,) = get_args(annotation)
                items = value if isinstance(value, (list, tuple)) else [value]
                return [self._quick(item_type, item, param, ctx) for item in items]
            if lenient_issubclass(annotation, enum.Enum):
                try:
                    return coerce_cli_choice(
                        value, choices=list(annotation), case_sensitive=self.parameter_info.case_sensitive, ctx=ctx
                    )
                except ValueError:
                    raise _Slow from None
            if annotation is bool and isinstance(value, bool):
                return value
            if annotation is int and self._plain_number():
                if type(value) is int:
                    return value
                if isinstance(value, str) and _INTEGER.match(value):
                    return int(value)
            if annotation is float and self._plain_number():
                if type(value) is float:
                    return value
                if isinstance(value, str) and _DECIMAL.match(value):
                    return float(value)
            if annotation is str and isinstance(value, str):
                return value
            if lenient_issubclass(annotation, Path) and self.parameter_info.path_type is None:
                path = value if isinstance(value, annotation) else annotation(value) if isinstance(value, str) else None
                if path is not None:
                    try:  # the checks a parameter asks for (exists, dir_okay...): a failure is reported by typer
                        return coerce_cli_path(path, self.parameter_info, path_type=annotation, param=param, ctx=ctx)
                    except Exception:  # noqa: BLE001 - typer's conversion raises the error the user sees
                        raise _Slow from None
            raise _Slow

        def _plain_number(self) -> bool:
            info = self.parameter_info
            return info.min is None and info.max is None and not info.clamp
