"""The SARIF 2.1.0 schema shipped in tests/fixtures, and a validator for it."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

SARIF_SCHEMA = Path(__file__).resolve().parents[1] / "fixtures" / "sarif-schema-2.1.0.json"


@functools.cache
def sarif_validator() -> Any:
    """A validator of the schema's own draft, with format checks; the schema itself is checked first."""
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def sarif_errors(document: Any) -> list[str]:
    """Every schema violation in ``document``, as ``[path]: message`` lines (empty when valid)."""
    errors = sorted(sarif_validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    return [f"{list(e.absolute_path)}: {e.message}" for e in errors]
