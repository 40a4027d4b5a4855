"""Streamlit dashboard of the Plan 28/KH-UBND KPI monitor (pages, charts, cache, state)."""
