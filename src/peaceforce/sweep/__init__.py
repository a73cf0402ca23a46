"""Sweeps: many plans over everything uncertain, stored in DuckDB and analysed (issue 15).

`space` holds the scenario's `uncertain:` block (imported by scenario.py, so it stays light);
`inputs` turns it into the sweep's dimensions, `sampling` into a design, `runner` plans each sample,
`backends` runs batches in a local process pool or on Dask, `store` keeps the rows in DuckDB,
`run` strings these together; `analysis`, `prim`, `charts` and `page` read a finished store.
Nothing here is imported by `peaceforce plan`: DuckDB, SALib and Dask load only when a sweep runs.
"""
