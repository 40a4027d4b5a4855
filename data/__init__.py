"""Data layer: plan catalog, file reading and normalisation, the DuckDB warehouse, loading."""
