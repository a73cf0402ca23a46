"""One error type for bad input, so the CLI and the API can answer it the same way.

The message is always one short line: a 1 MB value or a deep structure must not flood the
terminal (or take seconds to render), so values go through a bounded repr and the parts are clipped.
"""

from __future__ import annotations

import reprlib

#: the longest message; with the CLI's "error: " prefix the line stays within 200 characters
MAX_MESSAGE = 192
_VALUE_ROOM = 60
_ALLOWED_ROOM = 60
_WHERE_ROOM = 60
_FIELD_ROOM = 40


class _Missing:
    """A value that was not given at all (a missing argument): shown as `got nothing`."""

    def __repr__(self) -> str:
        return "nothing"


MISSING = _Missing()


class _BoundedRepr(reprlib.Repr):
    """reprlib, also safe for ints too long to print (Python refuses > 4300 digits)."""

    def repr_int(self, x: int, level: int) -> str:
        try:
            return super().repr_int(x, level)
        except ValueError:
            return f"<a whole number of about {x.bit_length() * 3 // 10 + 1} digits>"


_repr = _BoundedRepr()
_repr.maxstring = _VALUE_ROOM
_repr.maxother = _VALUE_ROOM
_repr.maxlevel = 3


#: control characters (newlines, escapes) would break the one line: each becomes a space
_CONTROL = {c: " " for c in range(32)} | {127: " "}


def clip(text: str, limit: int, keep_end: bool = False) -> str:
    """`text` in at most `limit` characters; an ellipsis marks what was cut (the end, or the start)."""
    text = str(text).translate(_CONTROL)
    if len(text) <= limit:
        return text
    if keep_end:  # a long path: its file name matters most
        return "..." + text[len(text) - limit + 3:]
    return text[: max(limit - 3, 0)] + "..."


def shown(value: object, limit: int = _VALUE_ROOM) -> str:
    """A bounded repr of `value`: never renders a huge object in full."""
    try:
        text = _repr.repr(value)
    except Exception:  # a value whose repr fails must not hide the real error
        text = f"<{type(value).__name__}>"
    return clip(text, limit)


def render(field: str, value: object, allowed: str, where: str | None = None) -> str:
    """`where: field: got VALUE; allowed: ALLOWED` in at most MAX_MESSAGE characters."""
    value_s = shown(value)
    field_s, where_s, allowed_s = clip(str(field), 100), clip(str(where), 120, True) if where else None, str(allowed)

    def line() -> str:
        prefix = f"{where_s}: " if where_s else ""
        return f"{prefix}{field_s}: got {value_s}; allowed: {allowed_s}"

    allowed_s = clip(allowed_s, max(_ALLOWED_ROOM, MAX_MESSAGE - (len(line()) - len(allowed_s))))
    if len(line()) > MAX_MESSAGE:
        where_s = clip(where_s, _WHERE_ROOM, True) if where_s else None
        field_s, value_s = clip(field_s, _FIELD_ROOM), clip(value_s, 30)
        allowed_s = clip(str(allowed), max(_ALLOWED_ROOM, MAX_MESSAGE - (len(line()) - len(allowed_s))))
    return clip(line(), MAX_MESSAGE)


def invisible(text: str) -> str | None:
    """The first control or invisible formatting character in `text` (a bell, a zero-width space, a
    right-to-left override), as U+XXXX; None when there is none. Such characters in a name would reach
    the report, the memos and a terminal unseen, or reorder what a reader sees."""
    import unicodedata

    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs") and ch not in "\t\n":
            return f"U+{ord(ch):04X}"
    return None


class InputError(ValueError):
    """Bad user input: names the field, the value given and what is allowed."""

    def __init__(self, field: str, value: object, allowed: str, where: str | None = None):
        self.field = field
        self.value = value
        self.allowed = allowed
        self.where = where
        super().__init__(render(field, value, allowed, where))

    def __str__(self) -> str:
        # callers may extend args (e.g. "(also: ...)"): the line stays bounded all the same
        return clip(str(self.args[0]) if self.args else "", MAX_MESSAGE)
