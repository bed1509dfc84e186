"""Tidrapportering: the time-recording page.

- :mod:`.page`: the page and its week tab (the keyboard-first week grid of one task);
- :mod:`.grid`: the grid's cell delegate, view and participant picker;
- :mod:`.entries`: the list of all recorded entries and the correction dialog.

The main window builds :class:`Page` (the page convention in :mod:`sysselsattning.ui.pages`).
"""

from sysselsattning.ui.pages.timesheet.page import Page

__all__ = ["Page"]
