"""Writing results: strict JSON and all-or-nothing files.

A reader of plan.json must never meet `NaN` or `Infinity` (not JSON), and a failed run must not
leave a mix of old and new files or temporary `.part` files behind.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

from .errors import InputError


def _non_finite(data: Any) -> tuple[str, float] | None:
    """The path (a.b[2]) and value of the first float that is not finite, walked without recursion."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            return path or "(top)", value
        if isinstance(value, dict):
            items = [(f"{path}.{k}" if path else str(k), v) for k, v in value.items()]
        elif isinstance(value, (list, tuple)):
            items = [(f"{path}[{i}]", v) for i, v in enumerate(value)]
        else:
            continue
        stack.extend(reversed(items))  # first in document order is reported first
    return None


def dump_json(data: Any, where: str = "plan.json") -> str:
    """JSON text; a NaN or infinite number is an InputError naming its field path, never `Infinity`."""
    try:
        return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    except ValueError:
        found = _non_finite(data)
        if found is None:
            raise
        path, value = found
        raise InputError(path, value, "a finite number (the inputs lead to a value JSON cannot hold)", where) from None


def _fail(target: Path, exc: OSError | str) -> InputError:
    reason = exc if isinstance(exc, str) else (exc.strerror or type(exc).__name__)
    return InputError("--out", str(target), f"a writable place for the outputs ({reason})")


def _check_targets(out_dir: Path, names: list[str]) -> None:
    """Refuse before writing anything: every target must be a new or a regular file."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError("--out", str(out_dir), "a directory (a file of that name exists)")
    for name in names:
        final = out_dir / name
        if final.is_dir():
            raise InputError("--out", str(final), "a path for a file (a directory of that name is in the way)")
        if final.exists() and not final.is_file():
            raise InputError("--out", str(final), "a path for a regular file (something else is in the way)")


def check_out(out_dir: Path, names: list[str]) -> None:
    """Before minutes of work: the files could be written there (the directory can be made, or is a
    writable directory, and no target is in the way). Nothing is left behind."""
    out_dir = Path(out_dir)
    _check_targets(out_dir, names)
    created = _make_dir(out_dir)
    try:
        if not os.access(out_dir, os.W_OK | os.X_OK):
            raise InputError("--out", str(out_dir), "a directory you may write to (permission denied)")
    finally:
        _remove_dirs(created)


def _make_dir(out_dir: Path) -> list[Path]:
    """Create out_dir and missing parents; returns those created, deepest first, to undo."""
    missing = [p for p in [out_dir, *out_dir.parents] if not p.exists()]
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _remove_dirs([p for p in missing if p.exists()])
        raise _fail(out_dir, exc) from None
    return missing


def _remove_dirs(created: list[Path]) -> None:
    for path in created:  # deepest first
        try:
            path.rmdir()
        except OSError:
            pass


def _temp(out_dir: Path, name: str) -> Path:
    """A temporary name next to the target (same file system, so the rename is atomic)."""
    return out_dir / f".{name}.{os.getpid()}.part"


def _undo(out_dir: Path, placed: list[str], backups: dict[str, Path], parts: dict[str, Path]) -> None:
    """Best effort: new files out, old files back, temporaries gone."""
    for path in [*(out_dir / n for n in placed)]:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass
    for name, backup in backups.items():
        try:
            os.replace(backup, out_dir / name)
        except OSError:
            pass
    for part in parts.values():
        try:
            part.unlink(missing_ok=True)
        except OSError:
            pass


def write_outputs(out_dir: Path, files: dict[str, str | bytes]) -> list[Path]:
    """Write all files or none.

    Each file goes to a temporary `.part` name first; old files are moved aside, the new ones
    renamed into place, and on any failure the old ones come back and every temporary is removed.
    """
    if not str(out_dir).strip():
        raise InputError("--out", str(out_dir), "a directory name")
    out_dir = Path(out_dir)
    try:
        out_dir.exists()
    except (OSError, ValueError) as exc:
        raise InputError("--out", str(out_dir), f"a usable directory path ({type(exc).__name__})") from None
    _check_targets(out_dir, list(files))
    created = _make_dir(out_dir)
    parts: dict[str, Path] = {}
    backups: dict[str, Path] = {}
    placed: list[str] = []
    try:
        for name, text in files.items():
            parts[name] = _temp(out_dir, name)
            if isinstance(text, bytes):
                parts[name].write_bytes(text)
            else:
                parts[name].write_text(text, encoding="utf-8")
        for name in files:
            final = out_dir / name
            if final.exists():
                backup = _temp(out_dir, name + ".old")
                os.replace(final, backup)
                backups[name] = backup
            os.replace(parts[name], final)
            del parts[name]
            placed.append(name)
    except BaseException as exc:
        _undo(out_dir, placed, backups, parts)
        _remove_dirs(created)
        if isinstance(exc, OSError):
            raise _fail(out_dir, exc) from None
        raise
    for backup in backups.values():
        backup.unlink(missing_ok=True)
    return [out_dir / name for name in files]
