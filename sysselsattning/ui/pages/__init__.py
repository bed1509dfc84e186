"""The screens of the main window, one module per page (docs/architecture.md §8).

Convention (every page module follows it; the main window relies on nothing else):

- The module ``sysselsattning/ui/pages/<module>.py`` defines ``class Page(QWidget)`` with
  ``__init__(self, ctx, parent=None)``; ``ctx`` is the :class:`~sysselsattning.services.context.AppContext`.
- The constructor is cheap: it builds widgets only. Loading data happens in ``refresh()`` (optional), which
  the main window calls once after building the page and again whenever the page is shown after a
  ``data_changed`` it did not handle. ``refresh()`` must start its database work with
  :func:`sysselsattning.ui.tasks.run_in_background` and return at once.
- Optional ``changed = Signal(object)``: emit a ``set[str]`` of change flags after a successful write; the
  main window re-broadcasts it as ``MainWindow.data_changed``.
- Optional ``on_data_changed(self, changes: set[str])``: called for every broadcast (also while hidden);
  reload what you show if one of your flags is in ``changes`` (``"all"`` means everything changed).
  Pages without it get ``refresh()`` the next time they are shown.
- Optional ``title`` attribute is not needed: the navigation owns the titles.
- A page never writes SQL: it calls services (``sysselsattning.services.*``).

Change flags in use: ``participants``, ``registry`` (associations, worksites, tasks, rates), ``time`` (work
entries), ``payroll`` (pay runs), ``parameters``, ``settings``, ``users``, ``scenarios``, ``all``.

Page keys (``gui --page``) and modules:

========================  =============  ================
key                       module         title
========================  =============  ================
``deltagare``             participants   Deltagare
``arbetsplatser``         worksites      Arbetsplatser och uppgifter
``tid``                   timesheet      Tidrapportering
``lon``                   payruns        Löneperioder
``simulering``            simulation     Simulering
``rapporter``             reports        Rapporter
``installningar``         settings       Inställningar
========================  =============  ================

A page that fails to build shows a placeholder with the error (the rest of the program keeps working).
"""
