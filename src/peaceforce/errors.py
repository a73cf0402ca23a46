"""One error type for bad input, so the CLI and the API can answer it the same way."""

from __future__ import annotations


class InputError(ValueError):
    """Bad user input: names the field, the value given and what is allowed."""

    def __init__(self, field: str, value: object, allowed: str, where: str | None = None):
        self.field = field
        self.value = value
        self.allowed = allowed
        self.where = where
        prefix = f"{where}: " if where else ""
        shown = repr(value) if not isinstance(value, str) or len(value) < 120 else repr(value[:117] + "...")
        super().__init__(f"{prefix}{field}: got {shown}; allowed: {allowed}")
