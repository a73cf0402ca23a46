"""The sweep's DuckDB store: what was asked (meta), the design (inputs), the outcomes, and `samples`.

    meta(key, value)                      the command, scenario, dimensions and settings, as JSON
    design(id, seed, in_...)              every sample's inputs, written once with the meta
    outcomes(id, force, ..., nation_..)   one row per planned sample, written in batches
    samples                               a view: design joined with outcomes

The store is created in one transaction (meta and the whole design), and each batch of outcomes is
one transaction: a run killed at any point leaves whole batches, and the next run plans only the ids
that have no outcome row. `id` is the primary key of both tables, so no sample is stored twice.
The design lives in the store, so a resumed run never depends on re-drawing it.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from ..errors import InputError
from .inputs import Dim
from .runner import OUTCOMES, nation_column


@contextmanager
def transaction(con) -> Iterator[None]:
    """All or nothing: committed when the block ends, rolled back on any exception (a kill mid-block
    leaves DuckDB to roll back the open transaction when the file is next opened)."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


#: bumped when the tables change shape
FORMAT = 1

_SQL_TYPE = {"number": "DOUBLE", "integer": "BIGINT", "choice": "VARCHAR", "flag": "BOOLEAN", "percentile": "DOUBLE"}


def connect(path: str | Path, read_only: bool = False, field: str = "store"):
    import duckdb

    path = Path(path)
    if read_only and not path.is_file():
        raise InputError(field, str(path), "an existing sweep store (.duckdb) made by 'peaceforce sweep'")
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        raise InputError(field, str(path), f"a DuckDB file this process can open ({why(exc)})") from None


def why(exc: Exception) -> str:
    """DuckDB's reason in a few whole words (its messages run to lines, with paths and PIDs)."""
    text = str(exc)
    for needle, said in (("not a valid DuckDB database", "this file is not a DuckDB database"),
                         ("Could not set lock", "another process has it open"),
                         ("Permission denied", "permission denied"),
                         ("created with an older version", "made by an older DuckDB"),
                         ("newer version", "made by a newer DuckDB"),
                         ("storage version", "made by another DuckDB version"),
                         ("Is a directory", "it is a directory")):
        if needle.lower() in text.lower():
            return said
    head = text.splitlines()[0].split(": ", 1)[-1] if text else type(exc).__name__
    return head if len(head) <= 60 else head[:60].rsplit(" ", 1)[0] + " ..."


#: tables (and the view) a sweep store holds
TABLES = {"meta", "design", "outcomes", "samples"}
#: meta keys every sweep store has
META_KEYS = {"format", "command", "dims", "nations", "size"}


def contents(con) -> list[str]:
    """The tables and views in the file (schema-qualified outside `main`), sorted."""
    rows = con.execute("SELECT table_schema, table_name FROM information_schema.tables").fetchall()
    return sorted(n if s == "main" else f"{s}.{n}" for s, n in rows)


def check_sweep(con, path: str | Path, field: str = "store") -> None:
    """A file that is not a sweep store is refused naming what it holds: a sweep reads and writes only its
    own tables, never an analyst's database that happens to sit at the path."""
    found = contents(con)
    if not found:
        raise InputError(field, str(path), "a sweep store made by 'peaceforce sweep' (this DuckDB file is empty)")
    problem = None
    if not TABLES <= set(found):
        other = [t for t in found if t not in TABLES] or found
        problem = f"it holds {_listed(other)}, not a sweep's tables"
    else:
        try:
            keys = {k for (k,) in con.execute("SELECT key FROM meta").fetchall()}
            fmt = con.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
            if not META_KEYS <= keys:
                problem = "its meta table is not a sweep's"
            elif fmt is None or json.loads(fmt[0]) != FORMAT:
                problem = f"its format is {fmt[0] if fmt else 'unknown'}, this peaceforce reads {FORMAT}"
        except Exception:  # noqa: BLE001 - a meta table of another shape
            problem = "its meta table is not a sweep's"
    if problem:
        raise InputError(field, str(path), f"a sweep store made by 'peaceforce sweep' ({problem})")


def _listed(names: list[str], most: int = 3) -> str:
    shown = ", ".join(names[:most])
    return f"table {shown}" if len(names) == 1 else f"tables {shown}" + (f" and {len(names) - most} more" if len(names) > most else "")


def has_meta(con) -> bool:
    return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'").fetchone()[0])


def file_of(con) -> str:
    """The file `con` has open (for a message naming it)."""
    row = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    return str(row[0]) if row and row[0] else "the store"


