"""An indicator's meaning comes from the registry; its plan basis only with its own plan."""

from __future__ import annotations

import pytest

from data import catalog
from metrics import api


@pytest.mark.parametrize(("year", "shown"), [(None, True), (2023, True), (2024, False)])
def test_plan_basis_only_for_the_plan_it_quotes(year, shown):
    """Test that an indicator's plan section is given only with the plan it was written for."""
    assert catalog.load_registry().basis_plan_year == 2023
    meaning = api.indicator_meaning("pci_diem", year)
    assert (meaning["basis"] is not None) == shown
    assert meaning["basis"] is None or meaning["basis"].startswith("Mục")
    assert meaning["definition"] and meaning["formula"]
