"""Streamlit dashboard of the district plan KPI monitor (pages, charts, cache, state)."""
