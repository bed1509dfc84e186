"""Who may do what (docs/architecture.md §9). Services call :func:`require` before reading or writing.

Roles:
- ``administrator``: everything, users, parameters, policy;
- ``samordnare``: own associations (``ctx.organisation_ids``): participants, worksites, tasks, hours, pay runs,
  slips, exports;
- ``handlaggare``: read the participants assigned to them (with full personnummer), simulate, income reports;
  no pay runs;
- ``granskare``: read-only reports and the audit log.
"""

from __future__ import annotations

from sysselsattning.i18n import _

PERMISSIONS: dict[str, frozenset[str]] = {
    "administrator": frozenset({"*"}),
    "samordnare": frozenset(
        {
            "registry.read",
            "registry.write",
            "participants.read",
            "participants.write",
            "time.read",
            "time.write",
            "payroll.read",
            "payroll.run",
            "payroll.approve",
            "payroll.pay",
            "slips",
            "export",
            "reports.read",
            "simulate",
            "income_report",
            "import",
        }
    ),
    "handlaggare": frozenset({"participants.read", "simulate", "income_report", "reports.read", "scenarios.write"}),
    "granskare": frozenset({"reports.read", "audit.read", "registry.read", "payroll.read"}),
}

#: Roles that see full personnummer in lists (others see ``19850412-****``).
FULL_PNR_ROLES = frozenset({"administrator", "handlaggare"})


class AccessDenied(PermissionError):
    """The acting user's role does not allow this."""


def can(ctx, permission: str, *, organisation_id: int | None = None, caseworker_id: int | None = None) -> bool:
    allowed = PERMISSIONS.get(ctx.role, frozenset())
    if "*" not in allowed and permission not in allowed:
        return False
    if ctx.role == "samordnare" and organisation_id is not None and ctx.organisation_ids is not None:
        return organisation_id in ctx.organisation_ids
    if ctx.role == "handlaggare" and permission == "participants.read" and caseworker_id is not None:
        return ctx.user_id is not None and caseworker_id == ctx.user_id
    return True


def require(ctx, permission: str, *, organisation_id: int | None = None, caseworker_id: int | None = None) -> None:
    if not can(ctx, permission, organisation_id=organisation_id, caseworker_id=caseworker_id):
        raise AccessDenied(
            _("Din roll ({role}) får inte göra detta ({permission}).").format(role=ctx.role, permission=permission)
        )


def sees_full_pnr(ctx) -> bool:
    return ctx.role in FULL_PNR_ROLES
