"""The warehouse: the one door to DuckDB, loading, the archive of raw files, rebuild, rollback, audit."""
