"""Simulering: the caseworker's simulator page, as four widgets the page puts together.

- :mod:`.editor`: the scenario form (household, costs, incomes, benefits, tax, cap policy, planned work);
- :mod:`.toolbar`: which view of the year to show; save / open / compare / the letter;
- :mod:`.results_table`: the month-by-month table and its model;
- :mod:`.result_charts`: money to live on against arvode, and the year's cap use;
- :mod:`.compare`: two saved scenarios side by side;
- :mod:`.page`: the page (loading, the debounced recompute, saved scenarios, printing).

The main window builds :class:`Page` (the page convention in :mod:`sysselsattning.ui.pages`).
"""

from sysselsattning.ui.pages.simulation.common import kept_per_krona_text, short_warning
from sysselsattning.ui.pages.simulation.compare import CompareDialog
from sysselsattning.ui.pages.simulation.page import Page
from sysselsattning.ui.pages.simulation.results_table import MonthTableModel

__all__ = ["CompareDialog", "MonthTableModel", "Page", "kept_per_krona_text", "short_warning"]