def meta(con) -> dict[str, Any]:
    """The sweep's meta as a dict; a file that is not a sweep store is refused saying what it holds."""
    check_sweep(con, file_of(con))
    return {k: json.loads(v) for k, v in con.execute("SELECT key, value FROM meta").fetchall()}


def create(con, info: dict[str, Any], dims: list[Dim], nations: list[str], design_frame) -> None:
    """Tables, meta and the whole design in one transaction: a store has all of them or none."""
    cols = ", ".join(f'"{d.column}" {_SQL_TYPE[d.kind]}' for d in dims)
    outs = ", ".join([f"{k} {t}" for k, t in OUTCOMES.items()] + [f"{nation_column(c)} VARCHAR" for c in nations])
    with transaction(con):
        con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        con.execute(f"CREATE TABLE design (id INTEGER PRIMARY KEY, seed BIGINT{', ' + cols if cols else ''})")
        con.execute(f"CREATE TABLE outcomes (id INTEGER PRIMARY KEY, {outs})")
        con.execute("CREATE VIEW samples AS SELECT d.*, o.* EXCLUDE (id) FROM design d JOIN outcomes o USING (id)")
        con.executemany("INSERT INTO meta VALUES (?, ?)", [(k, json.dumps(v)) for k, v in info.items()])
        con.register("new_design", design_frame)
        con.execute("INSERT INTO design BY NAME SELECT * FROM new_design")
        con.unregister("new_design")


def write(con, rows: list[dict[str, Any]], nations: list[str]) -> None:
    """One batch of outcome rows, all or nothing."""
    import pandas as pd

    columns = ["id", *OUTCOMES, *(nation_column(c) for c in nations)]
    frame = pd.DataFrame([{c: r.get(c) for c in columns} for r in rows], columns=columns)
    for col, kind in OUTCOMES.items():  # an all-None column must still have the table's type
        if kind == "VARCHAR":
            frame[col] = frame[col].astype(object)
    with transaction(con):
        con.register("batch", frame)
        con.execute("INSERT INTO outcomes BY NAME SELECT * FROM batch")
        con.unregister("batch")


#: design rows read from the store at a time (a million pending samples are not held as Python rows)
CHUNK = 20_000


def pending(con, batch: int) -> Iterator[list[dict[str, Any]]]:
    """The design rows without an outcome, in id order, `batch` at a time (read `CHUNK` at a time)."""
    ids = con.execute("SELECT d.id FROM design d ANTI JOIN outcomes o USING (id) ORDER BY d.id").fetchnumpy()["id"]
    for start in range(0, len(ids), CHUNK):
        part = ids[start:start + CHUNK]
        frame = con.execute("SELECT * FROM design WHERE id BETWEEN ? AND ? ORDER BY id",
                            [int(part[0]), int(part[-1])]).df()
        records = frame[frame["id"].isin(part)].to_dict("records")
        for i in range(0, len(records), batch):
            yield records[i:i + batch]


def counts(con) -> tuple[int, int, int]:
    """(design rows, outcome rows, outcome rows with an error)."""
    n = con.execute("SELECT count(*) FROM design").fetchone()[0]
    done, errors = con.execute("SELECT count(*), count(error) FROM outcomes").fetchone()
    return int(n), int(done), int(errors)


def frame(con):
    """Every planned sample, inputs and outcomes, as a pandas frame in id order."""
    return con.execute("SELECT * FROM samples ORDER BY id").df()


def row(con, sample_id: int) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """(the design row, its outcome row or None) of one sample."""
    d = con.execute("SELECT * FROM design WHERE id = ?", [sample_id]).df().to_dict("records")
    if not d:
        n = con.execute("SELECT count(*) FROM design").fetchone()[0]
        raise InputError("ID", sample_id, f"a sample id from 0 to {n - 1}")
    o = con.execute("SELECT * FROM outcomes WHERE id = ?", [sample_id]).df().to_dict("records")
    return d[0], (o[0] if o else None)


def export_parquet(con, out: Path, rows_per_part: int = 100_000) -> Path:
    """The samples view as Parquet, hive-partitioned by `part` = id // rows_per_part: each part a
    directory DuckDB, pandas or Spark read together (read_parquet('DIR/**/*.parquet', hive_partitioning=true))."""
    target = out / "samples"
    if target.exists():
        import shutil

        shutil.rmtree(target)
    con.execute(f"COPY (SELECT *, id // {int(rows_per_part)} AS part FROM samples) TO '{_quote(target)}' "
                "(FORMAT PARQUET, PARTITION_BY (part))")
    return target


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")


__all__ = ["connect", "contents", "check_sweep", "create", "write", "pending", "counts", "frame", "row", "meta", "has_meta", "export_parquet"]
