"""Printed documents the screens need from the report layer.

The UI never imports :mod:`sysselsattning.reports` or :mod:`sysselsattning.exports` itself (the layer contract
in ``pyproject.toml``): it asks here, in a worker thread, and gets PDF bytes or plain values back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sysselsattning.domain.payroll import is_locked
from sysselsattning.i18n import _
from sysselsattning.services import payroll
from sysselsattning.services.context import AppContext
from sysselsattning.services.errors import StateError


def payslips_pdf(
    ctx: AppContext,
    label: str,
    participant_id: int | None = None,
    organisation_id: int | None = None,
    *,
    preview: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[bytes, int]:
    """The pay slips of run ``label`` as one PDF, and how many slips it holds; ``progress(done, total)`` per slip.

    The one home of the slips rule (docs/architecture.md §11), for the command line and the GUI alike: slips
    are made for approved (or paid) runs. A draft run's slips only with ``preview``, and then every page says
    "FÖRHANDSGRANSKNING – inte godkänd"; without it a draft run raises :class:`StateError`.
    """
    from sysselsattning.reports.payslip import render

    run = payroll.get_run(ctx, label, organisation_id)
    if not is_locked(run.status) and not preview:
        raise StateError(
            _(
                "Lönekörningen {label} är inte godkänd. Lönebesked skrivs bara ut för godkända körningar "
                "(godkänn med: payroll approve --period {label})."
            ).format(label=run.label)
        )
    slips = payroll.slip_data(ctx, run.label, participant_id, organisation_id)
    total = len(slips)

    def report(done: int, _total: int) -> None:
        if progress is not None:
            progress(done, total)

    return render(slips, progress=report, title=_("Lönebesked {label}").format(label=label)), total


def cash_list_pdf(ctx: AppContext, label: str, organisation_id: int | None = None) -> tuple[bytes, int]:
    """The cash list of run ``label`` as a PDF, and how many participants it lists."""
    from sysselsattning.reports.cash_list import render

    data = payroll.cash_list_data(ctx, label, organisation_id)
    return render(data), len(data.rows)


def simulation_letter_pdf(*args: Any, **kwargs: Any) -> bytes:
    """The simulation letter (:func:`sysselsattning.reports.simulation_letter.render`'s arguments)."""
    from sysselsattning.reports.simulation_letter import render

    return render(*args, **kwargs)
