"""Test suite of the KPI monitor."""
